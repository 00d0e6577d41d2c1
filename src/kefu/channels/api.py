"""The channels router of the JSON API (`/api/v1/`): the email quarantine (admins)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from kefu.channels import queries, services
from kefu.channels.schemas import QuarantinedDetail, QuarantinedOut, QuarantineFilter, RerunOut
from kefu.core.pagination import Page, page

router = Router(tags=["channels"])


@router.get("/email-quarantine", response=Page[QuarantinedOut])
def quarantine(request: HttpRequest, filters: Query[QuarantineFilter]) -> dict[str, object]:
    """Emails that could not be filed; `?status=released` for those filed after a re-run."""
    qs = queries.quarantine_list(request.user, status=filters.status)  # type: ignore[arg-type]
    return page(qs, limit=filters.limit, offset=filters.offset)


@router.get("/email-quarantine/{quarantined_id}", response=QuarantinedDetail)
def quarantined(request: HttpRequest, quarantined_id: int) -> dict[str, object]:
    """One held email with the raw message, to see why it failed."""
    row = queries.quarantined(request.user, quarantined_id)  # type: ignore[arg-type]
    raw = bytes(row.raw).decode("utf-8", errors="backslashreplace")
    return {**QuarantinedOut.from_orm(row).dict(), "raw": raw}


@router.post("/email-quarantine/{quarantined_id}/rerun", response=RerunOut)
def rerun(request: HttpRequest, quarantined_id: int) -> dict[str, object]:
    """File a held email again; it stays held (attempts + 1) if it still fails."""
    filed = services.release_quarantined(actor=request.user, quarantined_id=quarantined_id)  # type: ignore[arg-type]
    row = queries.quarantined(request.user, quarantined_id)  # type: ignore[arg-type]
    record = filed.record
    return {
        "outcome": filed.outcome,
        "ticket_id": record.ticket_id if record is not None else None,
        "quarantine": row,
    }
