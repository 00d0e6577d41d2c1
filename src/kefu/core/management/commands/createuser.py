"""`kefu createuser`: add a user with a role and a team."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kefu.core.errors import DomainError
from kefu.core.models import Role
from kefu.core.services import create_user


class Command(BaseCommand):
    help = "Create a user with a role (agent, tech_support, supervisor, manager, admin)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, default=Role.AGENT)
        parser.add_argument("--team", help="team name; created if it does not exist")
        parser.add_argument("--name", default="", help="display name, e.g. 王小明")
        parser.add_argument("--password", help="asked for when omitted")

    def handle(self, *args: Any, **opts: Any) -> None:
        password = opts["password"] or getpass.getpass("Password: ")
        try:
            user = create_user(
                actor=None,
                username=opts["username"],
                password=password,
                role=opts["role"],
                team_name=opts["team"],
                display_name=opts["name"],
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields or ''}".strip()) from exc
        self.stdout.write(f"Created {user.username} ({user.get_role_display()}).")
