"""`kefu demo`: a shop to explore — users of every role, the holiday calendar, sample records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kefu.demo import load_demo


class Command(BaseCommand):
    help = "Load demo data: users of every role in two teams, the statutory calendar, records."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the database already has users"
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        logins = load_demo(if_empty=if_empty)
        if not logins:
            self.stdout.write("Demo data already present; nothing done.")
            return
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Log in at http://127.0.0.1:8000/ as:")
        )
        for username, password, role in logins:
            self.stdout.write(f"  {username:<12} password {password:<14} {role}")
