"""The business calendar page: everyone reads it, administrators change it (P-03, P-01)."""

from __future__ import annotations

from datetime import date, time

import pytest

from kefu.core.models import AuditEntry
from kefu.sla.models import CalendarDay, CalendarYear, WorkingPeriod
from kefu.sla.services import statutory_years
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-03")


def weekly_hours() -> list[tuple[int, time, time]]:
    return list(WorkingPeriod.objects.values_list("weekday", "starts_at", "ends_at"))


def test_an_administrator_adds_a_holiday_and_sees_it(admin_user):
    client = client_for(admin_user)

    response = client.post(
        "/calendar/2027/days/", {"day": "2027-05-06", "kind": "holiday", "name": "公司周年庆"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/calendar/2027/"
    row = CalendarDay.objects.get()
    assert (row.day, row.kind, row.name, row.source) == (
        date(2027, 5, 6),
        "holiday",
        "公司周年庆",
        "admin",
    )
    html = client.get("/calendar/2027/").content.decode()
    assert "日期已保存。" in html
    assert "<td>公司周年庆</td>" in html
    assert '<span class="badge text-bg-danger">法定节假日</span>' in html


def test_adding_a_day_can_declare_its_year_complete(admin_user):
    client_for(admin_user).post(
        "/calendar/2027/days/",
        {"day": "2027-02-06", "kind": "workday", "name": "春节调休", "complete_year": "on"},
    )

    assert list(CalendarYear.objects.values_list("year", "source")) == [(2027, "admin")]


@pytest.mark.req("P-01")
def test_an_agent_sees_the_calendar_without_the_forms(statutory_calendar, agent):
    response = client_for(agent).get("/calendar/2026/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<td>国庆节</td>" in html
    assert "已录入节假日" in html
    assert 'data-testid="day-form"' not in html
    assert "删除</button>" not in html


@pytest.mark.req("P-01")
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/calendar/2027/days/", {"day": "2027-05-06", "kind": "holiday", "name": "x"}),
        ("/calendar/2026/days/remove/", {"day": "2026-10-01"}),
        ("/calendar/2027/declare/", {"year": "2027"}),
        ("/calendar/2027/import/", {"year": "2025"}),
        ("/calendar/2027/hours/", {"day_0": "08:00-20:00"}),
    ],
)
def test_an_agent_cannot_change_the_calendar(statutory_calendar, agent, path, data):
    days, years, hours = CalendarDay.objects.count(), CalendarYear.objects.count(), weekly_hours()
    audits = AuditEntry.objects.count()

    response = client_for(agent).post(path, data)

    assert response.status_code == 403
    assert "您没有查看此页面的权限。" in response.content.decode()
    assert CalendarDay.objects.count() == days
    assert CalendarYear.objects.count() == years
    assert weekly_hours() == hours
    assert AuditEntry.objects.count() == audits


@pytest.mark.req("P-01")
def test_a_manager_cannot_change_the_calendar_either(manager):
    response = client_for(manager).post(
        "/calendar/2027/days/", {"day": "2027-05-06", "kind": "holiday"}
    )

    assert response.status_code == 403
    assert CalendarDay.objects.count() == 0


def test_an_unknown_kind_is_refused_in_place(admin_user):
    response = client_for(admin_user).post(
        "/calendar/2027/days/", {"day": "2027-05-06", "kind": "birthday"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "请选择法定节假日或调休工作日。" in html
    assert '<div class="invalid-feedback">无效选项</div>' in html
    assert CalendarDay.objects.count() == 0


def test_a_date_that_is_not_a_date_is_refused_in_place(admin_user):
    response = client_for(admin_user).post(
        "/calendar/2027/days/", {"day": "2027-13-45", "kind": "holiday"}
    )

    assert '<div class="invalid-feedback">输入一个有效的日期。</div>' in response.content.decode()
    assert CalendarDay.objects.count() == 0


def test_a_year_the_statutory_package_does_not_cover_is_refused_in_place(admin_user):
    covered = statutory_years()

    response = client_for(admin_user).post("/calendar/2099/import/", {"year": "2099"})

    assert response.status_code == 200
    assert (
        f"法定日历数据包覆盖 {covered.start}–{covered.stop - 1} 年；2099 年请手动录入。"
        in response.content.decode()
    )
    assert CalendarDay.objects.count() == 0
    assert CalendarYear.objects.count() == 0


def test_an_administrator_imports_the_statutory_calendar_of_a_year(admin_user):
    client = client_for(admin_user)

    response = client.post("/calendar/2026/import/", {"year": "2026"})

    assert response.status_code == 302
    assert CalendarYear.objects.get().year == 2026
    assert CalendarDay.objects.filter(day=date(2026, 10, 1)).get().name == "国庆节"
    assert "法定日历已导入。" in client.get("/calendar/2026/").content.decode()


def test_a_working_period_that_ends_before_it_starts_is_refused_in_place(admin_user):
    before = weekly_hours()

    response = client_for(admin_user).post(
        "/calendar/2027/hours/", {"day_0": "18:00-09:00", "day_1": "09:00-18:00"}
    )

    assert response.status_code == 200
    assert "工作时段的结束时间必须晚于开始时间。" in response.content.decode()
    assert weekly_hours() == before


def test_working_hours_in_a_wrong_format_are_refused_in_place(admin_user):
    before = weekly_hours()

    response = client_for(admin_user).post("/calendar/2027/hours/", {"day_0": "9am to 6pm"})

    assert "请按 09:00-12:00, 13:30-18:00 的格式填写时段。" in response.content.decode()
    assert weekly_hours() == before


def test_an_administrator_changes_the_working_hours(admin_user):
    response = client_for(admin_user).post(
        "/calendar/2027/hours/", {"day_0": "08:30-12:00, 13:00-17:30", "day_5": "10:00-16:00"}
    )

    assert response.status_code == 302
    assert weekly_hours() == [
        (0, time(8, 30), time(12)),
        (0, time(13), time(17, 30)),
        (5, time(10), time(16)),
    ]


def test_an_administrator_removes_a_day(statutory_calendar, admin_user):
    before = CalendarDay.objects.count()

    response = client_for(admin_user).post("/calendar/2026/days/remove/", {"day": "2026-10-01"})

    assert response.status_code == 302
    assert CalendarDay.objects.count() == before - 1
    assert not CalendarDay.objects.filter(day=date(2026, 10, 1)).exists()


def test_removing_a_day_that_is_not_there_is_refused_in_place(admin_user):
    response = client_for(admin_user).post("/calendar/2027/days/remove/", {"day": "2027-03-03"})

    assert response.status_code == 200
    assert "该日期没有节假日或调休工作日。" in response.content.decode()


def test_an_administrator_declares_a_year_complete(admin_user):
    client = client_for(admin_user)

    response = client.post("/calendar/2031/declare/", {"year": "2031"})

    assert response.status_code == 302
    assert list(CalendarYear.objects.values_list("year", "source")) == [(2031, "admin")]
    html = client.get("/calendar/2031/").content.decode()
    assert "已确认该年数据完整。" in html
    assert "来源：管理员录入" in html


def test_a_year_without_data_is_flagged_on_its_page(agent):
    html = client_for(agent).get("/calendar/2030/").content.decode()

    assert "2030 年没有节假日数据：涉及该年的时限仅按周末估算。" in html


def test_the_page_lists_the_weekly_working_hours(agent):
    html = client_for(agent).get("/calendar/2027/").content.decode()

    assert "<span>星期一</span>" in html
    assert "<span>09:00–12:00, 13:30–18:00</span>" in html
    assert "<span>星期六</span>" not in html


def test_a_year_out_of_range_is_not_found(agent):
    assert client_for(agent).get("/calendar/20000/").status_code == 404
