"""Care rules, consenting customers and outbound campaigns for tests, without the services."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from kefu.retention.models import CareRule, Lead, OutboundCampaign
from tests.customers.factories import CustomerFactory


class ConsentingCustomerFactory(CustomerFactory):
    """A customer who agreed to marketing messages."""

    marketing_consent = True


class RuleFactory(DjangoModelFactory):
    class Meta:
        model = CareRule

    name = factory.Sequence(lambda n: f"每月使用技巧 {n}")
    kind = "usage_tip"
    channel = "sms"
    content = "夏天用空调的5个省电技巧：温度设在26度，定期清洗滤网。"
    day_of_month = 1
    lead_days = 3


class OutboundFactory(DjangoModelFactory):
    class Meta:
        model = OutboundCampaign

    name = factory.Sequence(lambda n: f"新品电话营销 {n}")
    goal = 2
    state = "running"


class LeadFactory(DjangoModelFactory):
    class Meta:
        model = Lead

    campaign = factory.SubFactory(OutboundFactory)
    customer = factory.SubFactory(ConsentingCustomerFactory)
