"""Seed the fleet's database (run as ``python -m tests.deploy.seed``): an agent with an API
token, customers with mobile numbers, the statutory calendar. Prints them as JSON."""

from __future__ import annotations

import json
import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    django.setup()
    from kefu.core.models import Role, Team, User
    from kefu.core.tokens import create_api_token
    from kefu.customers.models import Customer
    from kefu.sla.services import import_statutory_calendar

    import_statutory_calendar(actor=None, years=[2025, 2026])
    team = Team.objects.create(name="售后一组")
    agent = User.objects.create_user("fleet_agent", role=Role.AGENT, team=team)
    admin = User.objects.create_user("fleet_admin", role=Role.ADMIN)
    _token, key = create_api_token(actor=admin, user=agent, name="fleet")
    customers = [
        Customer.objects.create(name=f"客户{n}", phone=f"+86139{n:08d}", team=team).pk
        for n in range(20)
    ]
    print(json.dumps({"key": key, "customers": customers}))


if __name__ == "__main__":
    main()
