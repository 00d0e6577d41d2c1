"""Channel backends for tests: record what would have left the machine, or fail on purpose."""

from __future__ import annotations

import os

from kefu.notify.backends import SendError
from kefu.notify.models import Message

SENT: list[tuple[int, str, str]] = []


class RecordingBackend:
    """Keeps (message id, recipient, body) of every send in ``SENT``."""

    def send(self, message: Message) -> str:
        SENT.append((message.pk, message.recipient, message.body))
        return f"rec-{message.pk}"


class FailingBackend:
    """A gateway that is down and names the number in its error, as real ones do."""

    def send(self, message: Message) -> str:
        raise SendError(f"gateway down, could not reach {message.recipient}")


class FileRecordingBackend:
    """For worker processes: appends the message id to the file in KEFU_TEST_SENT_FILE."""

    def send(self, message: Message) -> str:
        fd = os.open(os.environ["KEFU_TEST_SENT_FILE"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{message.pk}\n".encode())
        finally:
            os.close(fd)
        return f"file-{message.pk}"
