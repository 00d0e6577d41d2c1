"""`Idempotency-Key` on API creates: a retried request gets the first answer, nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.responses import Status
from pydantic import BaseModel

from kefu.core.errors import Conflict, InvalidInput
from kefu.core.models import IdempotencyKey

HEADER = "HTTP_IDEMPOTENCY_KEY"


def idempotent_create(
    request: HttpRequest, create: Callable[[], Any], out: type[BaseModel], *, status: int = 201
) -> Status[Any]:
    """Run ``create`` once per (user, Idempotency-Key); replay its stored answer on a retry.

    Without the header the create simply runs. The key and the created record commit together.
    """
    key = request.META.get(HEADER, "").strip()
    if not key:
        return Status(status, create())
    if len(key) > 100:
        raise InvalidInput("idempotency_key", _("Idempotency-Key is at most 100 characters."))
    endpoint = f"{request.method} {request.path}"
    stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
    if stored is not None:
        return _replay(stored, endpoint)
    try:
        with transaction.atomic():
            body = out.model_validate(create(), from_attributes=True).model_dump(mode="json")
            IdempotencyKey.objects.create(
                user=request.user, key=key, endpoint=endpoint, status=status, response=body
            )
    except IntegrityError:
        # A concurrent request with the same key won; answer what it answered.
        return _replay(IdempotencyKey.objects.get(user=request.user, key=key), endpoint)
    return Status(status, body)


def _replay(stored: IdempotencyKey, endpoint: str) -> Status[Any]:
    if stored.endpoint != endpoint:
        raise Conflict(
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for another request."),
        )
    return Status(stored.status, stored.response)
