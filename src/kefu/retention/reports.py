"""Live monitoring and the summary report of an outbound campaign, as a page and an Excel file.

现场活动的监控 (list use and each agent's work, live) and 项目活动的总结: 总体绩效目标达成情况,
清单利用情况, 员工绩效, 拒绝销售客户的分析, 经验总结 (004 §十(二)). Implements R-04.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kefu.retention.models import CallOutcome, Lead, LeadCall, OutboundCampaign, RefusalReason

# A cell starting with one of these is a formula to a spreadsheet: it is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AgentLine:
    agent: str
    leads: int
    done: int
    reached: int
    interested: int
    refused: int

    @property
    def conversion(self) -> float:
        return round(100 * self.interested / self.reached, 1) if self.reached else 0.0


REACHED = [CallOutcome.INTERESTED, CallOutcome.REFUSED, CallOutcome.CALL_LATER]


def agent_lines(campaign: OutboundCampaign) -> list[AgentLine]:
    """done (called at least once) / reached / interested / refused, per agent."""
    rows = (
        Lead.objects.filter(campaign=campaign)
        .values("agent_id", "agent__username", "agent__first_name")
        .annotate(
            leads=Count("pk"),
            done=Count("pk", filter=Q(attempts__gt=0)),
            reached=Count("pk", filter=Q(outcome__in=REACHED)),
            interested=Count("pk", filter=Q(outcome=CallOutcome.INTERESTED)),
            refused=Count("pk", filter=Q(outcome=CallOutcome.REFUSED)),
        )
        .order_by("agent__username")
    )
    return [
        AgentLine(
            r["agent__first_name"] or r["agent__username"] or "—",
            r["leads"],
            r["done"],
            r["reached"],
            r["interested"],
            r["refused"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class Summary:
    goal: int
    leads: int
    called: int
    reached: int
    interested: int
    refused: int
    calls: int
    agents: list[AgentLine] = field(default_factory=list)
    refusals: list[tuple[str, int]] = field(default_factory=list)
    lessons: str = ""

    @property
    def goal_rate(self) -> float:
        return round(100 * self.interested / self.goal, 1) if self.goal else 0.0

    @property
    def achieved(self) -> bool:
        return self.interested >= self.goal

    @property
    def list_usage(self) -> float:
        return round(100 * self.called / self.leads, 1) if self.leads else 0.0

    @property
    def reach_rate(self) -> float:
        return round(100 * self.reached / self.called, 1) if self.called else 0.0


def campaign_summary(campaign: OutboundCampaign) -> Summary:
    lines = agent_lines(campaign)
    reasons = dict(
        Lead.objects.filter(campaign=campaign, outcome=CallOutcome.REFUSED)
        .values_list("refusal_reason")
        .annotate(n=Count("pk"))
    )
    return Summary(
        goal=campaign.goal,
        leads=sum(a.leads for a in lines),
        called=sum(a.done for a in lines),
        reached=sum(a.reached for a in lines),
        interested=sum(a.interested for a in lines),
        refused=sum(a.refused for a in lines),
        calls=LeadCall.objects.filter(lead__campaign=campaign).count(),
        agents=lines,
        refusals=[(str(r.label), reasons[r.value]) for r in RefusalReason if reasons.get(r.value)],
        lessons=campaign.lessons,
    )


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (``=HYPERLINK(...)``) gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(campaign: OutboundCampaign, summary: Summary) -> list[list[Any]]:
    return [
        [_("Campaign"), campaign.name],
        [_("Goal (interested customers)"), summary.goal],
        [_("Interested"), summary.interested],
        [_("Goal achieved (%)"), summary.goal_rate],
        [_("Goal achieved"), _("yes") if summary.achieved else _("no")],
        [_("Leads on the list"), summary.leads],
        [_("Leads called"), summary.called],
        [_("List used (%)"), summary.list_usage],
        [_("Reached"), summary.reached],
        [_("Reach rate (%)"), summary.reach_rate],
        [_("Refused"), summary.refused],
        [_("Calls made"), summary.calls],
        [_("Lessons learned"), summary.lessons],
    ]


def summary_xlsx(campaign: OutboundCampaign, summary: Summary) -> bytes:
    """The summary report as an Excel workbook: summary, agents, refusal reasons."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")
    _fill(sheet, _rows(campaign, summary))
    _fill(
        book.create_sheet(_("Agents")),
        [
            [
                _("Agent"),
                _("Leads"),
                _("Called"),
                _("Reached"),
                _("Interested"),
                _("Refused"),
                _("Conversion (%)"),
            ]
        ]
        + [
            [a.agent, a.leads, a.done, a.reached, a.interested, a.refused, a.conversion]
            for a in summary.agents
        ],
    )
    _fill(
        book.create_sheet(_("Refusals")),
        [[_("Reason"), _("Customers")], *[list(r) for r in summary.refusals]],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Any, rows: list[list[Any]]) -> None:
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
