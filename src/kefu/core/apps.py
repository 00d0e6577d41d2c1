"""App config: collects every Kefu app's permissions, event handlers, periodic jobs, deploy
checks and metrics."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "kefu.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from kefu.core import staff
        from kefu.core.events import register_handlers

        staff.connect()
        _register_personal_records()

        # Each app declares its rules, handlers and periodic jobs in plain modules;
        # importing them here registers them once, before any request or task runs.
        for config in apps.get_app_configs():
            if not config.name.startswith("kefu."):
                continue
            for room in ("permissions", "handlers", "tasks", "checks", "metrics"):
                module = f"{config.name}.{room}"
                if find_spec(module) is not None:
                    loaded = import_module(module)
                    if room == "handlers":
                        register_handlers(loaded.HANDLERS)


def _register_personal_records() -> None:
    """The core rows about a customer: its events, their deliveries and its audit lines (C-05)."""
    from django.db.models import Q

    from kefu.core.models import AuditEntry, Delivery, Event
    from kefu.core.personal import records_of, register_personal

    register_personal(Event, link=lambda pk: Q(customer_id=pk) | records_of(pk))
    register_personal(Delivery, link=lambda pk: Q(event__customer_id=pk))
    register_personal(AuditEntry, link=records_of)
