"""What the complaint endpoints share: the actor, loading a complaint, the detail answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from kefu.complaints import queries
from kefu.complaints.models import Complaint
from kefu.complaints.schemas import detail_data
from kefu.core.models import User


def actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def load(request: HttpRequest, number: str) -> Complaint:
    """The complaint ``number`` if the user may see it; 404 otherwise."""
    return queries.complaint_detail(actor(request), number)


def detail(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The detail answer, read fresh after a change."""
    fresh = queries.complaint_detail(actor(request), complaint.number)
    return detail_data(fresh, actor(request))


def act(
    request: HttpRequest, number: str, call: Callable[[User, Complaint], object]
) -> dict[str, Any]:
    """Load the complaint, make the one service call, answer the detail."""
    complaint = load(request, number)
    call(actor(request), complaint)
    return detail(request, complaint)
