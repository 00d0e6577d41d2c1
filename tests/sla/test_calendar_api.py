"""The calendar engine over the API and the CLI, for integrators and admins (P-03)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kefu.sla.models import CalendarDay, CalendarYear, Policy
from tests.conftest import client_for

pytestmark = pytest.mark.req("P-03")


def post(user, path, body):
    return client_for(user).post(path, body, content_type="application/json")


def test_business_time_skips_the_national_day_holiday(statutory_calendar, agent):
    response = post(
        agent,
        "/api/v1/calendar/business-time",
        {"start": "2026-09-30T17:00:00+08:00", "end": "2026-10-08T10:00:00+08:00"},
    )

    # 1 hour on 09-30, nothing on the holiday 10-01..10-07, 1 hour on 10-08.
    assert response.json() == {
        "seconds": 7200,
        "minutes": 120.0,
        "estimated": False,
        "years_without_data": [],
    }


def test_the_due_time_of_a_policy_for_a_start(statutory_calendar, agent):
    response = post(
        agent,
        "/api/v1/calendar/due",
        {"policy": "inquiry.online.first_response", "start": "2026-09-30T17:45:00+08:00"},
    )

    body = response.json()
    assert body["due_at"] == "2026-10-08T01:15:00Z"
    assert body["estimated"] is False


def test_a_due_time_in_a_year_without_data_is_flagged(statutory_calendar, agent):
    response = post(
        agent,
        "/api/v1/calendar/due",
        {"policy": "ticket.online.first_response", "start": "2026-12-31T17:30:00+08:00"},
    )

    assert response.json()["estimated"] is True
    assert response.json()["years_without_data"] == [2027]


def test_an_unknown_policy_is_a_404_with_its_name(agent):
    response = post(
        agent, "/api/v1/calendar/due", {"policy": "nope", "start": "2026-01-05T09:00:00+08:00"}
    )

    assert response.status_code == 404
    assert response.json()["error"] == "policy_not_found"


def test_the_year_endpoint_lists_make_up_workdays(statutory_calendar, agent):
    body = client_for(agent).get("/api/v1/calendar/2026").json()

    workdays = [d["day"] for d in body["days"] if d["kind"] == "workday"]
    assert body["has_data"] is True
    assert workdays == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]


def test_a_manager_edits_a_policy_through_the_api(manager):
    response = client_for(manager).patch(
        "/api/v1/policies/inquiry.online.first_response",
        {"minutes": 20, "clear_offday": True},
        content_type="application/json",
    )

    assert response.status_code == 200
    row = Policy.objects.get(key="inquiry.online.first_response")
    assert (row.minutes, row.offday_minutes) == (20, None)


@pytest.mark.parametrize(
    "body",
    [
        {"minutes": 0},
        {"minutes": "abc"},
        {"clock": "lunar"},
        {"warn_before_minutes": -1},
        {"name": "  "},
    ],
)
def test_a_bad_policy_value_is_refused_and_nothing_changes(manager, body):
    response = client_for(manager).patch(
        "/api/v1/policies/complaint.first_contact", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["fields"]
    row = Policy.objects.get(key="complaint.first_contact")
    assert (row.name, row.minutes, row.clock, row.warn_before_minutes) == (
        "投诉首次联系",
        60,
        "calendar",
        15,
    )


def test_the_cli_imports_the_statutory_calendar_for_the_years_asked(db):
    call_command("calendar", "import", "--years", "2025-2026")

    assert list(CalendarYear.objects.values_list("year", flat=True)) == [2025, 2026]
    assert CalendarDay.objects.get(day="2025-10-11").kind == "workday"


def test_the_cli_refuses_a_year_the_package_does_not_cover_and_changes_nothing(db):
    with pytest.raises(CommandError, match="2031"):
        call_command("calendar", "import", "--years", "2026", "2031")

    assert CalendarYear.objects.count() == 0
    assert CalendarDay.objects.count() == 0


def test_an_admin_enters_a_later_year_by_hand_and_it_stops_being_estimated(
    statutory_calendar, admin_user, agent
):
    from datetime import date

    from kefu.sla.services import declare_calendar_year, set_calendar_day

    set_calendar_day(actor=admin_user, day=date(2027, 1, 1), kind="holiday", name="元旦")
    declare_calendar_year(actor=admin_user, year=2027)
    response = post(
        agent,
        "/api/v1/calendar/due",
        {"policy": "ticket.online.first_response", "start": "2026-12-31T17:30:00+08:00"},
    )

    # 2027-01-01 is now a holiday; the next workday is Monday 2027-01-04.
    assert response.json()["due_at"] == "2027-01-04T01:30:00Z"
    assert response.json()["estimated"] is False
