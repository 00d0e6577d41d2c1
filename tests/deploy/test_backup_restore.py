"""`kefu backup` and `kefu restore`: a backup taken while Kefu runs, restored into a fresh
database, holds every record of every table — on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from kefu.core.models import AuditEntry, Event
from kefu.tickets.services import NewTicket, open_ticket
from tests.customers.factories import CustomerFactory
from tests.deploy.fleet import ROOT, drop_database

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.req("P-05"),
]


def _tables() -> dict[str, str]:
    """Every table Kefu and Django keep, with its primary key column."""
    return {
        m._meta.db_table: m._meta.pk.column
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }


def _rows(execute) -> dict[str, list[str]]:
    """The primary keys of every table, as text (drivers differ in the types they return)."""
    return {
        table: sorted(str(row[0]) for row in execute(f'SELECT "{pk}" FROM "{table}"'))
        for table, pk in _tables().items()
    }


def _fresh_database(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    base = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT']}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _query(url: str | None, sql: str) -> list[tuple]:
    """Rows of ``sql`` in the database at ``url`` (None: the test's own)."""
    if url is None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def _kefu(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEFU_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "kefu.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_backup_restored_into_a_fresh_database_holds_every_record(
    statutory_calendar, agent, tmp_path
):
    customer = CustomerFactory(name="王伟", phone="+8613912345678", team=agent.team)
    draft = NewTicket(description="手机无法开机", channel="wechat", customer_id=customer.pk)
    ticket = open_ticket(actor=agent, draft=draft)
    backup = tmp_path / "kefu.backup"
    call_command("backup", str(backup))
    before = _rows(lambda sql: _query(None, sql))
    url = _fresh_database(tmp_path)
    try:
        restored = _kefu("restore", str(backup), database_url=url)
        after = _rows(lambda sql: _query(url, sql))
        found = _query(url, "SELECT number, next_due_at IS NOT NULL FROM tickets_ticket")
        phones = _query(url, "SELECT phone FROM customers_customer")
    finally:
        if not url.startswith("sqlite"):
            drop_database(url)

    assert restored.returncode == 0, restored.stderr
    assert after == before  # every row of every table, by primary key
    assert sum(map(len, after.values())) > 100  # seeded policies, templates, calendar days...
    assert found == [(ticket.number, True)]
    assert phones == [("+8613912345678",)]
    assert len(after[Event._meta.db_table]) == Event.objects.count() >= 1
    assert len(after[AuditEntry._meta.db_table]) == AuditEntry.objects.count() >= 1


def test_restore_refuses_a_database_that_already_holds_data(tmp_path):
    backup = tmp_path / "kefu.backup"
    call_command("backup", str(backup))

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))
