"""The calendar engine and ``compute_due`` on worked examples from the real 2025–2026 calendar.

Shop hours: Monday–Friday 09:00–12:00 and 13:30–18:00, Asia/Shanghai. From the statutory data:
2026 National Day 10-01..10-07 (10-08 is an ordinary Thursday), Mid-Autumn 09-25..09-27,
Spring Festival 02-15..02-23, New Year 2026-01-01..01-03; make-up workdays (调休) on Sunday
2026-01-04, Saturdays 02-14, 02-28, 05-09, 10-10 and Sunday 09-20.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from chinese_calendar import constants

from kefu.sla import services
from kefu.sla.calendar import BusinessCalendar, Moment, Span
from kefu.sla.models import Policy
from kefu.sla.services import Due, compute_due, current_calendar

pytestmark = [pytest.mark.req("P-03"), pytest.mark.req("P-04")]

SHANGHAI = "Asia/Shanghai"
MINUTE = 60
SHOP_HOURS = {wd: [(time(9), time(12)), (time(13, 30), time(18))] for wd in range(5)}


def shop_calendar() -> BusinessCalendar:
    years = {2025, 2026}
    return BusinessCalendar(
        tz=SHANGHAI,
        weekly=SHOP_HOURS,
        holidays=[d for d in constants.holidays if d.year in years],
        workdays=[d for d in constants.workdays if d.year in years],
        years=years,
    )


CALENDAR = shop_calendar()


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(SHANGHAI))


# --- the engine ---------------------------------------------------------------------------


def test_thirty_working_minutes_late_on_tuesday_end_on_wednesday_morning():
    # 000 §二(一): 工作日内30分钟内回复 — 15 minutes on Tuesday 2026-09-29, 15 on Wednesday.
    assert CALENDAR.add(at(2026, 9, 29, 17, 45), 30 * MINUTE) == Moment(
        at(2026, 9, 30, 9, 15), False
    )


def test_thirty_working_minutes_skip_the_national_day_holiday():
    # 国庆节 2026-10-01..10-07 放假: the next working minute after 09-30 18:00 is 10-08 09:00.
    assert CALENDAR.add(at(2026, 9, 30, 17, 45), 30 * MINUTE) == Moment(
        at(2026, 10, 8, 9, 15), False
    )


def test_working_time_received_during_the_holiday_starts_after_it():
    assert CALENDAR.add(at(2026, 10, 3, 10, 0), 30 * MINUTE).at == at(2026, 10, 8, 9, 30)


def test_the_mid_autumn_holiday_and_its_weekend_are_skipped():
    # 中秋节 2026-09-25 (Friday) to 09-27 (Sunday).
    assert CALENDAR.add(at(2026, 9, 24, 17, 45), 30 * MINUTE).at == at(2026, 9, 28, 9, 15)


def test_a_make_up_sunday_works_the_hours_of_a_weekday():
    # 2026-09-20 (周日) 调休上班: Sunday has no hours, so it works Monday's.
    assert CALENDAR.is_workday(date(2026, 9, 20))
    assert CALENDAR.add(at(2026, 9, 19, 20, 0), 30 * MINUTE) == Moment(
        at(2026, 9, 20, 9, 30), False
    )


def test_a_make_up_saturday_is_a_workday_with_a_lunch_break():
    # 2026-10-10 (周六) 调休上班.
    assert CALENDAR.add(at(2026, 10, 9, 17, 50), 30 * MINUTE).at == at(2026, 10, 10, 9, 20)
    assert CALENDAR.add(at(2026, 10, 10, 11, 50), 30 * MINUTE).at == at(2026, 10, 10, 13, 50)


def test_an_ordinary_saturday_is_not_a_workday():
    assert not CALENDAR.is_workday(date(2026, 10, 17))
    assert CALENDAR.add(at(2026, 10, 17, 10, 0), 30 * MINUTE).at == at(2026, 10, 19, 9, 30)


def test_the_spring_festival_make_up_saturdays_frame_the_holiday():
    # 2026-02-14 (周六) 上班, 02-15..02-23 春节, 02-24 (周二) 上班.
    assert CALENDAR.add(at(2026, 2, 13, 17, 45), 30 * MINUTE).at == at(2026, 2, 14, 9, 15)
    assert CALENDAR.add(at(2026, 2, 14, 17, 45), 30 * MINUTE).at == at(2026, 2, 24, 9, 15)


def test_new_year_2026_ends_on_the_make_up_sunday():
    # 2026-01-01..01-03 元旦, 2026-01-04 (周日) 上班.
    assert CALENDAR.add(at(2025, 12, 31, 17, 45), 30 * MINUTE) == Moment(
        at(2026, 1, 4, 9, 15), False
    )


def test_the_lunch_break_is_not_working_time():
    assert CALENDAR.add(at(2026, 3, 11, 11, 50), 30 * MINUTE).at == at(2026, 3, 11, 13, 50)
    assert CALENDAR.add(at(2026, 3, 11, 12, 30), 30 * MINUTE).at == at(2026, 3, 11, 14, 0)
    assert not CALENDAR.is_working_time(at(2026, 3, 11, 12, 30))


def test_a_deadline_that_uses_up_the_morning_ends_at_noon_not_after_lunch():
    assert CALENDAR.add(at(2026, 3, 11, 11, 30), 30 * MINUTE).at == at(2026, 3, 11, 12, 0)


def test_a_deadline_in_2027_is_computed_weekends_only_and_flagged():
    # No 2027 data: Friday 2027-01-01 counts as a workday, and the answer says it is estimated.
    assert CALENDAR.add(at(2026, 12, 31, 17, 45), 30 * MINUTE) == Moment(
        at(2027, 1, 1, 9, 15), True
    )
    assert CALENDAR.add(at(2026, 12, 31, 17, 0), 30 * MINUTE) == Moment(
        at(2026, 12, 31, 17, 30), False
    )


def test_working_time_across_the_national_day_holiday():
    # 09-29, 09-30 and 10-08 are whole working days of 7.5 hours.
    assert CALENDAR.between(at(2026, 9, 29, 9, 0), at(2026, 10, 9, 9, 0)) == Span(81000, False)
    assert CALENDAR.between(at(2026, 10, 9, 9, 0), at(2026, 9, 29, 9, 0)) == Span(-81000, False)


def test_working_time_into_2027_is_estimated_only_when_it_reaches_2027():
    assert CALENDAR.between(at(2026, 12, 31, 9, 0), at(2027, 1, 4, 9, 0)) == Span(54000, True)
    assert CALENDAR.between(at(2026, 12, 31, 9, 0), at(2027, 1, 1, 0, 0)) == Span(27000, False)


def test_answers_are_in_utc_whatever_zone_the_start_is_in():
    due = CALENDAR.add(datetime(2026, 9, 29, 9, 45, tzinfo=UTC), 30 * MINUTE).at
    assert due == datetime(2026, 9, 30, 1, 15, tzinfo=UTC)
    assert due.utcoffset().total_seconds() == 0


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.add(datetime(2026, 9, 29, 17, 45), 30 * MINUTE)


def test_a_calendar_without_working_hours_refuses_to_add():
    with pytest.raises(ValueError, match="no working hours"):
        BusinessCalendar(weekly={}).add(at(2026, 1, 5, 9, 0), MINUTE)


def test_a_zone_with_daylight_saving_time_counts_the_real_hours():
    # Europe/Berlin skips 02:00–03:00 on 2026-03-29: a night shift from 00:00 to 06:00 holds
    # five real hours, not six.
    berlin = BusinessCalendar(tz="Europe/Berlin", weekly={6: [(time(0), time(6))]})
    sunday = datetime(2026, 3, 29, tzinfo=berlin.tz)
    assert berlin.between(sunday, sunday.replace(hour=12)) == Span(5 * 3600, True)
    assert berlin.add(sunday, 5 * 3600).at == datetime(2026, 3, 29, 4, 0, tzinfo=UTC)


# --- compute_due with the seeded policies -------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_calendar_cache(monkeypatch):
    # The per-process calendar is keyed by a revision counter that every test's rollback
    # resets, so a calendar cached by another test could otherwise be reused here.
    monkeypatch.setattr(services, "_cached", None)


def online_inquiry() -> Policy:
    return Policy.objects.get(key="inquiry.online.first_response")


def test_an_online_inquiry_late_on_tuesday_is_due_on_wednesday_morning(statutory_calendar):
    # 000 §二(一): 工作日内30分钟内回复.
    assert compute_due(online_inquiry(), at(2026, 9, 29, 17, 45)) == Due(
        at(2026, 9, 30, 9, 15), at(2026, 9, 30, 9, 5), False
    )


def test_an_online_inquiry_before_national_day_is_due_after_it(statutory_calendar):
    assert compute_due(online_inquiry(), at(2026, 9, 30, 17, 45)) == Due(
        at(2026, 10, 8, 9, 15), at(2026, 10, 8, 9, 5), False
    )


def test_an_online_inquiry_on_a_holiday_is_due_in_24_calendar_hours(statutory_calendar):
    # 非工作日（含节假日）24小时内回复.
    assert compute_due(online_inquiry(), at(2026, 10, 2, 10, 0)) == Due(
        at(2026, 10, 3, 10, 0), at(2026, 10, 3, 9, 50), False
    )


def test_an_online_inquiry_on_a_make_up_sunday_gets_working_minutes(statutory_calendar):
    assert compute_due(online_inquiry(), at(2026, 9, 20, 10, 0)) == Due(
        at(2026, 9, 20, 10, 30), at(2026, 9, 20, 10, 20), False
    )


def test_an_online_inquiry_on_an_ordinary_saturday_gets_24_hours(statutory_calendar):
    assert compute_due(online_inquiry(), at(2026, 9, 19, 20, 0)) == Due(
        at(2026, 9, 20, 20, 0), at(2026, 9, 20, 19, 50), False
    )


def test_an_after_sales_ticket_waits_out_the_lunch_break(statutory_calendar):
    # 000 §三(一): 线上售后工作日内1小时内回复; warned 15 minutes before.
    rule = Policy.objects.get(key="ticket.online.first_response")
    assert compute_due(rule, at(2026, 3, 11, 11, 30), current_calendar()) == Due(
        at(2026, 3, 11, 14, 0), at(2026, 3, 11, 13, 45), False
    )


def test_a_calendar_time_policy_ignores_the_holiday(statutory_calendar):
    # 000 §三(五): 接到投诉后1小时内联系客户.
    rule = Policy.objects.get(key="complaint.first_contact")
    assert compute_due(rule, at(2026, 10, 2, 10, 0)) == Due(
        at(2026, 10, 2, 11, 0), at(2026, 10, 2, 10, 45), False
    )


def test_an_online_inquiry_due_in_2027_is_flagged_estimated(statutory_calendar):
    assert compute_due(online_inquiry(), at(2026, 12, 31, 17, 45)) == Due(
        at(2027, 1, 1, 9, 15), at(2027, 1, 1, 9, 5), True
    )
