"""The reply checker over the API, for the composers (G-01, G-02)."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Router

from kefu.core.permissions import require
from kefu.quality.checker import check_opening, check_reply
from kefu.quality.models import PhraseCategory
from kefu.quality.schemas import OpeningCheckOut, ReplyCheckOut, TextIn

router = Router(tags=["service quality"])


def _label(category: str) -> str:
    return str(PhraseCategory(category).label) if category in PhraseCategory.values else category


@router.post("/quality/check-reply", response=ReplyCheckOut)
def check_reply_endpoint(request: HttpRequest, body: TextIn) -> dict[str, object]:
    """Banned phrases and over-promises in a draft reply, each with a positive alternative."""
    require(request.user, "quality.check")  # type: ignore[arg-type]
    findings = [{**asdict(f), "category_label": _label(f.category)} for f in check_reply(body.text)]
    return {"ok": not findings, "findings": findings}


@router.post("/quality/check-opening", response=OpeningCheckOut)
def check_opening_endpoint(request: HttpRequest, body: TextIn) -> dict[str, bool]:
    """Whether an opening has a greeting, a self-introduction and a service intent."""
    require(request.user, "quality.check")  # type: ignore[arg-type]
    result = check_opening(body.text)
    return {**asdict(result), "complete": result.complete}
