"""The pieces around the rules: the audience filter (tags, bought categories), the seeded
message templates, the periodic job and the timeline labels (R-01, R-03, R-04)."""

from __future__ import annotations

import pytest
import time_machine

from kefu.core.errors import InvalidInput
from kefu.core.models import PeriodicJob
from kefu.core.periodic import jobs, run_due
from kefu.customers.models import Tag
from kefu.customers.timeline import label_for
from kefu.notify.models import MessageTemplate
from kefu.notify.rendering import check_placeholders
from kefu.retention.audience import audience_customers, clean_audience
from kefu.retention.models import CareKind, Touch
from tests.catalog.factories import CategoryFactory, OrderFactory, ProductFactory
from tests.retention.conftest import WORKING
from tests.retention.factories import ConsentingCustomerFactory, RuleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.req("R-04")
def test_the_audience_filter_matches_tags_and_categories_bought():
    vip = Tag.objects.create(name="老客户")
    tagged = ConsentingCustomerFactory()
    tagged.tags.add(vip)
    appliances = CategoryFactory(name="小家电")
    buyer = ConsentingCustomerFactory()
    OrderFactory(customer=buyer, items=[ProductFactory(category=appliances)])
    ConsentingCustomerFactory()

    assert list(audience_customers({"tags": ["老客户"]})) == [tagged]
    assert list(audience_customers({"category_ids": [appliances.pk]})) == [buyer]
    both = clean_audience({"tags": ["老客户"], "category_ids": [str(appliances.pk)]})
    assert both == {"tags": ["老客户"], "category_ids": [appliances.pk]}
    assert list(audience_customers(both)) == []


@pytest.mark.req("R-04")
@pytest.mark.parametrize(
    "audience",
    [
        {"category_ids": [999999]},
        {"category_ids": ["x"]},
        {"tags": "老客户"},
        {"provinces": [str(n) for n in range(51)]},
    ],
)
def test_a_bad_audience_filter_is_refused(audience):
    with pytest.raises(InvalidInput) as refused:
        clean_audience(audience)
    assert list(refused.value.fields) == ["audience"]


@pytest.mark.req("R-01")
def test_every_kind_has_seeded_templates_for_sms_and_email_in_three_languages():
    rows = MessageTemplate.objects.filter(event__startswith="retention.")
    assert rows.count() == len(CareKind.values) * 2 * 3
    assert set(rows.values_list("event", flat=True)) == {f"retention.{k}" for k in CareKind.values}
    for row in rows:
        check_placeholders(row.subject, "subject")
        check_placeholders(row.body, "body")
        assert "{unsubscribe_url}" in row.body


@pytest.mark.req("R-01")
def test_the_worker_runs_the_care_rules_as_a_periodic_job():
    assert "retention.run_care_rules" in [job.name for job in jobs()]
    ConsentingCustomerFactory()
    RuleFactory()
    with time_machine.travel(WORKING, tick=False):
        assert "retention.run_care_rules" in run_due()
        assert Touch.objects.count() == 1
        assert "retention.run_care_rules" not in run_due()  # taken until its next run
    assert PeriodicJob.objects.get(name="retention.run_care_rules").last_run_at == WORKING


@pytest.mark.req("R-03")
def test_consent_changes_and_care_messages_have_timeline_labels():
    assert label_for("customer.consent_changed") == "Marketing consent changed"
    assert label_for("retention.touch_queued") == "Care message queued"
    assert label_for("outbound.call_recorded") == "Telemarketing call recorded"
