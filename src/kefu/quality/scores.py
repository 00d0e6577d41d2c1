"""Conversation QA scores (G-04): stored per closed conversation, overridden by a supervisor
with a note, and reported per agent per month (page and Excel)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.audit import record_audit, subject_ref
from kefu.core.errors import InvalidInput, NotFound
from kefu.core.models import Team, User
from kefu.core.permissions import require, visible_to
from kefu.quality.models import BannedPhrase, ConversationScore
from kefu.quality.scoring import WEIGHTS, Conversation, score_conversation

NOTE_MAX = 2000
CRITERIA_LABELS = {
    "greeting": gettext_lazy("Greeting"),
    "listen": gettext_lazy("Listen and confirm"),
    "diagnose": gettext_lazy("Diagnosis"),
    "solution": gettext_lazy("Solution"),
    "satisfaction": gettext_lazy("Satisfaction check"),
    "close": gettext_lazy("Farewell"),
    "banned_phrases": gettext_lazy("No banned phrases"),
    "deadlines": gettext_lazy("Response deadlines met"),
    "promises": gettext_lazy("Promises kept"),
}


def criterion_label(code: str) -> str:
    return str(CRITERIA_LABELS.get(code, code))


def month_of(at: datetime) -> date:
    return timezone.localdate(at).replace(day=1)


@transaction.atomic
def record_conversation_score(
    *,
    subject: Model,
    label: str,
    agent: User | None,
    team: Team | None,
    conversation: Conversation,
) -> ConversationScore:
    """Score a closed conversation and store it with the reasons; scoring it again (a reopened
    ticket closed once more) replaces the computed score and keeps a supervisor's override.
    Run by the outbox, not by a user. Implements G-04."""
    result = score_conversation(conversation, list(BannedPhrase.objects.filter(active=True)))
    subject_type, subject_id = subject_ref(subject)
    row, _created = ConversationScore.objects.update_or_create(
        subject_type=subject_type,
        subject_id=subject_id,
        defaults={
            "subject_label": label,
            "agent": agent,
            "team": team,
            "closed_at": conversation.closed_at,
            "month": month_of(conversation.closed_at),
            "score": result.total,
            "criteria": result.as_data(),
            "scored_at": timezone.now(),
        },
    )
    return row


def _refuse(field_name: str, message: str) -> InvalidInput:
    return InvalidInput("score_invalid", message, {field_name: message})


@transaction.atomic
def override_conversation_score(
    *, actor: User, score_id: int, value: object, note: str
) -> ConversationScore:
    """A supervisor sets the score of a conversation they see, with a note; audited with the
    score before and after. Implements G-04."""
    row = visible_to(actor, ConversationScore.objects.select_for_update()).filter(pk=score_id)
    score = row.first()
    if score is None:
        raise NotFound("score_not_found", _("No such conversation score."))
    require(actor, "quality.override", score)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise _refuse("score", _("Enter a whole number from 0 to 100."))
    text = (note or "").strip()
    if not text:
        raise _refuse("note", _("Say why the score is changed."))
    if len(text) > NOTE_MAX:
        raise _refuse("note", _("At most %(n)s characters.") % {"n": NOTE_MAX})
    before = score.final_score
    score.override_score, score.override_note = value, text
    score.overridden_by, score.overridden_at = actor, timezone.now()
    score.save(update_fields=["override_score", "override_note", "overridden_by", "overridden_at"])
    record_audit(
        actor=actor,
        action="quality.score_overridden",
        subject=score,
        summary=score.subject_label,
        data={"from": before, "to": value, "computed": score.score},
    )
    return score


# --- the monthly report ----------------------------------------------------------------------


@dataclass
class AgentRow:
    agent_id: int | None
    agent: str
    team: str
    conversations: int = 0
    total: int = 0
    overridden: int = 0
    passed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WEIGHTS, 0))

    @property
    def average(self) -> float:
        return round(self.total / self.conversations, 1) if self.conversations else 0.0

    def pass_rate(self, code: str) -> int:
        return round(100 * self.passed[code] / self.conversations) if self.conversations else 0

    @property
    def pass_rates(self) -> list[tuple[str, int]]:
        return [(code, self.pass_rate(code)) for code in WEIGHTS]


@dataclass
class MonthReport:
    month: date
    rows: list[AgentRow]
    scores: list[ConversationScore]


def month_scores(actor: User, month: date) -> QuerySet[ConversationScore]:
    qs = ConversationScore.objects.filter(month=month.replace(day=1))
    return visible_to(actor, qs).select_related("agent", "team", "overridden_by")


def monthly_report(actor: User, month: date) -> MonthReport:
    """Per agent, one month: conversations scored, average final score, overrides, and how
    often each criterion was met. Supervisors see their team, managers everyone. G-04."""
    require(actor, "quality.report")
    scores = list(month_scores(actor, month).order_by("agent_id", "closed_at", "pk"))
    rows: dict[int | None, AgentRow] = {}
    for s in scores:
        name = s.agent.display_name if s.agent else _("Nobody")
        row = rows.setdefault(s.agent_id, AgentRow(s.agent_id, name, s.team.name if s.team else ""))
        row.conversations += 1
        row.total += s.final_score
        row.overridden += s.override_score is not None
        for criterion in s.criteria:
            if criterion["code"] in row.passed and criterion["points"] == criterion["weight"]:
                row.passed[criterion["code"]] += 1
    ordered = sorted(rows.values(), key=lambda r: (-r.average, r.agent))
    return MonthReport(month.replace(day=1), ordered, scores)


def report_xlsx(report: MonthReport) -> bytes:
    """The report as a workbook: a sheet of agents, a sheet of every scored conversation."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Agents")
    labels = [criterion_label(code) for code in WEIGHTS]
    sheet.append(
        [_("Agent"), _("Team"), _("Conversations"), _("Average score"), _("Overridden"), *labels]
    )
    for row in report.rows:
        sheet.append(
            [row.agent, row.team, row.conversations, row.average, row.overridden]
            + [row.pass_rate(code) / 100 for code in WEIGHTS]
        )
    detail = book.create_sheet(_("Scored conversations"))
    detail.append(
        [_("Number"), _("Agent"), _("Closed"), _("Score"), _("Final score"), _("Note"), *labels]
    )
    for s in report.scores:
        reasons = {c["code"]: f"{c['points']}/{c['weight']} {c['reason']}" for c in s.criteria}
        detail.append(
            [
                s.subject_label,
                s.agent.display_name if s.agent else "",
                timezone.localtime(s.closed_at).strftime("%Y-%m-%d %H:%M"),
                s.score,
                s.final_score,
                s.override_note,
            ]
            + [reasons.get(code, "") for code in WEIGHTS]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
