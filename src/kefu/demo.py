"""The demo shop: what `kefu demo` (and the first `make run`) loads so a newcomer sees Kefu work."""

from __future__ import annotations

from django.db import transaction

from kefu.core.models import Role, User
from kefu.core.services import create_user
from kefu.sla.services import import_statutory_calendar, statutory_years

DEMO_PASSWORD = "kefu-demo-2026"  # noqa: S105 - printed for the demo on purpose

# (username, display name, role, team)
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMIN, None),
    ("manager", "赵经理", Role.MANAGER, None),
    ("supervisor", "钱主管", Role.SUPERVISOR, "售后一组"),
    ("tech", "孙工程师", Role.TECH_SUPPORT, "技术支持组"),
    ("agent1", "李小美", Role.AGENT, "售后一组"),
    ("agent2", "周小强", Role.AGENT, "售后二组"),
]


@transaction.atomic
def load_demo(*, if_empty: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo users and calendar; returns (username, password, role label) to print."""
    if if_empty and User.objects.exists():
        return []
    import_statutory_calendar(actor=None, years=statutory_years())
    logins = []
    for username, name, role, team in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            create_user(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                team_name=team,
                display_name=name,
                check_password=False,
            )
        logins.append((username, DEMO_PASSWORD, f"{Role(role).label} {team or ''}".strip()))
    return logins
