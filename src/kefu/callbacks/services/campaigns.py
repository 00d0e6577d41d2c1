"""Campaign writes: create, start (pick and share out the calls), add the customers coverage
found missing, finish, write the summary, archive (immutable from then on). Implements V-01,
V-03 (coverage), V-05.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.callbacks.models import CallbackCampaign, CallbackTask, CampaignKind
from kefu.callbacks.selection import Candidate, candidates, distribute, served
from kefu.callbacks.workflow import WORKFLOW
from kefu.core.audit import record_audit
from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.core.events import record_event
from kefu.core.models import Role, Team, User
from kefu.core.permissions import require
from kefu.customers.models import Customer, MemberLevel
from kefu.sla.services import start_deadline

CALL_DUE = "callback.due"
# One campaign is one manageable call list; a bigger selection is refused, not truncated.
MAX_TASKS = 5000
TEXT_MAX = 4000


def _invalid(name: str, message: str) -> InvalidInput:
    return InvalidInput(f"invalid_{name}", message, {name: message})


def lock(campaign: CallbackCampaign, action: str, actor: User | None) -> CallbackCampaign:
    """The campaign's row, locked, after the state table allowed ``action``."""
    row = CallbackCampaign.objects.select_for_update().get(pk=campaign.pk)
    WORKFLOW.next_state(row.state, action, actor)
    return row


def _period(data: Mapping[str, Any], first: str, last: str, required: bool) -> None:
    start, end = data.get(first), data.get(last)
    if start is None and end is None and not required:
        return
    if not isinstance(start, date) or not isinstance(end, date):
        raise _invalid(first, _("Give the first and the last day."))
    if end < start:
        raise _invalid(last, _("The last day cannot be before the first."))


def _check_criteria(data: Mapping[str, Any]) -> None:
    kind = data.get("kind")
    if kind not in CampaignKind.values:
        raise _invalid("kind", _("Choose what the campaign is about."))
    if not str(data.get("name") or "").strip():
        raise _invalid("name", _("Give the campaign a name."))
    _period(data, "served_from", "served_to", required=kind == CampaignKind.SERVICE)
    _period(data, "maintenance_from", "maintenance_to", required=kind == CampaignKind.MAINTENANCE)
    levels = data.get("member_levels") or []
    if any(level not in MemberLevel.values for level in levels):
        raise _invalid("member_levels", _("Unknown member level."))
    if kind == CampaignKind.HOLIDAY and not str(data.get("holiday_name") or "").strip():
        raise _invalid("holiday_name", _("Name the holiday."))


FIELDS = (
    "name",
    "kind",
    "served_from",
    "served_to",
    "member_levels",
    "holiday_name",
    "maintenance_from",
    "maintenance_to",
    "wish",
    "team_id",
)


@transaction.atomic
def create_campaign(*, actor: User, data: Mapping[str, Any]) -> CallbackCampaign:
    """A draft campaign with its criteria; its calls are picked when it starts. Implements V-01."""
    require(actor, "callback.manage")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be set: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    _check_criteria(data)
    values = {k: v for k, v in data.items() if v is not None}
    values["name"] = str(values["name"]).strip()[:100]
    values["member_levels"] = sorted(set(values.get("member_levels") or []))
    if values.get("team_id") and not Team.objects.filter(pk=values["team_id"]).exists():
        raise _invalid("team_id", _("No such team."))
    values.setdefault("team_id", actor.team_id)
    campaign = CallbackCampaign.objects.create(created_by=actor, **values)
    record_audit(
        actor=actor,
        action="callback.campaign_created",
        subject=campaign,
        data={"kind": campaign.kind},
    )
    return campaign


def _agents(campaign: CallbackCampaign, agent_ids: Sequence[int] | None) -> list[User]:
    qs = User.objects.filter(is_active=True)
    if agent_ids:
        agents = list(qs.filter(pk__in=agent_ids, role__in=[Role.AGENT, Role.SUPERVISOR]))
        if len(agents) != len(set(agent_ids)):
            raise _invalid("agent_ids", _("Some of these people cannot take calls."))
    else:
        agents = (
            list(qs.filter(role=Role.AGENT, team_id=campaign.team_id)) if (campaign.team_id) else []
        )
    if not agents:
        raise _invalid("agent_ids", _("Choose the agents who make the calls."))
    return sorted(agents, key=lambda a: a.pk)


def _create_tasks(campaign: CallbackCampaign, plan: Iterable[tuple[Candidate, User]]) -> int:
    count = 0
    now = timezone.now()
    for candidate, agent in plan:
        task = CallbackTask.objects.create(
            campaign=campaign,
            customer_id=candidate.customer_id,
            agent=agent,
            team_id=agent.team_id,
            ticket_id=candidate.ticket_id,
            order_id=candidate.order_id,
            service_at=candidate.service_at,
            service_label=candidate.label[:120],
        )
        # 必须保证在三天之内回访: from the service, or from now for a greeting without one.
        deadline = start_deadline(
            kind=CALL_DUE,
            subject=task,
            started_at=candidate.service_at or now,
            owner=agent,
            team=agent.team,
        )
        CallbackTask.objects.filter(pk=task.pk).update(due_at=deadline.due_at)
        count += 1
    return count


@transaction.atomic
def start_campaign(
    *, actor: User, campaign: CallbackCampaign, agent_ids: Sequence[int] | None = None
) -> CallbackCampaign:
    """Pick the customers by the criteria and share the calls evenly among the agents (the
    campaign team's agents unless named), each with a ``callback.due`` deadline.

    Supervisors; a draft only. Implements V-01, V-03 (3-day deadline).
    """
    require(actor, "callback.manage")
    row = lock(campaign, "start", actor)
    people = candidates(row)
    if not people:
        raise InvalidInput("no_customers", _("No customer matches these criteria."))
    if len(people) > MAX_TASKS:
        raise InvalidInput(
            "too_many_customers",
            _("%(n)s customers match: narrow the criteria to at most %(max)s.")
            % {"n": len(people), "max": MAX_TASKS},
        )
    created = _create_tasks(row, distribute(people, _agents(row, agent_ids)))
    row.state, row.started_at = WORKFLOW.next_state(row.state, "start", actor), timezone.now()
    row.save(update_fields=["state", "started_at"])
    record_audit(
        actor=actor, action="callback.campaign_started", subject=row, data={"tasks": created}
    )
    record_event(
        "callback.campaign_started",
        subject=row,
        actor=actor,
        payload={"tasks": created, "name": row.name},
    )
    return row


@transaction.atomic
def add_customers(
    *,
    actor: User,
    campaign: CallbackCampaign,
    customer_ids: Sequence[int] | None = None,
    agent_ids: Sequence[int] | None = None,
) -> int:
    """Add calls for customers the campaign misses (coverage gaps: 必须保证会员客户100%回访);
    without ``customer_ids``, every member served in the period who has no call yet.

    Customers already in the campaign are skipped. Returns how many calls were added.
    Implements V-03.
    """
    from kefu.callbacks.reports import coverage

    require(actor, "callback.manage")
    row = lock(campaign, "add_customers", actor)
    if customer_ids is None:
        customer_ids = [g.customer_id for g in coverage(row).gaps if g.status == "no_task"]
    present = set(row.tasks.values_list("customer_id", flat=True))
    ids = [pk for pk in dict.fromkeys(customer_ids) if pk not in present]
    if not ids:
        return 0
    known = set(
        Customer.objects.filter(pk__in=ids, erased_at__isnull=True).values_list("pk", flat=True)
    )
    if len(known) != len(ids):
        raise NotFound("customer_not_found", _("Some of these customers do not exist."))
    services = served(row.served_from, row.served_to, ids) if row.served_from else {}
    people = [services.get(pk, Candidate(pk)) for pk in ids]
    added = _create_tasks(row, distribute(people, _agents(row, agent_ids)))
    record_audit(actor=actor, action="callback.customers_added", subject=row, data={"tasks": added})
    return added


@transaction.atomic
def cancel_task(*, actor: User, task: CallbackTask, reason: str) -> CallbackTask:
    """Take a call off the list (e.g. the customer asked not to be called); it stays a gap."""
    require(actor, "callback.manage")
    lock(task.campaign, "cancel_task", actor)
    if not CallbackTask.objects.filter(pk=task.pk, status=CallbackTask.Status.OPEN).update(
        status=CallbackTask.Status.CANCELLED
    ):
        raise Conflict("task_not_open", _("Only a call still to make can be cancelled."))
    record_audit(
        actor=actor, action="callback.task_cancelled", subject=task, summary=str(reason)[:300]
    )
    task.refresh_from_db()
    return task


@transaction.atomic
def finish_campaign(*, actor: User, campaign: CallbackCampaign) -> CallbackCampaign:
    """Close the call list; calls never made are cancelled and stay visible as gaps."""
    require(actor, "callback.manage")
    row = lock(campaign, "finish", actor)
    dropped = row.tasks.filter(status=CallbackTask.Status.OPEN).update(
        status=CallbackTask.Status.CANCELLED
    )
    row.state, row.finished_at = WORKFLOW.next_state(row.state, "finish", actor), timezone.now()
    row.save(update_fields=["state", "finished_at"])
    record_audit(
        actor=actor, action="callback.campaign_finished", subject=row, data={"cancelled": dropped}
    )
    return row


@transaction.atomic
def write_summary(
    *, actor: User, campaign: CallbackCampaign, problems_found: str, suggestions: str
) -> CallbackCampaign:
    """The supervisor's part of the summary report: problems found and suggestions.

    Refused once archived. Implements V-05.
    """
    require(actor, "callback.manage")
    row = lock(campaign, "summarize", actor)
    for name, text in (("problems_found", problems_found), ("suggestions", suggestions)):
        if len(text or "") > TEXT_MAX:
            raise _invalid(name, _("At most %(n)s characters.") % {"n": TEXT_MAX})
    row.problems_found, row.suggestions = (
        (problems_found or "").strip(),
        (suggestions or "").strip(),
    )
    row.save(update_fields=["problems_found", "suggestions"])
    record_audit(actor=actor, action="callback.summary_written", subject=row)
    return row


@transaction.atomic
def archive_campaign(*, actor: User, campaign: CallbackCampaign) -> CallbackCampaign:
    """File the summary report (进行最终资料归档): the figures are frozen with it and no
    service changes the campaign, its calls or its records again. Implements V-05.
    """
    from kefu.callbacks.reports import campaign_summary, summary_snapshot

    require(actor, "callback.manage")
    row = lock(campaign, "archive", actor)
    if not row.problems_found.strip():
        raise _invalid(
            "problems_found",
            _("Write the problems found (or that there were none) before archiving."),
        )
    row.summary = summary_snapshot(campaign_summary(row))
    row.state, row.archived_at = WORKFLOW.next_state(row.state, "archive", actor), timezone.now()
    row.save(update_fields=["summary", "state", "archived_at"])
    record_audit(actor=actor, action="callback.campaign_archived", subject=row)
    return row
