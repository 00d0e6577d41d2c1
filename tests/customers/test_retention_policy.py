"""The retention policy: an administrator's N months; customers inactive longer are erased by
the daily job, active ones are kept (C-05)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import record_event
from kefu.core.models import AuditEntry
from kefu.core.personal import ERASED
from kefu.customers.models import Customer, RetentionPolicy
from kefu.customers.retention_policy import (
    erase_inactive_customers,
    months_before,
    set_retention_policy,
)
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.req("C-05")

OLD = datetime(2023, 1, 10, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def test_an_admin_sets_the_months_and_switches_it_on(admin_user):
    policy = set_retention_policy(actor=admin_user, enabled=True, inactive_months=24)

    assert (policy.enabled, policy.inactive_months) == (True, 24)
    audit = AuditEntry.objects.get(action="retention.updated")
    assert audit.data == {
        "before": {"enabled": False, "inactive_months": 36},
        "after": {"enabled": True, "inactive_months": 24},
    }


@pytest.mark.parametrize("months", [0, 241, "12"])
def test_a_wrong_number_of_months_is_refused(admin_user, months):
    with pytest.raises(InvalidInput):
        set_retention_policy(actor=admin_user, enabled=True, inactive_months=months)

    assert RetentionPolicy.objects.get().enabled is False


def test_a_supervisor_cannot_change_the_retention_policy(supervisor):
    with pytest.raises(Forbidden):
        set_retention_policy(actor=supervisor, enabled=True, inactive_months=1)

    assert RetentionPolicy.objects.get().enabled is False


def test_the_daily_job_erases_only_customers_inactive_for_longer(admin_user):
    with time_machine.travel(OLD, tick=False):
        quiet = CustomerFactory(name="沉睡客户")
        active = CustomerFactory(name="活跃客户")
    with time_machine.travel(datetime(2025, 6, 1, tzinfo=UTC), tick=False):
        record_event("order.created", subject=active, customer_id=active.pk)
    set_retention_policy(actor=admin_user, enabled=True, inactive_months=24)

    with time_machine.travel(NOW, tick=False):
        assert erase_inactive_customers() == 1
        assert erase_inactive_customers() == 0

    assert Customer.objects.get(pk=quiet.pk).name == ERASED
    assert Customer.objects.get(pk=active.pk).name == "活跃客户"


def test_nothing_is_erased_while_the_policy_is_off(db):
    with time_machine.travel(OLD, tick=False):
        CustomerFactory(name="沉睡客户")

    with time_machine.travel(NOW, tick=False):
        assert erase_inactive_customers() == 0

    assert Customer.objects.get().name == "沉睡客户"


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 24, datetime(2024, 1, 15, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 13, datetime(2024, 12, 15, tzinfo=UTC)),
    ],
)
def test_months_are_counted_on_the_calendar(moment, months, expected):
    assert months_before(moment, months) == expected
