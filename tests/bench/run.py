"""Run the benchmarks: ``python -m tests.bench.run [group or group.name ...]`` from the repo root.

Every ``tests/bench/bench_*.py`` module is loaded, its benchmarks run one after another on one
core (best of ``--runs`` runs of ``--seconds`` each), a table is printed and each group's figures
are written to ``var/bench/<group>.json``. Then the scenarios run — the scale benchmark on
SQLite, and on PostgreSQL when ``KEFU_TEST_POSTGRES_URL`` is set — each printing its table and
writing ``var/bench/<db>-<BENCH_SIZE>.json``. A benchmark that needs a database gets a scratch
SQLite one under ``var/bench/`` unless ``KEFU_VAR_DIR`` or ``KEFU_DATABASE_URL`` says otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    os.environ.setdefault("KEFU_VAR_DIR", str(OUT_DIR))
    import django

    django.setup()


def _load_modules() -> None:
    package = Path(__file__).resolve().parent
    for module in pkgutil.iter_modules([str(package)]):
        if module.name.startswith("bench_"):
            importlib.import_module(f"tests.bench.{module.name}")


def _pin_to_one_core() -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def _selected(items: list, wanted: list[str]) -> list:
    if not wanted:
        return items
    return [b for b in items if b.group in wanted or f"{b.group}.{b.name}" in wanted]


def _print_table(results: list) -> None:
    print(f"\n{'benchmark':<22} {'ops/s (best)':>14} {'worst run':>12} {'clock':>6}  what")
    for r in results:
        name = f"{r.group}.{r.name}"
        print(f"{name:<22} {r.best:>14,.0f} {min(r.runs):>12,.0f} {r.clock:>6}  {r.what}")


def _write_json(results: list, *, size: int, runs: int, seconds: float, core: int | None) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for group in sorted({r.group for r in results}):
        path = OUT_DIR / f"{group}.json"
        document = {
            "group": group,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpu_count": os.cpu_count(),
            "pinned_core": core,
            "bench_size": size,
            "runs": runs,
            "seconds_per_run": seconds,
            "results": [asdict(r) for r in results if r.group == group],
        }
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


def _restore_cores(cores: set[int] | None) -> None:
    if cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="groups or group.name to run (default: all)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args(argv)

    _setup_django()
    from tests.bench.registry import BENCH_CASES, BENCH_SIZE, REGISTRY, SCENARIOS, measure

    _load_modules()
    chosen = _selected(REGISTRY, args.only)
    scenarios = _selected(SCENARIOS, args.only)
    if not chosen and not scenarios:
        print(f"no benchmark matches {args.only}", file=sys.stderr)
        return 2
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    core = _pin_to_one_core() if chosen else None
    results = []
    for item in chosen:
        print(f"running {item.group}.{item.name} ...", flush=True)
        results.append(measure(item, size=BENCH_CASES, runs=args.runs, seconds=args.seconds))
    # Scenarios run servers and client processes: they get every core back.
    _restore_cores(cores)
    tables = []
    for item in scenarios:
        print(f"running {item.group}.{item.name} (BENCH_SIZE={BENCH_SIZE:,}) ...", flush=True)
        tables.append(item.run(BENCH_SIZE))
    if results:
        _print_table(results)
        _write_json(results, size=BENCH_CASES, runs=args.runs, seconds=args.seconds, core=core)
    for table in tables:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
