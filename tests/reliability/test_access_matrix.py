"""The access matrix (issue 14, P-01, C-05): every route from the URL conf × seven principals
× records of two teams. Generated from the URL conf, so a new route is checked the day it is
added — and a route whose parameters this file cannot fill fails the test until it can.

Per cell, with team A's records in the URL:
- anonymous and the customer-link holder: denied on every staff route (login redirect, 401,
  403, 404 or 405), and the public pages answer without a server error;
- the agent of team B: denied on every route naming a team-A record, and no answer of any
  route shows team A's ticket, complaint or customer;
- every staff principal: never a server error, and never a customer's unmasked phone or email;
- the agent of team A, the supervisor of team A, the manager and the admin: allowed (200) on
  the pages and API reads of team A's records.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kefu.tickets.services import add_attachment
from tests.callbacks.factories import TaskFactory
from tests.catalog.factories import OrderFactory, ProductFactory
from tests.complaints.factories import ComplaintFactory, ImprovementFactory, IncidentFactory
from tests.conftest import client_for
from tests.customers.factories import CustomerFactory
from tests.knowledge.factories import ArticleFactory, ScriptFactory
from tests.presales.conftest import new_lead
from tests.quality.factories import ScoreFactory
from tests.retention.factories import LeadFactory as OutboundLeadFactory
from tests.retention.factories import RuleFactory
from tests.surveys.factories import SurveyFactory
from tests.tickets.conftest import PNG
from tests.tickets.factories import EscalationFactory, SolutionFactory, TicketFactory

pytestmark = pytest.mark.req("P-01", "C-05")

SECRET_PHONE, SECRET_EMAIL = "13911112222", "jia.secret@example.cn"
SECRET_NAME, SECRET_TEXT = "甲队机密客户", "甲队机密工单描述"
PUBLIC = (
    "login/",
    "logout/",
    "support/",
    "s/",
    "i18n/",
    "complaints/confirm/",
    "complaints/notices/",
    "api/v1/openapi.json",
    "api/v1/docs",
    "api/v1/health",
)
DENIED = {302, 401, 403, 404, 405}
# Parameters naming a record that belongs to team A (incidents, products, articles are shared).
TEAM_RECORD_PARAMS = {
    "number",
    "ticket_number",
    "customer_id",
    "attachment_id",
    "solution_id",
    "escalation_id",
    "task_id",
    "survey_id",
    "lead_id",
    "inquiry_id",
}
# The PIPL copy of a customer's data is the full data by design (supervisors, audited).
UNMASKED_BY_DESIGN = ("customers/<int:customer_id>/export.",)
MISSING = "999999"  # no such record: the route is checked for denial and for no server error


def routes(patterns=None, prefix: str = "") -> list[str]:
    out: list[str] = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            out += routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return sorted({r for r in out if not r.startswith("admin/")})


def params(route: str) -> list[str]:
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)]


def fill(route: str, values: dict[tuple[str, str], str]) -> str | None:
    def value(name: str) -> str | None:
        """The value named for the longest prefix of the route."""
        found = [(p, v) for (p, n), v in values.items() if n == name and route.startswith(p)]
        return max(found, key=lambda pv: len(pv[0]))[1] if found else None

    url = route
    for name in params(route):
        v = value(name)
        if v is None:
            return None
        url = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", v, url, count=1)
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".")


@pytest.fixture
def world(team, agent, supervisor) -> dict[tuple[str, str], str]:
    """Team A's records, and how each route parameter names one of them."""
    customer = CustomerFactory(
        name=SECRET_NAME, phone=f"+86{SECRET_PHONE}", email=SECRET_EMAIL, team=team, owner=agent
    )
    product = ProductFactory()
    order = OrderFactory(customer=customer, items=[product])
    ticket = TicketFactory(
        team=team, customer=customer, order=order, description=SECRET_TEXT, assignee=agent
    )
    attachment = add_attachment(
        actor=agent,
        ticket=ticket,
        upload=SimpleUploadedFile("p.png", PNG, content_type="image/png"),
    )
    complaint = ComplaintFactory(customer=customer, team=team, content=SECRET_TEXT)
    client_for(supervisor).post(
        f"/api/v1/complaints/{complaint.number}/attachments",
        {"file": SimpleUploadedFile("e.png", PNG, content_type="image/png"), "kind": "evidence"},
    )
    complaint_file = complaint.attachments.first()
    task = TaskFactory(customer=customer, agent=agent, campaign__team=team)
    lead = new_lead(agent)
    outbound = OutboundLeadFactory(campaign__team=team, agent=agent)
    survey = SurveyFactory(ticket=ticket)
    ids = {
        ("tickets/", "number"): ticket.number,
        ("tickets/", "attachment_id"): str(attachment.pk),
        ("api/v1/tickets/", "number"): ticket.number,
        ("api/v1/tickets/", "ticket_number"): ticket.number,
        ("api/v1/tickets/", "attachment_id"): str(attachment.pk),
        ("api/v1/tickets/", "solution_id"): str(SolutionFactory(ticket=ticket).pk),
        ("api/v1/tickets/", "escalation_id"): str(EscalationFactory(ticket=ticket).pk),
        ("complaints/", "number"): complaint.number,
        ("api/v1/complaints/", "number"): complaint.number,
        ("complaints/", "attachment_id"): str(complaint_file.pk if complaint_file else MISSING),
        ("api/v1/complaints/", "attachment_id"): str(
            complaint_file.pk if complaint_file else MISSING
        ),
        ("complaints/", "action_id"): str(ImprovementFactory(owner=agent).pk),
        ("", "incident_id"): str(IncidentFactory().pk),
        ("customers/", "customer_id"): str(customer.pk),
        ("api/v1/customers/", "customer_id"): str(customer.pk),
        ("", "field"): "phone",
        ("orders/", "number"): order.number,
        ("api/v1/orders/", "number"): order.number,
        ("", "item_id"): str(order.items.get().pk),
        ("", "product_id"): str(product.pk),
        ("", "campaign_id"): str(task.campaign.pk),
        ("", "task_id"): str(task.pk),
        ("", "survey_id"): str(survey.pk),
        ("", "article_id"): str(ArticleFactory().pk),
        ("", "script_id"): str(ScriptFactory().pk),
        ("", "year"): "2026",
        ("policies/", "key"): "ticket.online.first_response",
        ("api/v1/policies/", "key"): "ticket.online.first_response",
        ("", "key"): "malicious",
        ("", "fmt"): "csv",
        ("", "action"): "start",
        ("", "token"): "not-a-real-link-token",
        ("", "public_id"): "no-such-notice",
        ("presales/", "lead_id"): str(lead.pk),
        ("api/v1/presales/", "lead_id"): str(lead.pk),
        ("", "inquiry_id"): str(lead.inquiries.first().pk),
        ("", "step"): "needs",
        ("retention/", "lead_id"): str(outbound.pk),
        ("api/v1/retention/", "lead_id"): str(outbound.pk),
        ("", "rule_id"): str(RuleFactory().pk),
        ("", "score_id"): str(ScoreFactory(agent=agent, team=team).pk),
        ("analytics/", "name"): "service",
        ("", "customer_id"): str(customer.pk),
        ("customers/", "fmt"): "json",
        ("", "agent_id"): str(agent.pk),
    }
    for name in (
        "action_id",
        "follow_up_id",
        "message_id",
        "token_id",
        "delivery_id",
        "deadline_id",
        "template_id",
        "subscription_id",
        "quarantined_id",
        "run_id",
    ):
        ids.setdefault(("", name), MISSING)
    return ids


@pytest.fixture
def principals(agent, other_team_agent, supervisor, manager, admin_user) -> dict[str, Client]:
    return {
        "anonymous": Client(),
        "agent_a": client_for(agent),
        "agent_b": client_for(other_team_agent),
        "supervisor_a": client_for(supervisor),
        "manager": client_for(manager),
        "admin": client_for(admin_user),
    }


def test_every_route_can_be_filled_with_team_a_records(world):
    unfilled = [r for r in routes() if fill(r, world) is None]

    assert unfilled == [], "name a record for these route parameters in this file"


def test_no_staff_route_answers_an_anonymous_visitor_or_link_holder(world):
    visitor = Client()
    leaks = {}
    for route in routes():
        if route.startswith(PUBLIC) or fill(route, world) is None:
            continue
        url = fill(route, world)
        for method in ("get", "post"):
            response = getattr(visitor, method)(url)
            if response.status_code not in DENIED or (
                response.status_code == 302 and "/login/" not in response["Location"]
            ):
                leaks[f"{method.upper()} {url}"] = response.status_code

    assert leaks == {}


def test_the_public_pages_answer_a_visitor_without_a_server_error(world):
    visitor = Client()
    answers = {}
    for route in routes():
        if route.startswith(PUBLIC) and fill(route, world):
            answers[route] = visitor.get(fill(route, world)).status_code

    assert {route: s for route, s in answers.items() if s >= 500} == {}
    assert answers["support/"] == 200


@pytest.mark.parametrize("who", ["agent_a", "agent_b", "supervisor_a", "manager", "admin"])
def test_no_route_gives_a_server_error_or_an_unmasked_phone_or_email(world, principals, who):
    client = principals[who]
    problems = {}
    for route in routes():
        url = fill(route, world)
        if url is None or route.startswith(("logout/", "i18n/")):
            continue
        response = client.get(url)
        body = b"" if response.streaming else response.content
        if response.status_code >= 500:
            problems[url] = response.status_code
        elif route.startswith(UNMASKED_BY_DESIGN):
            continue
        elif SECRET_PHONE.encode() in body or SECRET_EMAIL.encode() in body:
            problems[url] = "unmasked"

    assert problems == {}


def test_the_agent_of_team_b_reads_nothing_of_team_a(world, principals):
    client = principals["agent_b"]
    reads = {}
    for route in routes():
        url = fill(route, world)
        if url is None or route.startswith(PUBLIC):
            continue
        response = client.get(url)
        body = b"" if response.streaming else response.content
        shows_team_a = SECRET_NAME.encode() in body or SECRET_TEXT.encode() in body
        names_team_a_record = bool(TEAM_RECORD_PARAMS & set(params(route)))
        if shows_team_a or (names_team_a_record and response.status_code == 200):
            reads[url] = response.status_code

    assert reads == {}


@pytest.mark.parametrize("who", ["agent_a", "supervisor_a", "manager", "admin"])
def test_team_a_and_those_above_read_team_a_records(world, principals, who):
    client = principals[who]
    pages = [
        f"/tickets/{world[('tickets/', 'number')]}/",
        f"/customers/{world[('customers/', 'customer_id')]}/",
        f"/api/v1/tickets/{world[('api/v1/tickets/', 'number')]}",
        f"/api/v1/customers/{world[('api/v1/customers/', 'customer_id')]}",
        f"/api/v1/complaints/{world[('api/v1/complaints/', 'number')]}",
    ]

    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)
