"""`kefu calendar`: import China's statutory calendar, show a year."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kefu.core.errors import DomainError
from kefu.sla.models import CalendarDay
from kefu.sla.services import current_calendar, import_statutory_calendar, statutory_years


def year_list(values: list[str]) -> list[int]:
    years: list[int] = []
    for value in values:
        first, _sep, last = value.partition("-")
        try:
            years += list(range(int(first), int(last or first) + 1))
        except ValueError:
            raise CommandError(f"not a year or range of years: {value}") from None
    return years


class Command(BaseCommand):
    help = "Business calendar: import statutory holidays and make-up workdays, or show a year."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="load China's statutory calendar (chinese-calendar)")
        imp.add_argument(
            "--years",
            nargs="+",
            help="years or ranges, e.g. 2025 2026 or 2020-2026; "
            "default: every year the package covers",
        )
        show = sub.add_parser("show", help="list a year's holidays and make-up workdays")
        show.add_argument("year", type=int)

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        if action == "import":
            years = year_list(opts["years"]) if opts["years"] else list(statutory_years())
            try:
                loaded = import_statutory_calendar(actor=None, years=years)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            for year, count in loaded.items():
                self.stdout.write(f"{year}: {count} holidays and make-up workdays")
            return
        year = opts["year"]
        known = current_calendar().has_data(year)
        self.stdout.write(
            f"{year}: {'holiday data present' if known else 'NO holiday data (weekends only)'}"
        )
        for day in CalendarDay.objects.filter(day__year=year):
            self.stdout.write(f"  {day.day} {day.get_kind_display()} {day.name}")
