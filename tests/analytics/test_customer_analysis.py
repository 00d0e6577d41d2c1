"""Customer analysis (Y-02): region from the profile or a landline's area code, age band and
gender, member level, new and returning buyers — counted for the viewer's scope."""

from __future__ import annotations

from datetime import date

import pytest

from kefu.analytics.customers import customer_report, rebuild_customer_segments
from tests.analytics.conftest import MARCH, at
from tests.catalog.factories import OrderFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory

pytestmark = [pytest.mark.req("Y-02"), pytest.mark.django_db]


@pytest.fixture
def people(team, other_team):
    """Today is 5 April 2026 (conftest)."""
    a = CustomerFactory(
        team=team,
        province="广东",
        city="深圳",
        gender="female",
        birthday=date(2000, 4, 5),
        member_level="gold",
    )  # 26 today
    b = CustomerFactory(
        team=team,
        province="广东",
        city="深圳",
        gender="male",
        birthday=date(2008, 4, 6),
        member_level="gold",
    )  # 17, 18 tomorrow
    c = CustomerFactory(
        team=team,
        province="",
        city="",
        phone="+862112345678",
        gender="female",
        birthday=date(1971, 1, 1),
        member_level="none",
    )  # 55, Shanghai landline
    d = CustomerFactory(
        team=other_team, province="", city="", phone="+8613799990001", member_level="silver"
    )  # mobile: region unknown, no birthday
    e = CustomerFactory(
        team=other_team,
        province="浙江",
        city="杭州",
        gender="male",
        birthday=date(1990, 6, 1),
        member_level="none",
        created_at=at(2026, 3, 3, 10),
    )  # 35
    CustomerFactory(team=team, province="北京", city="北京", erased_at=at(2026, 3, 1, 0))
    # Orders: a bought before and in March (returning); e first in March (new); d in April.
    OrderFactory(customer=a, purchased_at=at(2026, 1, 5, 10))
    OrderFactory(customer=a, purchased_at=at(2026, 3, 5, 10))
    OrderFactory(customer=a, purchased_at=at(2026, 3, 6, 10))
    OrderFactory(customer=e, purchased_at=at(2026, 3, 7, 10))
    OrderFactory(customer=d, purchased_at=at(2026, 4, 1, 10))
    rebuild_customer_segments()
    return a, b, c, d, e


def rows(report, key, *columns):
    return [tuple(r[c] for c in columns) for r in report.table(key).rows]


def test_customers_by_region_from_the_profile_or_the_landline(people, manager):
    report = customer_report(actor=manager, period=MARCH)

    assert rows(report, "region", "label", "customers") == [
        ("广东 深圳", 2),
        ("上海", 1),
        ("浙江 杭州", 1),
        ("Unknown", 1),
    ]


def test_customers_by_age_band_and_gender(people, manager):
    report = customer_report(actor=manager, period=MARCH)

    assert rows(report, "age", "label", "customers", "female", "male", "unknown") == [
        ("<18", 1, 0, 1, 0),
        ("18–24", 0, 0, 0, 0),
        ("25–34", 1, 1, 0, 0),
        ("35–44", 1, 0, 1, 0),
        ("45–54", 0, 0, 0, 0),
        ("55+", 1, 1, 0, 0),
        ("Unknown", 1, 0, 0, 1),
    ]


def test_customers_by_member_level(people, manager):
    report = customer_report(actor=manager, period=MARCH)

    assert rows(report, "level", "key", "customers") == [
        ("none", 2),
        ("regular", 0),
        ("silver", 1),
        ("gold", 2),
        ("diamond", 0),
    ]


def test_new_and_returning_buyers_of_the_period(people, manager):
    report = customer_report(actor=manager, period=MARCH)

    assert rows(report, "buyers", "key", "customers") == [("new", 1), ("returning", 1)]


def test_a_supervisor_counts_their_own_team_only(people, supervisor):
    report = customer_report(actor=supervisor, period=MARCH)

    assert rows(report, "region", "label", "customers") == [("广东 深圳", 2), ("上海", 1)]
    assert rows(report, "buyers", "key", "customers") == [("new", 0), ("returning", 1)]


def test_the_page_draws_the_charts_and_names_nobody(people, manager):
    html = client_for(manager).get("/analytics/customers/?start=2026-03-01&end=2026-03-31")
    text = html.content.decode()

    assert html.status_code == 200
    assert 'data-chart="region"' in text and 'data-chart="age"' in text
    assert all(p.name not in text and p.phone not in text for p in people)


def test_a_new_customer_is_counted_at_the_next_hourly_count(people, manager, team):
    from kefu.analytics.tasks import count_customers

    CustomerFactory(team=team, province="四川", city="成都")
    before = customer_report(actor=manager, period=MARCH)
    count_customers()
    after = customer_report(actor=manager, period=MARCH)

    assert ("四川 成都", 1) not in rows(before, "region", "label", "customers")
    assert ("四川 成都", 1) in rows(after, "region", "label", "customers")


def test_the_api_answers_the_same_counts(people, manager):
    body = client_for(manager).get("/api/v1/analytics/customers?start=2026-03-01&end=2026-03-31")

    tables = {t["key"]: t for t in body.json()["tables"]}
    assert body.status_code == 200
    assert [(r["key"], r["customers"]) for r in tables["level"]["rows"]] == [
        ("none", 2),
        ("regular", 0),
        ("silver", 1),
        ("gold", 2),
        ("diamond", 0),
    ]
    assert [c["key"] for c in tables["region"]["columns"]] == ["province", "city", "customers"]
