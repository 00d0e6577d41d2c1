"""The supervisor's pages for distribution (C-03) and a customer's PIPL requests (C-05)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kefu.core.models import AuditEntry
from kefu.core.personal import ERASED
from kefu.customers.models import Customer
from kefu.sla.models import Deadline
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory


@pytest.mark.req("C-03")
def test_the_distribution_page_previews_then_confirms(supervisor, agent, teammate):
    CustomerFactory.create_batch(3, member_level="gold")
    CustomerFactory(member_level="silver")
    client = client_for(supervisor)
    form = {"member_levels": "gold", "agents": [agent.pk, teammate.pk]}

    preview = client.post(reverse("customers:distribute"), {**form, "action": "preview"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-testid="distribution-plan"' in html
    assert Customer.objects.filter(owner__isnull=False).count() == 0

    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    done = client.post(
        reverse("customers:distribute"), {**form, "action": "confirm", "fingerprint": fingerprint}
    )
    assert 'data-testid="distributed"' in done.content.decode()
    assert Customer.objects.filter(owner__in=[agent, teammate]).count() == 3
    assert Deadline.objects.filter(kind="customer.first_contact").count() == 3


@pytest.mark.req("C-03")
def test_the_owner_records_the_contact_from_the_customer_page(supervisor, agent):
    customer = CustomerFactory()
    client_for(supervisor).post(
        reverse("customers:distribute"),
        {"action": "confirm", "agents": [agent.pk], "member_levels": customer.member_level},
    )

    client_for(agent).post(reverse("customers:contact", args=[customer.pk]), {"text": "已电话沟通"})

    assert Deadline.objects.get(kind="customer.first_contact").met_at is not None


@pytest.mark.req("C-05")
def test_a_supervisor_downloads_the_json_copy_and_it_is_audited(supervisor):
    customer = CustomerFactory(name="欧阳娜娜")

    response = client_for(supervisor).get(reverse("customers:export", args=[customer.pk, "json"]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="customer-{customer.pk}.json"'
    assert json.loads(response.content)["customers.customer"][0]["name"] == "欧阳娜娜"
    assert AuditEntry.objects.filter(action="customer.data_exported").count() == 1


@pytest.mark.req("C-05")
def test_erasure_on_the_page_needs_the_typed_number(supervisor):
    customer = CustomerFactory(name="欧阳娜娜")
    client = client_for(supervisor)

    client.post(reverse("customers:erase", args=[customer.pk]), {"confirm": "wrong"})
    assert Customer.objects.get(pk=customer.pk).name == "欧阳娜娜"

    client.post(reverse("customers:erase", args=[customer.pk]), {"confirm": str(customer.pk)})
    assert Customer.objects.get(pk=customer.pk).name == ERASED


@pytest.mark.req("C-05")
def test_agents_see_no_export_or_erase(agent):
    customer = CustomerFactory(owner=agent)
    client = client_for(agent)

    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()

    assert 'data-testid="personal-requests"' not in page
    assert client.get(reverse("customers:export", args=[customer.pk, "json"])).status_code == 403
    assert (
        client.post(
            reverse("customers:erase", args=[customer.pk]), {"confirm": str(customer.pk)}
        ).status_code
        == 403
    )
