"""A tiny IMAP4rev1 server for the tests: LOGIN, SELECT, UID SEARCH/FETCH/STORE, LOGOUT.

It keeps one mailbox of raw messages with their ``\\Seen`` flag, speaks the protocol over a
real socket on 127.0.0.1, and answers literals the way Dovecot does.
"""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Mailbox:
    user: str = "support@kefu-shop.cn"
    password: str = "imap-test-pass"
    messages: list[tuple[bytes, set[str]]] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)

    def add(self, raw: bytes) -> int:
        self.messages.append((raw, set()))
        return len(self.messages)


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, text: str | bytes) -> None:
        self.wfile.write(text if isinstance(text, bytes) else text.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("* OK [CAPABILITY IMAP4rev1] test server ready")
        while line := self.rfile.readline():
            tag, _space, rest = line.decode().rstrip("\r\n").partition(" ")
            command, _space, args = rest.partition(" ")
            self.server.mailbox.commands.append(f"{command.upper()} {args}".strip())
            if not self.dispatch(tag, command.upper(), args):
                return

    def dispatch(self, tag: str, command: str, args: str) -> bool:
        box = self.server.mailbox
        if command == "CAPABILITY":
            self.reply("* CAPABILITY IMAP4rev1")
        elif command == "LOGIN":
            user, password = (a.strip('"') for a in args.split(" ", 1))
            if (user, password) != (box.user, box.password):
                self.reply(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
                return True
        elif command == "SELECT":
            self.reply(f"* {len(box.messages)} EXISTS")
            self.reply("* FLAGS (\\Seen)")
        elif command == "UID":
            self.uid(args)
        elif command == "LOGOUT":
            self.reply("* BYE logging out")
            self.reply(f"{tag} OK LOGOUT completed")
            return False
        else:
            self.reply(f"{tag} BAD unknown command")
            return True
        self.reply(f"{tag} OK {command} completed")
        return True

    def uid(self, args: str) -> None:
        box = self.server.mailbox
        sub, _space, rest = args.partition(" ")
        if sub.upper() == "SEARCH":
            unseen = [
                str(i + 1) for i, (_r, flags) in enumerate(box.messages) if "\\Seen" not in flags
            ]
            self.reply("* SEARCH" + "".join(f" {u}" for u in unseen))
        elif sub.upper() == "FETCH":
            uid = int(rest.split(" ", 1)[0])
            raw = box.messages[uid - 1][0]
            self.reply(
                f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}".encode()
                + b"\r\n"
                + raw
                + b")\r\n"
            )
        elif sub.upper() == "STORE":
            uid = int(rest.split(" ", 1)[0])
            flags = set(re.findall(r"\\\w+", rest))
            box.messages[uid - 1][1].update(flags)
            self.reply(f"* {uid} FETCH (UID {uid} FLAGS ({' '.join(sorted(flags))}))")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: Mailbox) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.mailbox = mailbox


class ImapServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self._server = _Server(self.mailbox)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ImapServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
