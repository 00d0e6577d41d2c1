"""What the ticket pages share: the signed-in actor and loading a ticket the actor may see."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kefu.core.errors import NotFound
from kefu.core.models import User
from kefu.tickets import queries
from kefu.tickets.models import Ticket


def actor(request: HttpRequest) -> User:
    """The signed-in user; every view that calls this is behind ``login_required``."""
    return request.user  # type: ignore[return-value]


def load(request: HttpRequest, number: str, *, page: bool = False) -> Ticket:
    """The ticket numbered ``number`` if the user may see it; 404 (existence not told).
    ``page``: with what its page shows (``queries.ticket_page``)."""
    try:
        if page:
            return queries.ticket_page(actor(request), number)
        return queries.ticket_detail(actor(request), number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
