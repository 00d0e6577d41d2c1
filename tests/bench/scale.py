"""The scale benchmark on one database: ``python -m tests.bench.scale --db sqlite|postgres``.

Builds (or reuses) ``BENCH_SIZE`` tickets and customers, measures the queue, ticket and search
latencies, search recall, HTTP ticket creation against ``kefu serve`` beside a bare endpoint,
and deadline computations; prints a table and writes ``var/bench/<db>-<size>.json``.
SQLite lives in ``var/bench/scale-<size>.sqlite3``; PostgreSQL in database
``kefu_bench_<size>`` next to the one ``KEFU_TEST_POSTGRES_URL`` names.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

OUT_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"
LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def database_url(db: str, size: int) -> str:
    if db == "sqlite":
        return f"sqlite:///{OUT_DIR / f'scale-{size}.sqlite3'}"
    base = os.environ.get("KEFU_TEST_POSTGRES_URL", "")
    if not base:
        raise SystemExit("KEFU_TEST_POSTGRES_URL is not set: no PostgreSQL to measure.")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/kefu_bench_{size}"))


def _prepare_postgres(url: str, regenerate: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and regenerate:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare_sqlite(url: str, regenerate: bool) -> None:
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    if regenerate:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def setup(db: str, size: int, regenerate: bool) -> str:
    url = database_url(db, size)
    (_prepare_sqlite if db == "sqlite" else _prepare_postgres)(url, regenerate)
    os.environ["KEFU_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    os.environ.setdefault("KEFU_VAR_DIR", str(OUT_DIR))
    os.environ.setdefault("KEFU_LOG_LEVEL", "WARNING")
    import logging

    import django

    django.setup()
    # A page another engineer is still building answers 500; the table says so, once.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    return url


def dataset(db: str, size: int) -> tuple[object, bool]:
    from django.core.management import call_command

    from tests.bench import scale_dataset

    print(f"== {LABELS[db]}: migrating", file=sys.stderr)
    call_command("migrate", verbosity=0)
    path = scale_dataset.describe_file(OUT_DIR, f"{db}-{size}")
    shop = scale_dataset.found(path, size)
    if shop is not None:
        print(f"== {LABELS[db]}: reusing the data set of {size:,} tickets", file=sys.stderr)
        return shop, True
    print(f"== {LABELS[db]}: generating {size:,} customers and tickets", file=sys.stderr)
    shop = scale_dataset.generate(size)
    scale_dataset.save(shop, path)
    return shop, False


def report_path(db: str, size: int) -> Path:
    return OUT_DIR / f"{db}-{size}.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=sorted(LABELS), default="sqlite")
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "1000000")))
    parser.add_argument("--skip-http", action="store_true", help="leave out the HTTP load")
    args = parser.parse_args(argv)
    regenerate = os.environ.get("BENCH_REGENERATE") == "1"
    url = setup(args.db, args.size, regenerate)

    from tests.bench import scale_measure

    shop, reused = dataset(args.db, args.size)
    load_before = os.getloadavg()
    figures = scale_measure.measure_all(shop, url=url, http=not args.skip_http)
    report = {
        "database": LABELS[args.db],
        "size": args.size,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "dataset_reused": reused,
        # Other work on the machine shows in the figures: the 1-minute load around the run.
        "load_average": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "generation_seconds": shop.seconds,  # type: ignore[attr-defined]
        **figures,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = report_path(args.db, args.size)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(scale_measure.render(report))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
