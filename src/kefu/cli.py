"""The `kefu` command: a short list of what a newcomer needs, each a Django management command."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "run": "Set up if needed (migrate, demo data on first run), then serve the web UI and run "
    "the worker together; Ctrl-C stops both.",
    "serve": "Serve the web UI and the API (gunicorn) on KEFU_BIND, default 127.0.0.1:8000.",
    "worker": "Run background work: outbox deliveries, notifications, deadline scans.",
    "migrate": "Create or upgrade the database tables.",
    "demo": "Load the demo shop: users of every role, the holiday calendar, sample records.",
    "calendar": "Business calendar: `kefu calendar import --years 2025-2026`, `... show 2026`.",
    "import": "Import a file: `kefu import orders|customers|tickets FILE` (CSV or .xlsx); safe "
    "to run again.",
    "createuser": "Create a user with a role: `kefu createuser NAME --role agent --team 售后一组`.",
    "check": "Check the install; `kefu check --deploy` adds the production checks (secret "
    "key, HTTPS, database, calendar years, a running worker).",
    "backup": "Back up the database while it runs: `kefu backup FILE`.",
    "restore": "Load a backup into a new database: `kefu restore FILE`.",
    "manage": "Any Django management command, e.g. `kefu manage shell`.",
}

USAGE = """usage: kefu COMMAND [options]

Kefu (客服) customer-service operations.

commands:
{commands}

`kefu COMMAND --help` explains a command's options.
Settings come from environment variables: KEFU_DATABASE_URL (default: SQLite in ./var),
KEFU_BIND, KEFU_SECRET_KEY, KEFU_ALLOWED_HOSTS, KEFU_TIME_ZONE (default Asia/Shanghai),
KEFU_REDIS_URL, KEFU_HTTPS, KEFU_LOG_FORMAT=json, KEFU_METRICS_TOKEN (docs/deploy.md).
"""


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()]
    return USAGE.format(commands="\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        print(usage())
        return
    command = argv[1]
    if command not in COMMANDS:
        print(f"kefu: unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        sys.exit(2)
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["kefu manage", *argv[2:]])
    elif command == "import":
        # Each kind is its app's `import_<kind>` management command (import_orders, ...).
        if len(argv) < 3 or argv[2].startswith("-"):
            print("usage: kefu import orders|customers|tickets FILE [options]", file=sys.stderr)
            sys.exit(2)
        execute_from_command_line(["kefu import", f"import_{argv[2]}", *argv[3:]])
    else:
        execute_from_command_line(["kefu", command, *argv[2:]])


if __name__ == "__main__":
    main()
