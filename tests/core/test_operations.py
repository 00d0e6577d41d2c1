"""What operators watch and run: the health figures, /metrics, JSON logs, worker heartbeats
and `kefu check --deploy`."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kefu.core import heartbeat
from kefu.core.events import record_event, register_handlers
from kefu.core.logging import JsonFormatter, PersonalDataFilter
from kefu.core.models import Delivery, Event, WorkerHeartbeat
from kefu.sla.services import scan_deadlines, start_deadline
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-06")
NOW = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)


def noop(event: Event) -> None:
    pass


register_handlers({"test.ops": noop})


def test_health_reports_the_worker_heartbeat_age_and_the_outbox_backlog(team):
    with time_machine.travel(NOW, tick=False):
        record_event("test.ops", subject=team)
        heartbeat.beat("host-1", started_at=NOW - timedelta(minutes=5))
    with time_machine.travel(NOW + timedelta(seconds=42), tick=False):
        answer = Client().get("/api/v1/health").json()

    assert answer == {
        "status": "ok",
        "database": answer["database"],
        "version": "1",
        "worker_seen_seconds_ago": 42.0,
        "outbox_pending": 1,
        "outbox_oldest_pending_seconds": 42.0,
    }
    assert answer["database"] in ("sqlite", "postgresql")


def test_health_says_no_worker_was_ever_seen_and_nothing_waits(db):
    answer = Client().get("/api/v1/health").json()

    assert (answer["worker_seen_seconds_ago"], answer["outbox_pending"]) == (None, 0)
    assert answer["outbox_oldest_pending_seconds"] is None


def test_a_stopped_worker_removes_its_heartbeat_and_long_gone_ones_are_forgotten(db):
    with time_machine.travel(NOW, tick=False):
        heartbeat.beat("old", started_at=NOW)
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        heartbeat.beat("new", started_at=NOW)
        heartbeat.beat("other", started_at=NOW)
        heartbeat.stop("other")

        assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["new"]
        assert heartbeat.alive_count(timedelta(minutes=2)) == 1


def test_metrics_answer_a_bearer_of_the_token_with_latency_backlog_and_breaches(
    settings, team, agent
):
    settings.KEFU_METRICS_TOKEN = "metrics-secret"
    record_event("test.ops", subject=team)
    start_deadline(kind="complaint.first_contact", subject=team, started_at=NOW)
    scan_deadlines(NOW + timedelta(days=3))  # the deadline is breached once
    client_for(agent).get("/api/v1/health")
    response = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer metrics-secret")

    text = response.content.decode()
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
    assert response.status_code == 200
    assert pending >= 1
    assert f"kefu_outbox_pending {float(pending)}" in text
    assert "kefu_deadlines_breached_open 1.0" in text
    assert 'kefu_request_seconds_count{method="GET",route="api/v1/health"}' in text


def test_metrics_are_hidden_from_anyone_without_the_token_or_staff_rights(settings, agent):
    settings.KEFU_METRICS_TOKEN = "metrics-secret"

    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client_for(agent).get("/metrics").status_code == 404
    agent.is_staff = True
    agent.save()
    assert client_for(agent).get("/metrics").status_code == 200


def test_json_log_lines_still_have_personal_data_removed():
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("kefu.test.json")
    logger.addHandler(handler)
    try:
        logger.warning("SMS to %s failed", "13812345678")
    finally:
        logger.removeHandler(handler)

    line = json.loads(stream.getvalue())
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "kefu.test.json",
        "SMS to [phone] failed",
    )


def _deploy_check() -> str:
    out = StringIO()
    try:
        call_command("check", "--deploy", "--tag", "kefu", stdout=out, stderr=out)
    except Exception as exc:  # SystemCheckError carries the report
        return str(exc)
    return out.getvalue()


def test_the_deploy_check_names_every_missing_production_setting(settings, db):
    settings.SECRET_KEY = "kefu-insecure-development-key-change-me"
    settings.KEFU_PUBLIC_URL = "http://shop.example.cn"
    settings.SESSION_COOKIE_SECURE = False

    report = _deploy_check()

    for code in ("kefu.E001", "kefu.E002", "kefu.E003", "kefu.E005", "kefu.W001"):
        assert code in report
    assert "kefu.E004" not in report  # the database answers


def test_the_deploy_check_passes_a_configured_install(settings, statutory_calendar):
    settings.SECRET_KEY = "x" * 50
    settings.KEFU_PUBLIC_URL = "https://shop.example.cn"
    settings.SESSION_COOKIE_SECURE = True
    heartbeat.beat("worker-1", started_at=timezone.now())

    with time_machine.travel(datetime(2025, 6, 1, tzinfo=UTC)):
        report = _deploy_check()

    assert "kefu." not in report
