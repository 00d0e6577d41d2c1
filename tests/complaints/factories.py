"""Complaints, plans, departments and incidents for tests, in any state, without the services."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kefu.complaints.models import Complaint, Incident, Plan
from kefu.core.models import Department
from kefu.quality.models import ImprovementAction
from tests.customers.factories import CustomerFactory


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Iterator(["仓储部", "物流部", "技术部", "客服部"])


class ComplaintFactory(DjangoModelFactory):
    """A phone complaint about a phone that stopped working; ``status`` as given."""

    class Meta:
        model = Complaint

    number = factory.Sequence(lambda n: f"C990101{n:04d}")
    customer = factory.SubFactory(CustomerFactory)
    contact_phone = factory.LazyAttribute(lambda c: c.customer.phone)
    contact_email = factory.LazyAttribute(lambda c: c.customer.email)
    channel = "phone"
    content = "昨天买的手机，今天就开不了机了！"
    demand = "换新机并赔偿"
    status = "registered"
    received_at = factory.LazyFunction(timezone.now)
    closed_at = factory.LazyAttribute(lambda c: timezone.now() if c.status == "closed" else None)


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    complaint = factory.SubFactory(ComplaintFactory)
    description = "换一台新手机，明天送到"
    compensation_kind = "coupon"
    compensation_fen = 20000
    status = "proposed"


class ImprovementFactory(DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    origin = "complaints"
    title = "出库前逐台开机检测"
    category = "product_quality"
    due_on = factory.LazyFunction(timezone.localdate)


class IncidentFactory(DjangoModelFactory):
    class Meta:
        model = Incident

    title = "3月15日批次发错颜色"
    kind = "wrong_batch"
    description = "仓库把黑色款当白色款发出"
