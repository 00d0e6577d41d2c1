"""Shared reads of the presales app, scoped by ``visible_to``: the inquiry queue with its
deadline states, leads by stage (board and list), the opening to pre-fill and the scripts
offered at each step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import NotFound
from kefu.core.models import Channel, User
from kefu.core.permissions import visible_to
from kefu.knowledge.models import Scene, Script
from kefu.knowledge.queries import scripts_for
from kefu.knowledge.services import render_script
from kefu.presales.models import (
    Daypart,
    Inquiry,
    Lead,
    NeedsAnalysis,
    ObjectionKind,
    Opening,
    Stage,
)
from kefu.presales.scoring import Match, rank_products
from kefu.presales.services.intake import FIRST_RESPONSE_KINDS, PROMISED_REPLY
from kefu.sla.models import Deadline

LEAD_RELATED = ("customer", "owner", "team", "order")
# What a card or a row of the pipeline shows: no more is loaded for each of them.
CARD_FIELDS = (
    "id",
    "stage",
    "channel",
    "stage_changed_at",
    "customer__name",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)
BOARD_CARDS = 10
# Counts on the board stop here ("999+"): the board never counts a whole big table.
COUNT_CAP = 1000
NOON, EVENING = 12, 18
OBJECTION_SCENES = {
    ObjectionKind.PRICE: Scene.OBJECTION_PRICE,
    ObjectionKind.FUNCTION: Scene.OBJECTION_FUNCTION,
    ObjectionKind.TRUST: Scene.OBJECTION_TRUST,
}


def inquiry_list(actor: User, *, mine: bool = False) -> QuerySet[Inquiry]:
    qs = visible_to(actor, Inquiry.objects.select_related("customer", "product", "owner", "lead"))
    return qs.filter(owner_id=actor.pk) if mine else qs


def inquiry(actor: User, inquiry_id: int) -> Inquiry:
    row = inquiry_list(actor).filter(pk=inquiry_id).first()
    if row is None:
        raise NotFound("inquiry_not_found", _("No such inquiry."))
    return row


def with_deadlines(inquiries: Iterable[Inquiry]) -> list[Inquiry]:
    """Attach ``first_response`` and ``promise`` (the latest of each kind) in one query."""
    rows = list(inquiries)
    by_id = {str(r.pk): r for r in rows}
    for row in rows:
        row.first_response = row.promise = None  # type: ignore[attr-defined]
    deadlines = Deadline.objects.filter(
        subject_type=Inquiry._meta.label_lower, subject_id__in=list(by_id)
    ).order_by("started_at", "pk")
    for deadline in deadlines:
        name = "promise" if deadline.kind == PROMISED_REPLY else "first_response"
        if deadline.kind in FIRST_RESPONSE_KINDS or deadline.kind == PROMISED_REPLY:
            setattr(by_id[deadline.subject_id], name, deadline)
    return rows


def lead_list(
    actor: User,
    *,
    stage: str | None = None,
    owner_id: int | None = None,
    team_id: int | None = None,
    cards: bool = False,
) -> QuerySet[Lead]:
    """Leads the actor sees, most recently moved first; ``cards`` loads only what the
    pipeline's board and list show."""
    base = Lead.objects.select_related("customer", "owner") if cards else Lead.objects
    qs = visible_to(actor, base.only(*CARD_FIELDS) if cards else base.select_related(*LEAD_RELATED))
    if stage:
        qs = qs.filter(stage=stage)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return qs.order_by("-stage_changed_at", "-pk")


def lead(actor: User, lead_id: int) -> Lead:
    row = lead_list(actor).filter(pk=lead_id).first()
    if row is None:
        raise NotFound("lead_not_found", _("No such lead."))
    return row


def labelled(leads: Iterable[Lead]) -> list[Lead]:
    """Attach ``stage_label`` and ``channel_label``: one translation per label and page,
    not one per row (``get_FOO_display`` translates every choice on every call)."""
    stages = {value: str(label) for value, label in Stage.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    rows = list(leads)
    for row in rows:
        row.stage_label = stages.get(row.stage, row.stage)  # type: ignore[attr-defined]
        row.channel_label = channels.get(row.channel, row.channel)  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True)
class Column:
    stage: str
    label: str
    count: int
    capped: bool
    leads: list[Lead]


def _counted(actor: User, stage: str, owner_id: int | None, team_id: int | None) -> int:
    """How many leads are in ``stage``, counted up to ``COUNT_CAP`` on the bare table."""
    qs = visible_to(actor, Lead.objects.filter(stage=stage))
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return qs.order_by().values("pk")[:COUNT_CAP].count()


def board(actor: User, *, owner_id: int | None = None, team_id: int | None = None) -> list[Column]:
    """One column per stage: the newest cards and a count capped at ``COUNT_CAP``."""
    columns = []
    for stage in Stage:
        qs = lead_list(actor, stage=stage, owner_id=owner_id, team_id=team_id, cards=True)
        count = _counted(actor, stage, owner_id, team_id)
        columns.append(
            Column(stage, str(stage.label), count, count >= COUNT_CAP, labelled(qs[:BOARD_CARDS]))
        )
    return columns


def needs_of(lead: Lead) -> NeedsAnalysis:
    """The lead's needs, or an empty (unsaved) record."""
    return NeedsAnalysis.objects.filter(lead=lead).first() or NeedsAnalysis(lead=lead)


def suggestions(lead: Lead) -> list[Match]:
    """Products ranked for the lead's needs, with reasons (S-06)."""
    return rank_products(needs_of(lead))


def daypart(at: datetime) -> str:
    hour = timezone.localtime(at).hour
    if hour < NOON:
        return Daypart.MORNING
    return Daypart.AFTERNOON if hour < EVENING else Daypart.EVENING


def opening_body(channel: str, at: datetime) -> str:
    """The most specific opening rule for the channel and time of day, else the script
    library's first opening (S-03)."""
    part = daypart(at)
    rules = dict(
        ((r.channel, r.daypart), r.body)
        for r in Opening.objects.filter(channel__in=[channel, ""], daypart__in=[part, ""])
    )
    for key in ((channel, part), (channel, ""), ("", part)):
        if key in rules:
            return rules[key]
    scripts = scripts_for(Scene.OPENING)
    return scripts[0].body if scripts else ""


def opening_text(inquiry: Inquiry, agent: User, brand: str, at: datetime | None = None) -> str:
    """The opening the composer is pre-filled with: greeting, introduction, service intent."""
    context = {"brand": brand, "agent_name": agent.display_name, "customer_name": inquiry.customer}
    if inquiry.product is not None:
        context["product"] = inquiry.product.name
    return render_script(opening_body(inquiry.channel, at or timezone.now()), context)


def objection_scripts(kind: str | None = None) -> dict[str, list[Script]]:
    """The RAS scripts offered for each objection kind (or one kind)."""
    kinds = [kind] if kind else list(OBJECTION_SCENES)
    return {k: scripts_for(OBJECTION_SCENES[k]) for k in kinds}  # type: ignore[index]
