"""The email quarantine: an admin inspects a held email and runs it again (page and API)."""

from __future__ import annotations

import pytest

from kefu.channels import services
from kefu.channels.models import MailRecord, QuarantinedEmail
from kefu.core.errors import Forbidden
from kefu.core.models import AuditEntry
from kefu.tickets.models import Ticket
from tests.channels.mail import raw_email
from tests.conftest import client_for

pytestmark = [pytest.mark.req("P-02"), pytest.mark.django_db]

BROKEN = b"Subject: =?utf-8?B?5rKh5pyJ5Y+R5Lu25Lq6?=\r\nMessage-ID: <broken@x>\r\n\r\nhi\r\n"


@pytest.fixture
def held_by_a_crash(monkeypatch):
    """A good email quarantined because filing crashed (a bug, since fixed)."""
    real = services._file

    def crash(parsed, source):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(services, "_file", crash)
    filed = services.ingest_email(raw_email(message_id="<held@example.cn>"), source="smtp")
    monkeypatch.setattr(services, "_file", real)
    return filed.quarantine


def test_a_crash_while_filing_keeps_the_email_in_the_quarantine(held_by_a_crash):
    assert held_by_a_crash.error == "RuntimeError: search index unavailable"
    assert (held_by_a_crash.status, held_by_a_crash.source) == ("held", "smtp")
    assert MailRecord.objects.count() == 0 and Ticket.objects.count() == 0


def test_an_admin_runs_a_held_email_again_and_it_is_filed(admin_user, held_by_a_crash):
    filed = services.release_quarantined(actor=admin_user, quarantined_id=held_by_a_crash.pk)
    held_by_a_crash.refresh_from_db()
    assert filed.outcome == "opened"
    assert (held_by_a_crash.status, held_by_a_crash.record) == ("released", filed.record)
    assert filed.record.source == "admin"
    assert Ticket.objects.count() == 1
    assert AuditEntry.objects.filter(action="channels.quarantine_rerun").count() == 1


def test_an_email_that_still_fails_stays_held_with_one_more_attempt(admin_user):
    row = services.ingest_email(BROKEN, source="imap").quarantine
    filed = services.release_quarantined(actor=admin_user, quarantined_id=row.pk)
    row.refresh_from_db()
    assert (filed.outcome, row.status, row.attempts) == ("quarantined", "held", 2)


def test_only_an_admin_may_run_the_quarantine(manager, held_by_a_crash):
    with pytest.raises(Forbidden):
        services.release_quarantined(actor=manager, quarantined_id=held_by_a_crash.pk)
    held_by_a_crash.refresh_from_db()
    assert held_by_a_crash.status == "held"
    assert Ticket.objects.count() == 0


def test_the_quarantine_page_lists_held_emails_and_reruns_one(admin_user, held_by_a_crash):
    client = client_for(admin_user)
    page = client.get("/channels/quarantine/")
    assert page.status_code == 200
    assert "RuntimeError: search index unavailable" in page.content.decode()
    assert f'id="quarantined-{held_by_a_crash.pk}"' in page.content.decode()
    answer = client.post(f"/channels/quarantine/{held_by_a_crash.pk}/rerun/")
    assert (answer.status_code, answer["Location"]) == (302, "/channels/quarantine/")
    assert QuarantinedEmail.objects.get().status == "released"
    assert (
        f'id="quarantined-{held_by_a_crash.pk}"'
        not in client.get("/channels/quarantine/").content.decode()
    )


def test_the_quarantine_page_is_refused_to_an_agent_who_sees_no_link_to_it(agent, admin_user):
    assert client_for(agent).get("/channels/quarantine/").status_code == 403
    assert 'data-testid="nav-quarantine"' not in client_for(agent).get("/").content.decode()
    assert 'data-testid="nav-quarantine"' in client_for(admin_user).get("/").content.decode()


def test_the_api_shows_the_raw_message_and_reruns_it(admin_user):
    row = services.ingest_email(BROKEN, source="imap").quarantine
    client = client_for(admin_user)
    [listed] = client.get("/api/v1/email-quarantine").json()["items"]
    assert (listed["id"], listed["error"], listed["attempts"]) == (
        row.pk,
        "no sender address in From",
        1,
    )
    detail = client.get(f"/api/v1/email-quarantine/{row.pk}").json()
    assert detail["raw"] == BROKEN.decode()
    rerun = client.post(f"/api/v1/email-quarantine/{row.pk}/rerun").json()
    assert (rerun["outcome"], rerun["ticket_id"], rerun["quarantine"]["attempts"]) == (
        "quarantined",
        None,
        2,
    )


def test_the_api_refuses_an_agent_with_a_json_error(agent):
    answer = client_for(agent).get("/api/v1/email-quarantine")
    assert answer.status_code == 403
    assert answer.json()["error"] == "forbidden"
