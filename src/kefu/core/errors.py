"""Domain errors: the one way a service refuses bad input or a forbidden move."""

from __future__ import annotations

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A refusal with a stable code and a message for the user (already translated)."""

    status = 400

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.fields = {k: str(v) for k, v in (fields or {}).items()}

    def as_dict(self) -> dict[str, object]:
        return {"error": self.code, "message": self.message, "fields": self.fields}


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 422


def storage_unavailable_message() -> str:
    """What a person is told when the database refuses to write (read-only, full, gone)."""
    return _(
        "Kefu cannot save right now (the database is read-only, full or unreachable). "
        "Nothing was changed; try again in a moment or tell an administrator."
    )
