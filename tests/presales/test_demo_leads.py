"""`kefu demo` adds leads in every stage of the pipeline, made through the services (S-08)."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count

from kefu.core.models import Role
from kefu.demo.presales import PER_STAGE, create_leads
from kefu.presales.models import Lead, Objection, Recommendation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.req("S-08")
def test_the_demo_has_leads_in_every_stage(team, catalog):
    make_user("agent1", Role.AGENT, team)
    make_user("agent2", Role.AGENT, team)

    made = create_leads(random.Random(2026))

    counts = dict(Lead.objects.values_list("stage").annotate(n=Count("pk")))
    assert counts == dict(PER_STAGE)
    assert made == sum(n for _stage, n in PER_STAGE)
    assert Recommendation.objects.exists()
    assert Objection.objects.count() == 8  # the negotiating and the won leads
    assert Lead.objects.filter(stage="won", order__isnull=False).count() == 4
