"""Surveys for tests, in any state, without going through the services."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kefu.surveys.models import Survey, SurveyResponse
from kefu.surveys.services.links import hash_token
from tests.tickets.factories import TicketFactory


class SurveyFactory(DjangoModelFactory):
    """An online survey about a resolved web ticket, due now; ``token="..."`` makes it sent."""

    class Meta:
        model = Survey
        exclude = ("token",)

    ticket = factory.SubFactory(
        TicketFactory, status="resolved", resolved_at=factory.LazyFunction(timezone.now)
    )
    order = None
    customer = factory.LazyAttribute(lambda s: (s.ticket or s.order).customer)
    trigger = "resolution"
    method = "online"
    channel = "web"
    category = "product_quality"
    service_at = factory.LazyFunction(timezone.now)
    send_at = factory.LazyFunction(timezone.now)
    token = None
    status = factory.LazyAttribute(lambda s: "sent" if s.token else "scheduled")
    token_hash = factory.LazyAttribute(lambda s: hash_token(s.token) if s.token else None)
    sent_at = factory.LazyAttribute(lambda s: timezone.now() if s.token else None)
    expires_at = factory.LazyAttribute(
        lambda s: timezone.now() + timezone.timedelta(days=7) if s.token else None
    )


class ResponseFactory(DjangoModelFactory):
    """An answer with every score as ``overall`` unless given."""

    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory, status="answered")
    overall = 5
    attitude = factory.LazyAttribute(lambda r: r.overall)
    speed = factory.LazyAttribute(lambda r: r.overall)
    result = factory.LazyAttribute(lambda r: r.overall)
    method = "online"
    answered_at = factory.LazyFunction(timezone.now)
