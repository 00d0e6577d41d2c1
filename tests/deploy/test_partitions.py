"""Monthly partitions for events and audit at 100M rows (docs/scaling.md), shown on a small
partitioned table: a month's query reads only that month, an old month leaves at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from kefu.core.partitions import create_monthly_partitions, detach_month

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.skipif(not POSTGRES, reason="declarative partitioning is PostgreSQL's"),
    pytest.mark.req("P-05"),
]
TABLE = "ops_event_by_month"


@pytest.fixture
def partitioned(db):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id bigint GENERATED ALWAYS AS IDENTITY, name varchar(80),"
            " created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
            " PARTITION BY RANGE (created_at)"
        )
    names = create_monthly_partitions(TABLE, date(2026, 1, 1), 3)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (name, created_at) SELECT 'ticket.received',"
            " timestamptz '2026-01-01 00:00+00' + (n * interval '1 hour')"
            " FROM generate_series(0, 24 * 31 * 3 - 200) AS n"
        )
    return names


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_each_month_is_a_partition_and_a_month_query_reads_only_its_own(partitioned):
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN SELECT count(*) FROM {TABLE} WHERE created_at >= '2026-02-01'"
            " AND created_at < '2026-03-01'"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert partitioned == [f"{TABLE}_202601", f"{TABLE}_202602", f"{TABLE}_202603"]
    assert f"{TABLE}_202602" in plan
    assert f"{TABLE}_202601" not in plan and f"{TABLE}_202603" not in plan
    assert _count(f"SELECT count(*) FROM {TABLE}_202602") == 28 * 24


def test_an_old_month_is_detached_whole_and_the_rest_stays(partitioned):
    total = _count(f"SELECT count(*) FROM {TABLE}")
    january = _count(f"SELECT count(*) FROM {TABLE}_202601")

    detached = detach_month(TABLE, date(2026, 1, 15))

    assert detached == f"{TABLE}_202601"
    assert _count(f"SELECT count(*) FROM {TABLE}") == total - january
    assert _count(f"SELECT count(*) FROM {TABLE}_202601") == january == 31 * 24
