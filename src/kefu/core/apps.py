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
        from kefu.core.events import register_handlers

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
