"""Consent, caps and quiet hours (R-03): only consenting customers, at most the shop's cap of
marketing touches per customer over all rules, only in working time, an unsubscribe link that
works at once — and transactional notices that no opt-out blocks."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from kefu.core.errors import Forbidden, InvalidInput
from kefu.core.events import pump, record_event
from kefu.core.models import Event
from kefu.customers.models import Customer
from kefu.notify.models import Message
from kefu.retention.models import ConsentRecord, RetentionSettings, Touch
from kefu.retention.services import (
    record_consent,
    run_care_rules,
    set_contact_cap,
    unsubscribe_by_link,
)
from kefu.sla.services import update_policy
from tests.catalog.factories import ProductFactory
from tests.complaints.factories import ComplaintFactory
from tests.retention.conftest import WORKING, at
from tests.retention.factories import ConsentingCustomerFactory, RuleFactory
from tests.tickets.factories import TicketFactory

pytestmark = [pytest.mark.req("R-03"), pytest.mark.django_db]


def run(now=WORKING) -> int:
    with time_machine.travel(now, tick=False):
        queued = run_care_rules()
        pump()
    return queued


def link_of(message: Message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/retention/unsubscribe/[^/]+/)", message.body)[1]


def test_consent_is_recorded_with_time_and_source_and_the_customer_flag_changes_with_it(agent):
    customer = ConsentingCustomerFactory(marketing_consent=False, team=agent.team)
    with time_machine.travel(WORKING, tick=False):
        record = record_consent(actor=agent, customer=customer, granted=True, source="form")
    customer.refresh_from_db()
    assert (record.granted, record.source, record.recorded_at, record.recorded_by) == (
        True,
        "form",
        WORKING,
        agent,
    )
    assert (customer.marketing_consent, customer.marketing_consent_at) == (True, WORKING)
    event = Event.objects.get(name="customer.consent_changed")
    assert (event.customer_id, event.payload) == (customer.pk, {"granted": True, "source": "form"})


def test_a_failed_transaction_leaves_neither_the_record_nor_the_flag(agent):
    customer = ConsentingCustomerFactory(marketing_consent=False, team=agent.team)
    with pytest.raises(RuntimeError), transaction.atomic():
        record_consent(actor=agent, customer=customer, granted=True, source="agent")
        raise RuntimeError("rolled back")
    customer.refresh_from_db()
    assert customer.marketing_consent is False
    assert ConsentRecord.objects.count() == 0


def test_the_unsubscribe_link_source_cannot_be_typed_by_staff(agent):
    customer = ConsentingCustomerFactory(team=agent.team)
    with pytest.raises(InvalidInput):
        record_consent(actor=agent, customer=customer, granted=False, source="unsubscribe")
    assert ConsentRecord.objects.count() == 0


def test_an_agent_may_not_record_consent_for_a_customer_of_another_team(other_team_agent):
    customer = ConsentingCustomerFactory(marketing_consent=False)
    with pytest.raises(Forbidden):
        record_consent(actor=other_team_agent, customer=customer, granted=True, source="agent")
    customer.refresh_from_db()
    assert (customer.marketing_consent, customer.marketing_consent_at) == (False, None)
    assert ConsentRecord.objects.count() == 0
    assert Event.objects.count() == 0


def test_the_agent_calling_a_lead_may_record_that_customers_consent(other_team_agent):
    from tests.retention.factories import LeadFactory

    lead = LeadFactory(agent=other_team_agent)
    record_consent(actor=other_team_agent, customer=lead.customer, granted=False, source="call")
    lead.customer.refresh_from_db()
    assert lead.customer.marketing_consent is False


def test_customers_without_consent_are_never_reached():
    ConsentingCustomerFactory(marketing_consent=False)
    ConsentingCustomerFactory(marketing_consent=True, erased_at=WORKING)
    RuleFactory()
    assert run() == 0
    assert Touch.objects.count() == 0


def test_the_cap_counts_touches_of_every_rule_within_the_policy_window():
    customer = ConsentingCustomerFactory()
    for name in ("技巧一", "技巧二", "技巧三"):
        RuleFactory(name=name)
    assert RetentionSettings.current().max_touches == 2

    assert run() == 2  # the third rule is held back by the cap of 2 per 7 days
    assert run(at(2026, 3, 16, 10)) == 0  # 6 days later: the window still holds two
    assert run(at(2026, 3, 17, 10, 1)) == 1  # 7 days later: room again
    assert Touch.objects.filter(customer=customer).count() == 3


def test_a_manager_changes_the_cap_and_an_admin_the_window(manager, admin_user):
    ConsentingCustomerFactory()
    for name in ("技巧一", "技巧二", "技巧三"):
        RuleFactory(name=name)
    set_contact_cap(actor=manager, max_touches=1)
    assert run() == 1
    update_policy(actor=admin_user, key="retention.cap_window", changes={"minutes": 60})
    assert run(at(2026, 3, 10, 11, 1)) == 1


def test_an_agent_may_not_change_the_cap(agent):
    with pytest.raises(Forbidden):
        set_contact_cap(actor=agent, max_touches=9)
    assert RetentionSettings.current().max_touches == 2


@pytest.mark.parametrize(
    "quiet",
    [at(2026, 3, 10, 22, 0), at(2026, 3, 10, 12, 30), at(2026, 3, 14, 10, 0)],
    ids=["night", "lunch", "saturday"],
)
def test_nothing_is_sent_in_quiet_hours_and_the_next_working_run_catches_up(quiet):
    ConsentingCustomerFactory()
    RuleFactory()
    assert run(quiet) == 0
    assert Touch.objects.count() == 0
    assert run() == 1


def test_nothing_is_sent_on_a_public_holiday(statutory_calendar):
    ConsentingCustomerFactory()
    RuleFactory()
    assert run(at(2026, 5, 4, 10)) == 0  # Monday, 劳动节
    assert run(at(2026, 5, 6, 10)) == 1


def test_the_unsubscribe_link_takes_effect_at_once_on_a_public_page():
    customer = ConsentingCustomerFactory()
    RuleFactory(name="技巧一")
    RuleFactory(name="技巧二", kind="new_product", product=ProductFactory())
    set_cap = RetentionSettings.current()
    set_cap.max_touches = 1
    set_cap.save()
    assert run() == 1

    response = Client().get(link_of(Message.objects.get()))
    assert response.status_code == 200
    assert "You have been unsubscribed." in response.content.decode()
    customer.refresh_from_db()
    assert customer.marketing_consent is False
    record = ConsentRecord.objects.get()
    assert (record.granted, record.source, record.recorded_by) == (False, "unsubscribe", None)
    assert run(at(2026, 3, 17, 11)) == 0  # the other rule never reaches them now
    assert Client().get(link_of(Message.objects.get())).status_code == 200  # again: no change
    assert ConsentRecord.objects.count() == 1


def test_a_bad_unsubscribe_link_is_a_friendly_404():
    response = Client().get("/retention/unsubscribe/not-a-token/")
    assert response.status_code == 404
    assert "This unsubscribe link is not valid." in response.content.decode()


def test_a_touch_queued_before_the_opt_out_is_suppressed_not_sent(agent):
    customer = ConsentingCustomerFactory(owner=agent)
    RuleFactory()
    with time_machine.travel(WORKING, tick=False):
        run_care_rules()  # queued; the outbox has not run yet
    record_consent(actor=agent, customer=customer, granted=False, source="call")
    pump()
    assert Touch.objects.get().status == "suppressed"
    assert Message.objects.count() == 0


def test_unsubscribing_twice_through_the_service_records_once():
    customer = ConsentingCustomerFactory()
    RuleFactory()
    run()
    token = link_of(Message.objects.get()).split("/")[-2]
    assert unsubscribe_by_link(token=token).marketing_consent is False
    assert unsubscribe_by_link(token=token).marketing_consent is False
    assert ConsentRecord.objects.filter(customer=customer).count() == 1


@pytest.mark.parametrize(
    ("event_name", "template"),
    [("ticket.resolved", "ticket.resolved"), ("complaint.registered", "complaint.received")],
)
def test_a_transactional_notice_still_reaches_a_customer_who_unsubscribed(event_name, template):
    customer = ConsentingCustomerFactory()
    RuleFactory()
    run()
    Client().get(link_of(Message.objects.get()))
    assert Customer.objects.get(pk=customer.pk).marketing_consent is False

    subject = (
        TicketFactory(customer=customer)
        if event_name.startswith("ticket")
        else ComplaintFactory(customer=customer)
    )
    with transaction.atomic():
        event = record_event(event_name, subject=subject, customer_id=customer.pk)
    pump()
    notice = Message.objects.get(event=event)
    assert (notice.template_event, notice.recipient, notice.customer_id, notice.channel) == (
        template,
        customer.phone,
        customer.pk,
        "sms",
    )
