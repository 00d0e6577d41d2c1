"""Optimistic locking: an update names the version it read; a stale one is refused with 409."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Model
from django.utils.translation import gettext as _

from kefu.core.errors import Conflict


def save_if_current(obj: Model, expected_version: int | None, fields: list[str]) -> None:
    """Write ``fields`` of ``obj`` only if nobody saved it since ``expected_version`` was read.

    ``None`` means the caller did not read a version (internal steps); the write still bumps it.
    """
    manager: Any = type(obj)._default_manager
    filters: dict[str, Any] = {"pk": obj.pk}
    if expected_version is not None:
        filters["version"] = expected_version
    values = {f: getattr(obj, f) for f in fields}
    if not manager.filter(**filters).update(version=F("version") + 1, **values):
        raise Conflict(
            "stale_version",
            _(
                "Someone else changed this record while you were editing it. "
                "Reload to see their changes, then apply yours again."
            ),
            {"version": _("stale")},
        )
    if expected_version is not None:
        obj.version = expected_version + 1  # type: ignore[attr-defined]
    else:
        obj.version = manager.filter(pk=obj.pk).values_list("version", flat=True).get()  # type: ignore[attr-defined]
