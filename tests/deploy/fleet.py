"""A small production fleet for the deployment tests: N `kefu serve` and M `kefu worker`
processes on one PostgreSQL database of their own, and a local SMS gateway that records
every message it is asked to send."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clone_database(settings: dict[str, Any], name: str) -> str:
    """A new database ``name`` copied from the (migrated) test database; returns its URL."""
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    admin = f"postgres://{user}@{host}:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
    return urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


class SmsGateway(ThreadingHTTPServer):
    """Answers like a real gateway and keeps every request body."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SmsHandler)
        self.received: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/send"


class _SmsHandler(BaseHTTPRequestHandler):
    server: SmsGateway

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.server.lock:
            self.server.received.append(body)
        answer = json.dumps({"code": "OK", "message_id": f"gw-{body['out_id']}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Fleet:
    database_url: str
    env: dict[str, str]
    logs: Path
    web: list[tuple[int, subprocess.Popen[bytes]]] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        out = (self.logs / f"{name}.log").open("wb")
        return subprocess.Popen(  # ours: stopped in stop()
            [sys.executable, "-m", "kefu.cli", *args],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's master and worker
        )

    def start(self, *, web: int, workers: int) -> None:
        for n in range(web):
            port = free_port()
            bind = f"127.0.0.1:{port}"
            args = ["serve", "--bind", bind, "--workers", "1", "--threads", "4"]
            self.web.append((port, self._spawn(f"web{n}", args)))
        for n in range(workers):
            self.workers.append(self._spawn(f"worker{n}", ["worker", "--interval", "0.2"]))
        for port, process in self.web:
            wait_until_serving(port, process)

    def kill_web(self, index: int) -> None:
        """SIGKILL the whole web process (gunicorn master and worker): no graceful anything."""
        os.killpg(self.web[index][1].pid, signal.SIGKILL)
        self.web[index][1].wait(timeout=10)

    def stop(self) -> None:
        for process in [p for _port, p in self.web] + self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [p for _port, p in self.web] + self.workers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")


def wait_until_serving(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kefu serve on {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"kefu serve on {port} did not answer within 60 s")


def seed(env: dict[str, str]) -> dict[str, Any]:
    """Users, a token, customers and the calendar in the fleet's database (another process:
    this one is connected to the test database)."""
    finished = subprocess.run(
        [sys.executable, "-m", "tests.deploy.seed"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"seeding the fleet's database failed:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])
