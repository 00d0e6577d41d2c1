"""The demo shop: what `kefu demo` (and the first `make run`) loads so a newcomer sees Kefu work.

Users of every role, the holiday calendar, and a living desk: customers across China, the
product range, orders of the last months, and tickets in every state, category and sub-type,
all made through the services (P-09). Deterministic: the same seed gives the same shop.
"""

from __future__ import annotations

import random
import sys
import time
from typing import TextIO

from django.db import transaction

from kefu.core.events import deliver, handler_path
from kefu.core.models import Delivery, Role, User
from kefu.core.services import create_user
from kefu.customers.models import Customer
from kefu.demo import desk, presales, retention, shop
from kefu.notify.models import Message
from kefu.sla.services import import_statutory_calendar, scan_deadlines, statutory_years
from kefu.tickets.handlers import tell_customer

DEMO_PASSWORD = "kefu-demo-2026"  # noqa: S105 - printed for the demo on purpose
SEED = 2026

# (username, display name, role, team)
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMIN, None),
    ("manager", "赵经理", Role.MANAGER, None),
    ("supervisor", "钱主管", Role.SUPERVISOR, "售后一组"),
    ("tech", "孙工程师", Role.TECH_SUPPORT, "技术支持组"),
    ("agent1", "李小美", Role.AGENT, "售后一组"),
    ("agent2", "周小强", Role.AGENT, "售后二组"),
    ("agent3", "王芳", Role.AGENT, "售后一组"),
    ("agent4", "刘洋", Role.AGENT, "售后二组"),
    ("agent5", "陈静", Role.AGENT, "售后一组"),
    ("agent6", "杨帆", Role.AGENT, "售后二组"),
]


@transaction.atomic
def load_demo(*, if_empty: bool = False, out: TextIO | None = None) -> list[tuple[str, str, str]]:
    """Create the demo users and calendar, then the shop unless one exists; returns
    (username, password, role label) to print and reports what was made on ``out``."""
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
    load_shop(out=out if out is not None else sys.stdout)
    return logins


def send_notices() -> int:
    """Put the tickets' customer notices in the outbox now (A-07); every other handler
    (search index, survey scheduling, ...) is left to ``kefu worker``, as in production."""
    path = handler_path(tell_customer)
    pending = Delivery.objects.filter(handler=path, status=Delivery.Status.PENDING)
    ran = sum(deliver(pk) for pk in list(pending.order_by("pk").values_list("pk", flat=True)))
    return Message.objects.count() if ran else 0


def load_shop(*, out: TextIO) -> dict[str, int]:
    """The customers, products, orders and tickets; nothing when the shop has customers."""
    if Customer.objects.exists():
        out.write("The shop already has customers; no demo records added.\n")
        return {}
    started = time.monotonic()
    rng = random.Random(SEED)  # noqa: S311 - demo records, not secrets
    manager = User.objects.filter(role=Role.MANAGER).order_by("pk").first()
    products = shop.create_products(manager)  # type: ignore[arg-type]
    customers = shop.create_customers(rng)
    made = {
        "customers": len(customers),
        "products": len(products),
        "orders": shop.create_orders(rng, customers, products),
        "tickets": desk.create_tickets(rng, shop.orders_by_customer()),
        "leads": presales.create_leads(rng),
        **retention.create_retention(rng),
    }
    warned, breached = scan_deadlines()
    made |= {
        "deadlines warned": warned,
        "deadlines breached": breached,
        "customer notices": send_notices(),
    }
    out.write(
        "Demo shop: "
        + ", ".join(f"{n} {what}" for what, n in made.items())
        + f" ({time.monotonic() - started:.1f} s)\n"
    )
    return made
