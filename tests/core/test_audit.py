"""The audit log is append-only (P-05): no code path edits or deletes it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from kefu.core.audit import record_audit
from kefu.core.models import AuditEntry
from kefu.sla.services import update_policy
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-05")


@pytest.fixture
def entry(manager, team):
    return record_audit(
        actor=manager, action="customer.viewed_personal", subject=team, data={"fields": ["phone"]}
    )


def test_an_audit_entry_records_who_did_what_to_which_record(entry, manager, team):
    stored = AuditEntry.objects.get(pk=entry.pk)

    assert (stored.actor, stored.action) == (manager, "customer.viewed_personal")
    assert (stored.subject_type, stored.subject_id) == ("core.team", str(team.pk))
    assert stored.data == {"fields": ["phone"]}


def test_the_orm_refuses_to_change_or_delete_an_entry(entry):
    entry.action = "something.else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert AuditEntry.objects.get(pk=entry.pk).action == "customer.viewed_personal"


def test_the_database_refuses_a_raw_update(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])

    assert AuditEntry.objects.get(pk=entry.pk).action == "customer.viewed_personal"


def test_the_database_refuses_a_raw_delete_on_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test flush deletes rows; only the ORM guards deletes there")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_policy_change_is_audited_with_before_and_after(manager):
    update_policy(actor=manager, key="complaint.first_contact", changes={"minutes": 45})

    line = AuditEntry.objects.get(action="policy.updated")
    assert line.actor == manager
    assert line.data == {"before": {"minutes": 60}, "after": {"minutes": 45}}


def test_managers_read_the_audit_log_through_the_api_and_agents_cannot(entry, manager, agent):
    listed = client_for(manager).get("/api/v1/audit", {"action": "customer.viewed_personal"})
    refused = client_for(agent).get("/api/v1/audit")

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["items"]] == [entry.pk]
    assert listed.json()["has_more"] is False
    assert refused.status_code == 403
    assert refused.json()["error"] == "forbidden"
