"""Callback campaigns and calls for tests, in any state, without the services."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from kefu.callbacks.models import CallbackCampaign, CallbackTask
from tests.customers.factories import CustomerFactory


class CampaignFactory(DjangoModelFactory):
    """A running campaign about services completed in the first week of March 2026."""

    class Meta:
        model = CallbackCampaign

    name = factory.Sequence(lambda n: f"三月售后回访 {n}")
    kind = "service"
    served_from = date(2026, 3, 2)
    served_to = date(2026, 3, 8)
    state = "running"


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = CallbackTask

    campaign = factory.SubFactory(CampaignFactory)
    customer = factory.SubFactory(CustomerFactory, member_level="gold")
    service_label = "智能手机 X1"
