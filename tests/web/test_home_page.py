"""The home page: my open deadlines, time left on the business calendar, calendar health."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kefu.sla.models import Deadline
from kefu.sla.services import start_deadline
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-04")

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def now():
    with time_machine.travel(MONDAY_10, tick=False):
        yield MONDAY_10


def open_deadline(kind, owner, *, started_at=MONDAY_10):
    return start_deadline(
        kind=kind, subject=owner.team, owner=owner, team=owner.team, started_at=started_at
    )


@pytest.mark.req("P-01")
def test_home_lists_only_the_deadlines_the_user_may_see(
    statutory_calendar, now, agent, teammate, other_team_agent
):
    mine = open_deadline("ticket.online.first_response", agent)
    teams = open_deadline("complaint.first_contact", teammate)
    open_deadline("callback.due", other_team_agent)

    response = client_for(agent).get("/")

    assert response.status_code == 200
    assert [d.pk for d in response.context["deadlines"]["items"]] == [mine.pk, teams.pk]
    html = response.content.decode()
    assert "售后工单首次回复" in html
    assert "投诉首次联系" in html
    assert "服务后回访" not in html


@pytest.mark.req("P-01")
def test_a_supervisor_sees_every_team_s_deadlines(
    statutory_calendar, now, agent, other_team_agent, supervisor
):
    open_deadline("ticket.online.first_response", agent)
    open_deadline("callback.due", other_team_agent)

    response = client_for(supervisor).get("/")

    assert len(response.context["deadlines"]["items"]) == 2


def test_a_deadline_shows_its_due_time_in_shanghai_time_and_the_time_left(
    statutory_calendar, now, agent
):
    open_deadline("ticket.online.first_response", agent)

    html = client_for(agent).get("/").content.decode()

    # 60 working minutes from Monday 10:00 -> 11:00 the same morning.
    assert '<td class="text-nowrap">2026-03-02 11:00</td>' in html
    assert "1 小时" in html
    assert "已超时" not in html
    assert "估算</span>" not in html


def test_an_overdue_deadline_shows_negative_time_in_red(statutory_calendar, now, agent):
    open_deadline(
        "complaint.first_contact", agent, started_at=datetime(2026, 3, 1, 8, 0, tzinfo=SHANGHAI)
    )

    html = client_for(agent).get("/").content.decode()

    # Due Sunday 09:00 (60 calendar minutes); now is Monday 10:00: 1 day 1 hour late.
    assert '<span class="text-danger fw-semibold">−1 天 1 小时</span>' in html
    assert '<span class="badge text-bg-danger ms-1">已超时</span>' in html


def test_a_warned_deadline_carries_a_due_soon_badge(statutory_calendar, now, agent):
    row = open_deadline("ticket.online.first_response", agent)
    Deadline.objects.filter(pk=row.pk).update(warned_at=MONDAY_10)

    html = client_for(agent).get("/").content.decode()

    assert '<span class="badge text-bg-warning ms-1">即将到期</span>' in html


@pytest.mark.req("P-03")
def test_a_deadline_over_a_year_without_holiday_data_is_marked_estimated(now, agent):
    open_deadline("ticket.online.first_response", agent)

    html = client_for(agent).get("/").content.decode()

    assert 'title="按无节假日数据的年份计算（仅排除周末）。">估算</span>' in html


@pytest.mark.req("P-03")
def test_the_calendar_card_warns_when_next_year_has_no_holiday_data(now, agent):
    from kefu.sla.services import import_statutory_calendar

    import_statutory_calendar(actor=None, years=[2026])

    response = client_for(agent).get("/")

    assert response.context["calendar_years"] == [(2026, True), (2027, False)]
    html = response.content.decode()
    assert "2027 年没有节假日数据：涉及该年的时限仅按周末估算。" in html


@pytest.mark.req("P-03")
def test_the_calendar_card_is_quiet_when_both_years_have_data(statutory_calendar, agent):
    with time_machine.travel(datetime(2025, 6, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        response = client_for(agent).get("/")

    assert response.context["calendar_years"] == [(2025, True), (2026, True)]
    assert "没有节假日数据" not in response.content.decode()


def test_an_empty_list_says_nothing_is_due(agent):
    html = client_for(agent).get("/").content.decode()

    assert "暂无待办时限，做得好。" in html
