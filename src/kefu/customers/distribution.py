"""Distributing customers to agents (C-03, 004 §一 3): 按照负责客户数量均衡、兼顧業務能力的原則.

Each customer goes to the agent with the least open work (their open deadlines, counting those
given in this distribution), less a bonus for each skill that fits the customer: a product the
customer owns, its category, the customer's language. A preview shows who gets how many; the
confirmation repeats the computation and is refused if the loads changed meanwhile. Each
assignment opens the first-contact deadline (seed 004: within a week), met when the agent
records the contact.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.events import record_event
from kefu.core.models import Role, User
from kefu.core.permissions import require
from kefu.customers.models import AgentSkill, Customer, Note, SkillKind
from kefu.customers.services import add_note
from kefu.sla.models import Deadline
from kefu.sla.services import cancel_deadlines, meet_deadline, start_deadline

FIRST_CONTACT = "customer.first_contact"  # the sla policy seeded by migration 0004
SKILL_WEIGHT = 3  # one fitting skill is worth three open items of work
MAX_SELECTION = 20_000


@dataclass
class Share:
    agent: User
    load: int  # open work before this distribution
    customers: list[int] = field(default_factory=list)
    skilled: int = 0  # of those, how many fit at least one of the agent's skills


@dataclass
class Plan:
    shares: list[Share]

    @property
    def fingerprint(self) -> str:
        text = ";".join(f"{s.agent.pk}:{','.join(map(str, s.customers))}" for s in self.shares)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def owner_of(self) -> dict[int, User]:
        return {pk: s.agent for s in self.shares for pk in s.customers}


def _agents(agent_ids: Iterable[int]) -> list[User]:
    wanted = sorted({int(pk) for pk in agent_ids})
    agents = list(
        User.objects.filter(pk__in=wanted, role=Role.AGENT, is_active=True).order_by("pk")
    )
    if not wanted or len(agents) != len(wanted):
        raise InvalidInput(
            "distribution_agents",
            _("Choose one or more active agents."),
            {"agents": _("Choose one or more active agents.")},
        )
    return agents


def _customers(customer_ids: Iterable[int]) -> list[int]:
    ids = sorted({int(pk) for pk in customer_ids})
    found = list(
        Customer.objects.filter(pk__in=ids, erased_at__isnull=True).values_list("pk", flat=True)
    )
    if not ids or len(found) != len(ids) or len(ids) > MAX_SELECTION:
        raise InvalidInput(
            "distribution_customers",
            _("Choose from 1 to %(n)s customers.") % {"n": MAX_SELECTION},
            {"customers": _("Choose from 1 to %(n)s customers.") % {"n": MAX_SELECTION}},
        )
    return sorted(found)


def _open_loads(agents: Sequence[User]) -> dict[int, int]:
    rows = Deadline.objects.open().filter(owner__in=agents).values("owner").annotate(n=Count("id"))
    return {r["owner"]: r["n"] for r in rows}


def _traits(ids: Sequence[int]) -> dict[int, set[tuple[str, str]]]:
    """What each customer's skills are matched on: products owned, their categories, language."""
    traits: dict[int, set[tuple[str, str]]] = defaultdict(set)
    rows = Customer.objects.filter(pk__in=ids).values_list(
        "pk", "language", "orders__items__product__sku", "orders__items__product__category__name"
    )
    for pk, language, sku, category in rows:
        traits[pk].update(
            (kind, value)
            for kind, value in (
                (SkillKind.LANGUAGE, language),
                (SkillKind.PRODUCT, sku),
                (SkillKind.CATEGORY, category),
            )
            if value
        )
    return traits


def _skills(agents: Sequence[User]) -> dict[int, set[tuple[str, str]]]:
    skills: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for agent_id, kind, value in AgentSkill.objects.filter(agent__in=agents).values_list(
        "agent_id", "kind", "value"
    ):
        skills[agent_id].add((kind, value))
    return skills


def plan_distribution(
    *, actor: User, customer_ids: Iterable[int], agent_ids: Iterable[int]
) -> Plan:
    """Who would get which customers, without writing anything. Implements C-03 (preview)."""
    require(actor, "customer.assign")
    agents, ids = _agents(agent_ids), _customers(customer_ids)
    loads = _open_loads(agents)
    shares = [Share(agent, loads.get(agent.pk, 0)) for agent in agents]
    traits, skills = _traits(ids), _skills(agents)
    for pk in ids:
        fits = [len(traits[pk] & skills[s.agent.pk]) for s in shares]
        best = min(
            range(len(shares)),
            key=lambda i: (shares[i].load + len(shares[i].customers) - SKILL_WEIGHT * fits[i], i),
        )
        shares[best].customers.append(pk)
        shares[best].skilled += int(fits[best] > 0)
    return Plan(shares)


@transaction.atomic
def distribute_customers(
    *,
    actor: User,
    customer_ids: Iterable[int],
    agent_ids: Iterable[int],
    fingerprint: str | None = None,
) -> Plan:
    """Assign the customers as the preview showed; each gets a first-contact deadline for its
    new agent. ``fingerprint`` is the preview's: a changed plan is refused. Implements C-03."""
    plan = plan_distribution(actor=actor, customer_ids=customer_ids, agent_ids=agent_ids)
    if fingerprint is not None and fingerprint != plan.fingerprint:
        raise Conflict(
            "distribution_changed",
            _("The agents' loads changed since the preview; look at the new preview."),
        )
    now = timezone.now()
    owners = plan.owner_of()
    customers = list(Customer.objects.select_for_update().filter(pk__in=list(owners)))
    for customer in customers:
        agent = owners[customer.pk]
        customer.owner, customer.team_id, customer.assigned_at = agent, agent.team_id, now
        cancel_deadlines(subject=customer, kinds=[FIRST_CONTACT], at=now)
        start_deadline(
            kind=FIRST_CONTACT, subject=customer, started_at=now, owner=agent, team=agent.team
        )
        record_event(
            "customer.assigned",
            subject=customer,
            actor=actor,
            customer_id=customer.pk,
            payload={"owner_id": agent.pk},
        )
    Customer.objects.bulk_update(customers, ["owner", "team_id", "assigned_at"], batch_size=500)
    Customer.objects.filter(pk__in=list(owners)).update(version=F("version") + 1, updated_at=now)
    record_audit(
        actor=actor,
        action="customers.distributed",
        data={"agents": {str(s.agent.pk): len(s.customers) for s in plan.shares}},
    )
    return plan


def reassign_agent_customers(
    *, actor: User, agent: User, to_agent_ids: Iterable[int] | None = None
) -> Plan:
    """An agent leaves: all their customers go to the others (their team's active agents
    unless named), balanced the same way. Implements C-03 (reassignment)."""
    require(actor, "customer.assign")
    targets = list(to_agent_ids or [])
    if not targets:
        team = User.objects.filter(role=Role.AGENT, is_active=True, team_id=agent.team_id)
        targets = list(team.exclude(pk=agent.pk).values_list("pk", flat=True))
    if agent.pk in targets:
        raise InvalidInput(
            "distribution_agents",
            _("Choose other agents than the one leaving."),
            {"agents": _("Choose other agents than the one leaving.")},
        )
    ids = Customer.objects.filter(owner=agent, erased_at__isnull=True).values_list("pk", flat=True)
    return distribute_customers(actor=actor, customer_ids=list(ids), agent_ids=targets)


@transaction.atomic
def record_contact(*, actor: User, customer: Customer, text: str) -> Note:
    """The agent records talking with the customer (详细备案): a note on the timeline, and the
    first-contact deadline met. Implements C-03 (7-day first contact)."""
    note = add_note(actor=actor, customer=customer, text=text)
    now = timezone.now()
    Customer.objects.filter(pk=customer.pk).update(last_contacted_at=now)
    customer.last_contacted_at = now
    meet_deadline(kind=FIRST_CONTACT, subject=customer, at=now)
    record_event("customer.contacted", subject=customer, actor=actor, customer_id=customer.pk)
    return note


@transaction.atomic
def set_agent_skills(
    *, actor: User, agent: User, skills: Iterable[tuple[str, str]]
) -> list[AgentSkill]:
    """Replace what an agent is known to be good at (products, categories, languages)."""
    require(actor, "customer.assign")
    wanted = sorted({(str(k), str(v).strip()[:60]) for k, v in skills if str(v).strip()})
    if any(kind not in SkillKind.values for kind, _value in wanted):
        raise InvalidInput(
            "skill_kind", _("Not one of the choices."), {"kind": _("Not one of the choices.")}
        )
    AgentSkill.objects.filter(agent=agent).delete()
    rows = AgentSkill.objects.bulk_create(
        AgentSkill(agent=agent, kind=k, value=v) for k, v in wanted
    )
    record_audit(actor=actor, action="agent.skills_set", subject=agent, data={"skills": len(rows)})
    return rows
