"""The scale benchmark as scenarios of the registry: one per database, each in its own process
(a Django process serves one database), figures in ``var/bench/<db>-<BENCH_SIZE>.json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.bench.registry import scenario

ROOT = Path(__file__).resolve().parents[2]


def _run(db: str, size: int) -> str:
    from tests.bench import scale
    from tests.bench.scale_measure import render

    command = [sys.executable, "-m", "tests.bench.scale", "--db", db, "--size", str(size)]
    env = {k: v for k, v in os.environ.items() if k != "KEFU_DATABASE_URL"}
    finished = subprocess.run(command, cwd=ROOT, env=env, check=False)  # output goes straight out
    path = scale.report_path(db, size)
    if finished.returncode != 0 or not path.exists():
        return f"\n== {scale.LABELS[db]}: the scale benchmark failed (exit {finished.returncode})"
    return render(json.loads(path.read_text(encoding="utf-8")))


@scenario("scale", "sqlite", "queues, search, tickets and HTTP creation at scale on SQLite")
def scale_sqlite(size: int) -> str:
    return _run("sqlite", size)


@scenario("scale", "postgres", "the same on PostgreSQL (KEFU_TEST_POSTGRES_URL)")
def scale_postgres(size: int) -> str:
    if not os.environ.get("KEFU_TEST_POSTGRES_URL"):
        return "\n== PostgreSQL: skipped — KEFU_TEST_POSTGRES_URL is not set."
    return _run("postgres", size)
