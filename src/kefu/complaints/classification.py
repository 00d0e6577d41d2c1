"""Classification (K-04): nature, urgency and scope decide the priority and who owns it.

001 §02 投訴分類與評估: 根據投訴性質、緊急程度、影響範圍等因素對投訴進行分類 … 確定處理優先級和
責任人. The rules are this table; a complaint made in public (K-11) is always priority 1.
"""

from __future__ import annotations

from django.db.models import Count, Q

from kefu.complaints.models import OPEN_STATUSES, Scope, Urgency
from kefu.core.models import Role, Team, User

# (urgency, scope) → priority: 1 highest … 3 normal.
PRIORITY = {
    (Urgency.NORMAL, Scope.INDIVIDUAL): 3,
    (Urgency.URGENT, Scope.INDIVIDUAL): 2,
    (Urgency.NORMAL, Scope.GROUP): 2,
    (Urgency.URGENT, Scope.GROUP): 1,
    (Urgency.NORMAL, Scope.PUBLIC): 1,
    (Urgency.URGENT, Scope.PUBLIC): 1,
}
# The least rank that owns a complaint of each priority (001: 確定處理優先級和責任人;
# 003 §3.2 場景三: 上報主管).
OWNER_ROLE = {1: Role.MANAGER, 2: Role.SUPERVISOR, 3: Role.AGENT}
RANK = {Role.AGENT: 1, Role.TECH_SUPPORT: 1, Role.SUPERVISOR: 2, Role.MANAGER: 3, Role.ADMIN: 3}


def priority_of(urgency: str, scope: str, *, crisis: bool = False) -> int:
    return 1 if crisis else PRIORITY[(Urgency(urgency), Scope(scope))]


def owner_rank_enough(owner: User | None, priority: int) -> bool:
    """Whether ``owner`` is senior enough to own a complaint of ``priority``."""
    if owner is None or not owner.is_active:
        return False
    return RANK.get(owner.role, 0) >= RANK[OWNER_ROLE[priority]]


def pick_owner(role: str, team: Team | None) -> User | None:
    """The active user of ``role`` with the fewest open complaints, of ``team`` first."""
    candidates = User.objects.filter(role=role, is_active=True).annotate(
        load=Count("owned_complaints", filter=Q(owned_complaints__status__in=OPEN_STATUSES))
    )
    if team is not None:
        in_team = candidates.filter(team=team).order_by("load", "pk").first()
        if in_team is not None:
            return in_team
    return candidates.order_by("load", "pk").first()


def owner_for(priority: int, current: User | None, team: Team | None) -> User | None:
    """Keep ``current`` if senior enough for ``priority``; else the least-loaded of the rank."""
    if owner_rank_enough(current, priority):
        return current
    return pick_owner(OWNER_ROLE[priority], team) or current
