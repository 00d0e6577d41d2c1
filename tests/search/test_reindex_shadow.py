"""A full reindex builds a shadow index while the old one answers, swaps it in when complete,
resumes after an interruption from its last batch, and keeps the changes made meanwhile."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kefu.search import rebuild as rebuilding
from kefu.search import shadow
from kefu.search.models import IndexBuild, SearchDocument
from kefu.search.rebuild import rebuild
from kefu.search.services import index_documents, remove_document
from kefu.tickets.handlers import ticket_search_document
from kefu.tickets.models import Ticket
from tests.search.conftest import found, index_tickets
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.req("N-01")


class Interrupted(Exception):
    pass


def reword(ticket: Ticket, description: str) -> None:
    """Change the record behind the index's back, so old and new index differ."""
    Ticket.objects.filter(pk=ticket.pk).update(description=description)


def test_searches_during_a_reindex_answer_from_the_old_index_until_the_swap(supervisor):
    ticket = TicketFactory(description="申请退款")
    index_tickets(ticket)
    reword(ticket, "申请换货")
    during = []

    def search_now(build):
        during.append((found(supervisor, "退款"), found(supervisor, "换货"), shadow.exists()))

    rebuild(["ticket"], out=StringIO(), workers=1, on_batch=search_now)

    assert during == [([ticket.pk], [], True)]
    assert (found(supervisor, "退款"), found(supervisor, "换货")) == ([], [ticket.pk])
    assert not shadow.exists()
    assert not IndexBuild.objects.exists()


def test_an_interrupted_reindex_resumes_after_its_last_completed_batch(supervisor, monkeypatch):
    monkeypatch.setattr(rebuilding, "BATCH", 2)
    tickets = [TicketFactory(description="屏幕破损") for _n in range(5)]
    index_tickets(*tickets)
    for ticket in tickets:
        reword(ticket, "电池鼓包")
    written = []

    def stop_after_two(build):
        written.append(build.last_object_id)
        if len(written) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        rebuild(["ticket"], out=StringIO(), workers=1, on_batch=stop_after_two)

    build = IndexBuild.objects.get()
    assert (build.kind, build.last_object_id, build.written) == ("ticket", tickets[3].pk, 4)
    assert found(supervisor, "屏幕") == [t.pk for t in reversed(tickets)]  # still the old one
    assert found(supervisor, "电池") == []
    resumed = []

    outcome = rebuild(
        ["ticket"], out=StringIO(), workers=1, on_batch=lambda b: resumed.append(b.last_object_id)
    )

    assert outcome.resumed_after == ("ticket", tickets[3].pk)
    assert (resumed, outcome.written) == ([tickets[4].pk], 1)
    assert outcome.counts == {"ticket": (5, 0)}
    assert found(supervisor, "电池") == [t.pk for t in reversed(tickets)]
    assert found(supervisor, "屏幕") == []
    assert not IndexBuild.objects.exists()


def test_changes_committed_during_a_reindex_are_in_the_new_index(supervisor):
    kept, erased = TicketFactory(description="物流延迟"), TicketFactory(description="物流延迟")
    index_tickets(kept, erased)

    def meanwhile(build):
        late = TicketFactory(description="物流延迟 加急")
        index_documents([ticket_search_document(late)])  # what the outbox handler does
        remove_document(kind="ticket", object_id=erased.pk)
        meanwhile.late = late.pk

    rebuild(["ticket"], out=StringIO(), workers=1, on_batch=meanwhile)

    assert found(supervisor, "物流") == [meanwhile.late, kept.pk]
    assert found(supervisor, "加急") == [meanwhile.late]


def test_a_reindexed_document_keeps_its_id_so_recency_order_stays(supervisor):
    older, newer = TicketFactory(description="退货"), TicketFactory(description="退货")
    index_tickets(newer, older)  # the index's order: newer first in, older is the newest
    before = dict(SearchDocument.objects.values_list("object_id", "id"))
    order = found(supervisor, "退货")

    rebuild(out=StringIO(), workers=1)

    after = dict(SearchDocument.objects.filter(kind="ticket").values_list("object_id", "id"))
    assert after == {k: v for k, v in before.items() if k in after}
    assert found(supervisor, "退货") == order == [older.pk, newer.pk]


def test_worker_processes_tokenise_exactly_as_this_process_does(supervisor):
    tickets = [TicketFactory(description=f"第{n}台耳機充不進電，要求換貨") for n in range(7)]

    rebuild(["ticket"], out=StringIO(), workers=1)
    alone = list(SearchDocument.objects.order_by("object_id").values_list("object_id", "tokens"))
    rebuild(["ticket"], out=StringIO(), workers=2)
    pooled = list(SearchDocument.objects.order_by("object_id").values_list("object_id", "tokens"))

    assert pooled == alone
    assert len(alone) == 7
    assert " 充不进电 " in alone[0][1]
    assert found(supervisor, "换货") == [t.pk for t in reversed(tickets)]


def test_the_command_shows_progress_with_rate_and_time_left(db):
    TicketFactory(description="质量问题")
    out, err = StringIO(), StringIO()

    call_command("reindex", "--kind", "ticket", "--workers", "1", stdout=out, stderr=err)

    assert out.getvalue() == "ticket: 1 indexed, 0 removed\n"
    line = err.getvalue().strip().splitlines()[-1]
    assert line.startswith("ticket     [##############################]          1/1  ")
    assert "/s  0:00 elapsed, 0:00 left" in line


def test_an_unfinished_reindex_of_other_kinds_is_resumed_or_restarted_not_mixed(db, monkeypatch):
    monkeypatch.setattr(rebuilding, "BATCH", 1)
    TicketFactory.create_batch(2)

    def stop(build):
        raise Interrupted

    with pytest.raises(Interrupted):
        rebuild(["ticket"], out=StringIO(), workers=1, on_batch=stop)
    with pytest.raises(CommandError, match="unfinished reindex of ticket"):
        call_command("reindex", "--kind", "customer", stdout=StringIO(), stderr=StringIO())

    out = StringIO()
    call_command("reindex", "--kind", "customer", "--restart", stdout=out, stderr=StringIO())

    assert out.getvalue() == "customer: 2 indexed, 0 removed\n"
    assert not IndexBuild.objects.exists()
