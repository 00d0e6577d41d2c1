"""Reindex and ticket-import throughput: ``python -m tests.bench.bench_reindex --db sqlite``.

``--part reindex`` (default) runs ``kefu manage reindex``'s rebuild on the scale data set of
``BENCH_SIZE`` tickets + customers (made or reused by ``tests.bench.scale``), with the search
results of sample queries taken before and after and compared, and the index rows of a sample
compared with tokenising in this process. ``--part import`` imports ``BENCH_IMPORT`` tickets
(JSON lines, two messages each) into a fresh database twice: created, then updated. Figures:
wall seconds, records/s, CPU seconds of this process and of the tokenising workers, peak RSS;
written to ``var/bench/reindex-<db>-<size>.json`` / ``import-<db>-<n>.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.bench.registry import scenario

OUT_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"
QUERIES = ("退款", "屏幕", "物流", "充电", "换货", "电池", "发票", "维修", "黑屏", "质量")
SAMPLE_ROWS = 2000
# The kinds the scale data set indexes (it leaves out the few seeded articles).
KINDS = ("ticket", "customer")


def _usage() -> tuple[float, float, float, float]:
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, me.ru_maxrss, kids.ru_maxrss


def _timed(run: Any) -> dict[str, Any]:
    cpu, kids, _rss, _kids_rss = _usage()
    load, started = os.getloadavg()[0], time.perf_counter()
    result = run()
    wall = time.perf_counter() - started
    cpu2, kids2, rss, kids_rss = _usage()
    return {
        "result": result,
        "wall_s": round(wall, 1),
        "cpu_main_s": round(cpu2 - cpu, 1),
        "cpu_workers_s": round(kids2 - kids, 1),
        "peak_rss_main_mb": round(rss / 1024),
        "peak_rss_worker_mb": round(kids_rss / 1024),
        "load_average": [round(load, 1), round(os.getloadavg()[0], 1)],
    }


def _results(shop: Any) -> dict[str, list]:
    from kefu.core.models import User
    from kefu.search.queries import search

    users = [User.objects.get(pk=shop.supervisor_id)]
    users.append(User.objects.get(pk=shop.agent_ids[shop.team_ids[0]][0]))
    return {
        f"{user.username} {q} {offset}": [
            (h.kind, h.object_id, h.score)
            for h in search(user, q, kinds=KINDS, offset=offset).items
        ]
        for user in users
        for q in [*QUERIES, shop_name(shop), "136" + str(shop.first_customer).zfill(8)]
        for offset in (0, 40)
    }


def shop_name(shop: Any) -> str:
    from tests.bench.scale_data import customer_name

    return customer_name(shop.first_customer + 17)


def _rows_match_one_process(shop: Any) -> dict[str, int]:
    """Index rows of a sample of records against the provider's documents tokenised here."""
    from kefu.search.models import SearchDocument
    from kefu.search.registry import provider
    from kefu.search.services import COLUMNS, document_columns

    checked, different = 0, 0
    for kind, first in (("ticket", shop.first_ticket), ("customer", shop.first_customer)):
        after = first + shop.size // 2
        documents = provider(kind).documents_after(after)  # type: ignore[union-attr]
        for document, _n in zip(documents, range(SAMPLE_ROWS), strict=False):
            row = SearchDocument.objects.filter(kind=kind, object_id=document.object_id)
            stored = row.values_list(*COLUMNS).get()
            checked += 1
            different += stored != document_columns(document)
    return {"rows_checked": checked, "rows_different": different}


def reindex(db: str, size: int, workers: int | None) -> dict[str, Any]:
    from tests.bench import scale

    scale.setup(db, size, regenerate=os.environ.get("BENCH_REGENERATE") == "1")
    shop, _reused = scale.dataset(db, size)
    from kefu.search.models import SearchDocument
    from kefu.search.rebuild import rebuild

    before = _results(shop)
    records = SearchDocument.objects.count()
    figures = _timed(lambda: rebuild(out=sys.stderr, workers=workers).counts)
    after = _results(shop)
    figures["result"] = {k: list(v) for k, v in figures["result"].items()}
    return {
        "part": "reindex",
        "records": records,
        "records_per_s": round(records / figures["wall_s"]),
        "records_per_cpu_s": round(
            records / max(figures["cpu_main_s"] + figures["cpu_workers_s"], 0.1)
        ),
        **figures,
        "queries_compared": len(before),
        "queries_different": sum(before[k] != after[k] for k in before),
        **_rows_match_one_process(shop),
    }


def _export(count: int) -> bytes:
    rng, start = random.Random(15), datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    from tests.bench.scale_text import PROBLEMS

    lines = []
    for n in range(count):
        created = start + timedelta(minutes=7 * n)
        problem = rng.choice(PROBLEMS)
        lines.append(
            {
                "external_id": f"ZD{n:07d}",
                "customer": {"name": f"客户{n // 2}", "phone": f"137{n // 2:08d}"},
                "subject": problem,
                "status": "closed",
                "channel": "web",
                "created_at": f"{created:%Y-%m-%d %H:%M}",
                "closed_at": f"{created + timedelta(days=1):%Y-%m-%d %H:%M}",
                "messages": [
                    {"at": f"{created:%Y-%m-%d %H:%M}", "from": "customer", "body": problem},
                    {"at": f"{created:%Y-%m-%d %H:%M}", "from": "agent", "body": "已为您处理"},
                ],
            }
        )
    return "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode()


def import_part(db: str, count: int, workers: int | None) -> dict[str, Any]:
    from tests.bench import scale

    label = f"import-{count}"
    if db == "sqlite":
        path = OUT_DIR / f"{label}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["KEFU_DATABASE_URL"] = f"sqlite:///{path}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
        import django

        django.setup()
    else:
        scale.setup(db, count, regenerate=True)  # database kefu_bench_<count>, made fresh
    from django.core.management import call_command

    from kefu.tickets.imports import import_tickets

    call_command("migrate", verbosity=0)
    content = _export(count)

    def run() -> dict[str, int]:
        report = import_tickets(
            actor=None, file=io.BytesIO(content), filename="export.jsonl", workers=workers
        )
        return {"created": report.tickets_created, "updated": report.tickets_updated}

    first, second = _timed(run), _timed(run)
    return {
        "part": "import",
        "tickets": count,
        "created": {**first, "tickets_per_s": round(count / first["wall_s"])},
        "updated": {**second, "tickets_per_s": round(count / second["wall_s"])},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--part", choices=("reindex", "import"), default="reindex")
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "1000000")))
    parser.add_argument(
        "--import-size", type=int, default=int(os.environ.get("BENCH_IMPORT", "20000"))
    )
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("KEFU_VAR_DIR", str(OUT_DIR))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.part == "reindex":
        report, name = reindex(args.db, args.size, args.workers), f"reindex-{args.db}-{args.size}"
    else:
        report = import_part(args.db, args.import_size, args.workers)
        name = f"import-{args.db}-{args.import_size}"
    report.update(database=args.db, created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    report.update(cpu_count=os.cpu_count())
    text = json.dumps(report, indent=2, ensure_ascii=False)
    (OUT_DIR / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


def _run(db: str, part: str, size: int) -> str:
    import subprocess

    command = [sys.executable, "-m", "tests.bench.bench_reindex", "--db", db, "--part", part]
    command += ["--size", str(size)]
    env = {k: v for k, v in os.environ.items() if k != "KEFU_DATABASE_URL"}
    done = subprocess.run(command, cwd=OUT_DIR.parents[1], env=env, check=False)
    return f"\n== {part} on {db}: exit {done.returncode} (figures in var/bench/)"


@scenario("reindex", "sqlite", "full reindex and ticket import throughput on SQLite")
def reindex_sqlite(size: int) -> str:
    return _run("sqlite", "reindex", size) + _run("sqlite", "import", size)


@scenario("reindex", "postgres", "the same on PostgreSQL (KEFU_TEST_POSTGRES_URL)")
def reindex_postgres(size: int) -> str:
    if not os.environ.get("KEFU_TEST_POSTGRES_URL"):
        return "\n== PostgreSQL: skipped — KEFU_TEST_POSTGRES_URL is not set."
    return _run("postgres", "reindex", size) + _run("postgres", "import", size)


if __name__ == "__main__":
    sys.exit(main())
