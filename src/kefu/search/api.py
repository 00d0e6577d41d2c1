"""Search over the API: `GET /api/v1/search?q=退款&kinds=ticket` — one call to ``search``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from kefu.search.queries import Results, search
from kefu.search.schemas import ResultsOut, SearchFilter

router = Router(tags=["search"])


@router.get("/search", response=ResultsOut)
def search_records(request: HttpRequest, filters: Query[SearchFilter]) -> Results:
    """Tickets, customers and knowledge articles you may see that contain every word of `q`,
    best first; the words are marked in `title` and `snippet`."""
    return search(
        request.user,  # type: ignore[arg-type]
        filters.q,
        kinds=filters.kinds,
        limit=filters.limit,
        offset=filters.offset,
    )
