"""Coverage (必须保证会员客户100%回访) and the summary report (回访总结报告) of a campaign, as a
page and an Excel workbook. An archived campaign's report is the frozen snapshot.

Implements V-03 (coverage), V-05.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.callbacks.models import (
    CallbackCampaign,
    CallbackRecord,
    CallbackTask,
    CampaignState,
    Outcome,
)
from kefu.callbacks.selection import day_bounds, served
from kefu.core import reports
from kefu.core.reports import Column, Report, Table
from kefu.customers.models import Customer, MemberLevel

GAPS_SHOWN = 200


@dataclass(frozen=True)
class Gap:
    customer_id: int
    name: str
    member_level: str
    service: str
    service_at: datetime | None
    status: str  # "no_task", "open" or "cancelled"
    task_id: int | None


@dataclass(frozen=True)
class Coverage:
    """Member customers served in the period, and how many were called back."""

    population: int
    called_back: int
    gap_count: int
    gaps: list[Gap] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return round(100 * self.called_back / self.population, 1) if self.population else 100.0


def _members(ids: list[int]) -> dict[int, Customer]:
    return {
        c.pk: c
        for c in Customer.objects.filter(pk__in=ids, erased_at__isnull=True).exclude(
            member_level=MemberLevel.NONE
        )
    }


def coverage(campaign: CallbackCampaign) -> Coverage:
    """Every member customer served in the campaign's period must be called back: who was
    (by this campaign or another), and the gaps — no call, or a call not yet made."""
    tasks = {t.customer_id: t for t in campaign.tasks.all()}
    if campaign.served_from and campaign.served_to:
        services = served(campaign.served_from, campaign.served_to)
        members = _members(list(services))
        start, end = day_bounds(campaign.served_from, campaign.served_to)
        done_elsewhere = set(
            CallbackTask.objects.filter(
                customer_id__in=list(members),
                status=CallbackTask.Status.DONE,
                service_at__gte=start,
                service_at__lt=end,
            ).values_list("customer_id", flat=True)
        )
    else:
        members = _members(list(tasks))
        services, done_elsewhere = {}, set()
    done = {pk for pk, t in tasks.items() if t.status == CallbackTask.Status.DONE}
    covered = (done | done_elsewhere) & set(members)
    gaps = []
    for pk in sorted(set(members) - covered):
        task, service = tasks.get(pk), services.get(pk)
        gaps.append(
            Gap(
                pk,
                members[pk].name,
                members[pk].get_member_level_display(),
                service.label if service else (task.service_label if task else ""),
                service.service_at if service else None,
                task.status if task else "no_task",
                task.pk if task else None,
            )
        )
    return Coverage(len(members), len(covered), len(gaps), gaps[:GAPS_SHOWN])


@dataclass(frozen=True)
class AgentLine:
    agent: str
    tasks: int
    called_back: int
    satisfied: int
    unsatisfied: int


@dataclass(frozen=True)
class Summary:
    """回访总结报告: coverage, outcomes, problems found, suggestions, per agent."""

    tasks: int
    called_back: int
    not_reached: int
    attempts: int
    outcomes: dict[str, int]
    coverage_population: int
    coverage_called_back: int
    coverage_rate: float
    gap_count: int
    problems: list[str]
    customer_suggestions: list[str]
    follow_ups: list[str]
    agents: list[AgentLine]
    problems_found: str
    suggestions: str
    archived: bool = False

    @property
    def satisfaction_rate(self) -> float:
        total = sum(self.outcomes.values())
        return round(100 * self.outcomes.get(Outcome.SATISFIED, 0) / total, 1) if total else 0.0

    def outcome_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.outcomes.get(code, 0)) for code, label in Outcome.choices]


def _agent_lines(tasks: list[CallbackTask]) -> list[AgentLine]:
    lines: dict[str, list[int]] = {}
    for task in tasks:
        name = task.agent.display_name if task.agent else _("Not assigned")
        line = lines.setdefault(name, [0, 0, 0, 0])
        line[0] += 1
        line[1] += task.status == CallbackTask.Status.DONE
        line[2] += task.outcome == Outcome.SATISFIED
        line[3] += task.outcome == Outcome.UNSATISFIED
    return [AgentLine(name, *counts) for name, counts in sorted(lines.items())]


def campaign_summary(campaign: CallbackCampaign) -> Summary:
    """The summary report of ``campaign``; the frozen one once it is archived."""
    if campaign.state == CampaignState.ARCHIVED and campaign.summary:
        data = dict(campaign.summary)
        data["agents"] = [AgentLine(**line) for line in data["agents"]]
        return Summary(**{**data, "archived": True})
    tasks = list(campaign.tasks.select_related("agent"))
    records = list(CallbackRecord.objects.filter(task__campaign=campaign).order_by("called_at"))
    cover = coverage(campaign)
    return Summary(
        tasks=len(tasks),
        called_back=sum(t.status == CallbackTask.Status.DONE for t in tasks),
        not_reached=sum(t.status != CallbackTask.Status.DONE for t in tasks),
        attempts=len(records),
        outcomes=dict(Counter(t.outcome for t in tasks if t.outcome)),
        coverage_population=cover.population,
        coverage_called_back=cover.called_back,
        coverage_rate=cover.rate,
        gap_count=cover.gap_count,
        problems=[r.to_improve for r in records if r.to_improve],
        customer_suggestions=[r.suggestions for r in records if r.suggestions],
        follow_ups=[r.follow_up_note for r in records if r.follow_up_needed],
        agents=_agent_lines(tasks),
        problems_found=campaign.problems_found,
        suggestions=campaign.suggestions,
    )


def summary_snapshot(summary: Summary) -> dict[str, Any]:
    """The summary as JSON, for the archive."""
    data = asdict(summary)
    data.pop("archived")
    return data


def _summary_lines(campaign: CallbackCampaign, summary: Summary) -> list[list[Any]]:
    archived_at = campaign.archived_at
    return [
        [_("Campaign"), campaign.name],
        [_("Calls"), summary.tasks],
        [_("Called back"), summary.called_back],
        [_("Not reached"), summary.not_reached],
        [_("Call attempts"), summary.attempts],
        [_("Member coverage (%)"), summary.coverage_rate],
        [_("Members served"), summary.coverage_population],
        [_("Members called back"), summary.coverage_called_back],
        [_("Satisfaction rate (%)"), summary.satisfaction_rate],
        [_("Problems found"), summary.problems_found],
        [_("Suggestions"), summary.suggestions],
        [
            _("Archived"),
            timezone.localtime(archived_at).strftime("%Y-%m-%d %H:%M") if archived_at else "",
        ],
    ]


def _lines_table(title: str, header: list[str], rows: list[Any]) -> Table:
    keys = [f"c{n}" for n in range(len(header))]
    columns = [Column(k, label) for k, label in zip(keys, header, strict=True)]
    return Table(title, columns, [dict(zip(keys, list(r), strict=True)) for r in rows])


def summary_xlsx(campaign: CallbackCampaign, summary: Summary) -> bytes:
    """回访总结报告 as an Excel workbook: summary, outcomes, per agent, problems, suggestions."""
    overview = _lines_table(_("Summary"), ["", ""], _summary_lines(campaign, summary))
    overview.header = False
    tables = [
        overview,
        _lines_table(_("Outcomes"), [_("Outcome"), _("Customers")], summary.outcome_rows()),
        _lines_table(
            _("Agents"),
            [_("Agent"), _("Calls"), _("Called back"), _("Satisfied"), _("Unsatisfied")],
            [[a.agent, a.tasks, a.called_back, a.satisfied, a.unsatisfied] for a in summary.agents],
        ),
        _lines_table(_("Problems"), [_("What to improve")], [[p] for p in summary.problems]),
        _lines_table(
            _("Customer suggestions"),
            [_("Suggestions")],
            [[s] for s in summary.customer_suggestions],
        ),
    ]
    return reports.to_xlsx(Report(f"callback-summary-{campaign.pk}", tables))
