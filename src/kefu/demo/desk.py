"""The demo's after-sales desk: tickets in every state, category and sub-type, each lived through
the ticket services at past times, so deadlines are kept, warned or breached as they would be.

Past times come from ``time_machine`` (installed with the development extras that ``make run``
uses); without it the stories all happen now and fewer deadlines are breached.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from kefu.catalog.models import Order
from kefu.core.models import Channel, Role, User
from kefu.customers.models import Customer
from kefu.demo.data import AGITATED_ENDINGS, FOLLOW_UPS, SATISFACTION_NOTES, STORIES
from kefu.tickets import services
from kefu.tickets.guides import guide_for
from kefu.tickets.models import Category, Solution, SolutionKind, Ticket

try:  # a development extra; see the module docstring
    import time_machine
except ImportError:  # pragma: no cover - the demo still runs, at the present time
    time_machine = None

# How many tickets end in each state, and how long ago their story began (days).
TARGETS = (
    ("new", 40, (0.003, 3)),
    ("diagnosing", 50, (0.05, 6)),
    ("solution_offered", 35, (0.2, 8)),
    ("in_progress", 50, (1, 15)),
    ("resolved", 35, (1, 20)),
    ("closed", 90, (3, 90)),
)
MERGED = 12
CHANNELS = (
    (Channel.WECHAT, 30),
    (Channel.WEB, 22),
    (Channel.PHONE, 18),
    (Channel.APP, 12),
    (Channel.STORE, 8),
    (Channel.EMAIL, 6),
    (Channel.SMS, 4),
)
SUBTYPES = tuple(STORIES)  # the six of seed 002, and "" for a usage question


@dataclass(frozen=True)
class Cast:
    agents: list[User]
    supervisor: User
    manager: User
    tech: User

    @classmethod
    def load(cls) -> Cast:
        users = User.objects.order_by("pk")
        return cls(
            agents=list(users.filter(role=Role.AGENT, team__isnull=False)),
            supervisor=users.filter(role=Role.SUPERVISOR).first(),  # type: ignore[arg-type]
            manager=users.filter(role=Role.MANAGER).first(),  # type: ignore[arg-type]
            tech=users.filter(role=Role.TECH_SUPPORT).first(),  # type: ignore[arg-type]
        )


class Story:
    """One ticket's life: each step happens a little after the last, never after now."""

    def __init__(self, rng: random.Random, cast: Cast, began: datetime) -> None:
        self.rng, self.cast = rng, cast
        self.at = began
        self.limit = timezone.now() - timedelta(minutes=2)
        self.ticket: Ticket | None = None

    @contextlib.contextmanager
    def later(self, low: float, high: float) -> Iterator[None]:
        """Move ``low``–``high`` minutes on (at most to now) and act at that time."""
        self.at = min(self.at + timedelta(minutes=self.rng.uniform(low, high)), self.limit)
        if time_machine is None:
            yield
            return
        with time_machine.travel(self.at, tick=False):
            yield

    @property
    def now(self) -> Ticket:
        """The ticket as last read; services lock and re-read it themselves."""
        assert self.ticket is not None
        return self.ticket

    def fresh(self) -> Ticket:
        assert self.ticket is not None
        self.ticket = Ticket.objects.select_related("assignee", "order").get(pk=self.ticket.pk)
        return self.ticket

    @property
    def agent(self) -> User:
        """The assignee, else an agent of the ticket's team (who sees it), else a supervisor."""
        ticket = self.ticket
        assert ticket is not None
        if ticket.assignee is not None:
            return ticket.assignee
        team = [a for a in self.cast.agents if a.team_id == ticket.team_id]
        return team[ticket.pk % len(team)] if team else self.cast.supervisor


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def _draft(
    rng: random.Random, customer: Customer, order: Order | None, subtype: str, n: int
) -> Any:
    item = rng.choice(list(order.items.all())) if order else None
    product = item.product.name if item else "产品"
    text, demand = rng.choice(STORIES[subtype])
    text = text.format(p=product, n=rng.randint(2, 12))
    if n % 7 == 3:
        text += rng.choice(AGITATED_ENDINGS)
    channel = _weighted(rng, CHANNELS)
    return services.NewTicket(
        description=text,
        demand=demand,
        channel=channel,
        customer_id=customer.pk,
        order_number=order.number if order else "",
        order_item_id=item.pk if item else None,
        subtype=subtype if n % 3 else "",  # a third are categorized later, by the agent
        category="" if subtype or n % 3 == 0 else Category.CUSTOMER_USAGE,
        urgent=n % 5 == 0,
        important=n % 4 == 0,
    )


def _open(story: Story, draft: Any, n: int) -> Ticket:
    """Received from the public form (web), or recorded by the customer's own agent, with or
    without assignment by load (left in the team's pool)."""
    customer = Customer.objects.select_related("owner").get(pk=draft.customer_id)
    public = draft.channel == Channel.WEB and n % 2 == 0
    actor = None if public else customer.owner or story.cast.supervisor
    if public:
        draft.customer_id, draft.phone, draft.name = None, customer.phone, customer.name
    draft.auto_assign = not public and n % 6 != 0
    with story.later(0, 0):
        story.ticket = services.open_ticket(actor=actor, draft=draft)
    return story.ticket


def _greet(story: Story) -> None:
    ticket = story.fresh()
    agent = story.agent
    if ticket.assignee_id is None:
        with story.later(2, 40):
            story.ticket = services.assign_ticket(actor=agent, ticket=ticket, assignee=agent)
    brand = settings.KEFU_BRAND
    body = (
        f"您好，我是{brand}售后客服{agent.display_name}，很高兴为您服务。"
        "您反馈的问题我已经记录，马上为您核实处理。"
    )
    with story.later(5, 90):
        services.reply_to_ticket(actor=agent, ticket=story.now, body=body)
    if not story.ticket.category:  # type: ignore[union-attr]
        subtype = story.rng.choice([s for s in SUBTYPES if s])
        with story.later(1, 10):
            story.ticket = services.categorize_ticket(
                actor=agent, ticket=story.now, subtype=subtype
            )


def _side_events(story: Story, n: int) -> None:
    """Some customers write again, some tickets get a promised time or go up the line."""
    if n % 4 == 1:
        with story.later(20, 300):
            services.record_customer_message(
                actor=story.agent, ticket=story.now, body=story.rng.choice(FOLLOW_UPS)
            )
    recent = story.at > timezone.now() - timedelta(hours=20)
    if n % 3 == 0 and recent:  # "I'll call you back shortly": due within the next hour or so
        until = timezone.now() + timedelta(minutes=story.rng.uniform(4, 80))
        with story.later(5, 30):
            services.promise_resolution(actor=story.agent, ticket=story.now, until=until)
    elif n % 3 == 0 and n % 2:  # 24小时内给您回复 (the policy)
        with story.later(5, 30):
            services.promise_resolution(actor=story.agent, ticket=story.now)
    if n % 9 == 4:
        _escalate(story, answered=n % 2 == 0)


def _escalate(story: Story, *, answered: bool) -> None:
    target = story.rng.choice(["supervisor", "supervisor", "manager", "tech_support"])
    reasons = {
        "supervisor": "客户要求额外补偿，超出我的权限",
        "manager": "客户表示要向消协投诉，需要经理出面",
        "tech_support": "疑似批次质量问题，需要技术检测",
    }
    with story.later(5, 40):
        escalation = services.escalate_ticket(
            actor=story.agent, ticket=story.now, target=target, reason=reasons[target]
        )
    if not answered:
        return
    answerer = {"supervisor": story.cast.supervisor, "manager": story.cast.manager}.get(
        target, story.cast.tech
    )
    with story.later(3, 25):
        services.answer_escalation(
            actor=answerer, escalation=escalation, answer="同意，按方案处理并跟进"
        )


def _options(ticket: Ticket) -> list[services.SolutionOption]:
    guide = guide_for(ticket.subtype)
    kinds = list(guide.suggested_solutions if guide else ("exchange", "refund"))[:2]
    amount = ticket.order.amount_fen if ticket.order else 10000
    options = []
    for suggested in kinds:
        kind, fen = str(suggested), 0
        if kind in (SolutionKind.PARTIAL_REFUND, SolutionKind.PAID_REPAIR):
            fen = max(100, amount // 10)
        elif kind == SolutionKind.COUPON:
            fen = 5000
        if kind in (SolutionKind.REFUND, SolutionKind.PARTIAL_REFUND) and ticket.order is None:
            kind, fen = SolutionKind.COUPON, 5000
        options.append(services.SolutionOption(kind=kind, amount_fen=fen))
    return options


def _offer_and_choose(story: Story, *, choose: bool) -> Solution | None:
    with story.later(10, 240):
        offered = services.offer_solutions(
            actor=story.agent, ticket=story.now, options=_options(story.fresh())
        )
    if not choose:
        return None
    with story.later(20, 600):
        return services.record_customer_choice(
            actor=story.agent, ticket=story.now, solution_id=story.rng.choice(offered).pk
        )


def _track(story: Story, solution: Solution, *, steps: int | None = None) -> None:
    for step in list(solution.steps)[:steps]:
        with story.later(60, 1440):
            services.record_solution_progress(
                actor=story.agent, ticket=story.now, solution_id=solution.pk, step=step
            )


def _finish(story: Story, n: int, *, close: bool) -> None:
    with story.later(10, 120):
        services.resolve_ticket(actor=story.agent, ticket=story.now, resolution="已按方案处理完毕")
    if not close and n % 2:
        return
    satisfied = None if n % 11 == 0 else n % 13 != 0
    with story.later(60, 1440):
        services.confirm_satisfaction(
            actor=story.agent,
            ticket=story.now,
            satisfied=satisfied,
            note=story.rng.choice(SATISFACTION_NOTES) if satisfied else "",
        )
    if close:
        closer = story.agent if satisfied is not False else story.cast.supervisor
        with story.later(5, 60):
            services.close_ticket(actor=closer, ticket=story.now)


def _live(story: Story, target: str, n: int) -> None:
    """Walk the ticket to ``target`` the way an agent would."""
    if target == "new":
        return
    _greet(story)
    _side_events(story, n)
    if target == "diagnosing":
        return
    usage = story.fresh().category == Category.CUSTOMER_USAGE and target in ("resolved", "closed")
    if usage:
        _finish(story, n, close=target == "closed")
        return
    chosen = _offer_and_choose(story, choose=target != "solution_offered")
    if chosen is None:
        return
    if target == "in_progress":
        _track(story, chosen, steps=story.rng.randint(0, len(chosen.steps) - 1))
        if n % 5 == 2 and story.fresh().promised_resolution_at:
            _delay(story)
        return
    _track(story, chosen)
    _finish(story, n, close=target == "closed")


def _delay(story: Story) -> None:
    ticket = story.fresh()
    until = max(ticket.promised_resolution_at, timezone.now()) + timedelta(days=1)  # type: ignore[type-var]
    notice = services.DelayNotice(
        reason="配件短缺", until=until, compensation_fen=5000, compensation_note="50元优惠券"
    )
    with story.later(30, 600):
        services.announce_delay(actor=story.agent, ticket=story.now, notice=notice)


def _began(rng: random.Random, target: str, span: tuple[float, float], n: int) -> datetime:
    """When the story starts; most new tickets arrived within the hour (answer due soon)."""
    if target == "new" and n % 4:
        return timezone.now() - timedelta(minutes=rng.uniform(3, 55))
    return timezone.now() - timedelta(days=rng.uniform(*span))


def create_tickets(rng: random.Random, orders: dict[int, list[Order]]) -> int:
    """Tickets in every state, category and sub-type; some agitated, escalated, delayed."""
    cast = Cast.load()
    customers = list(Customer.objects.filter(pk__in=orders).order_by("pk"))
    others = list(Customer.objects.exclude(pk__in=orders).order_by("pk")[:20])
    plan = [(t, span) for t, count, span in TARGETS for _ in range(count)]
    made = 0
    for n, (target, span) in enumerate(plan):
        pool = others if n % 10 == 9 and others else customers
        customer = pool[(n * 13) % len(pool)]
        order = rng.choice(orders[customer.pk]) if customer.pk in orders else None
        story = Story(rng, cast, _began(rng, target, span, n))
        _open(story, _draft(rng, customer, order, SUBTYPES[n % len(SUBTYPES)], n), n)
        _live(story, target, n)
        made += 1
    return made + create_merged(rng, cast, customers, orders)


def create_merged(
    rng: random.Random, cast: Cast, customers: list[Customer], orders: dict[int, list[Order]]
) -> int:
    """Customers who wrote twice about one problem: the duplicate is merged into the first."""
    for n in range(MERGED):
        customer = customers[(n * 17 + 5) % len(customers)]
        order = orders[customer.pk][0]
        story = Story(rng, cast, _began(rng, "merged", (0.5, 10), n))
        draft = _draft(rng, customer, order, SUBTYPES[n % 6], n * 3 + 1)
        keep = _open(story, draft, n * 6 + 1)
        _greet(story)
        actor = story.agent
        draft = _draft(rng, customer, order, SUBTYPES[n % 6], n * 3 + 1)
        draft.channel = Channel.PHONE
        duplicate = _open(story, draft, n * 6 + 1)
        with story.later(5, 60):
            services.merge_tickets(actor=actor, duplicate=duplicate, keep=keep)
    return 2 * MERGED
