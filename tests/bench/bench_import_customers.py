"""Customer import at scale (C-02 goal: 1,000,000 customers in ≤ 60 s, peak RSS ≤ 300 MB).

``python -m tests.bench.run import`` writes a CSV of ``BENCH_SIZE`` customers, then imports it
into a fresh database — SQLite, and PostgreSQL when ``KEFU_TEST_POSTGRES_URL`` is set — in a
child process per database, first as new customers and then again unchanged (the daily re-run).
The child times only the import and reports its own peak RSS.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.registry import scenario

OUT_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"
HEADER = ["客户编号", "姓名", "手机", "邮箱", "性别", "生日", "省份", "城市", "会员等级"]
CITIES = [("广东省", "深圳市"), ("浙江省", "杭州市"), ("四川省", "成都市"), ("江苏省", "南京市")]
LEVELS = ["非会员", "会员", "银卡会员", "金卡会员", "钻石会员"]


def write_file(path: Path, size: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(HEADER)
        for n in range(size):
            province, city = CITIES[n % len(CITIES)]
            rows.writerow(
                [
                    f"B{n:08d}",
                    "王李张刘陈"[n % 5] + "芳伟娜强"[n % 4],
                    f"13{n:09d}",
                    f"user{n}@example.cn" if n % 2 else "",
                    "男女"[n % 2],
                    f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                    province,
                    city,
                    LEVELS[n % len(LEVELS)],
                ]
            )


def _databases(size: int) -> list[tuple[str, str]]:
    found = [("SQLite", f"sqlite:///{OUT_DIR / f'import-customers-{size}.sqlite3'}")]
    base = os.environ.get("KEFU_TEST_POSTGRES_URL", "")
    if base:
        found.append(("PostgreSQL", urlunsplit(urlsplit(base)._replace(path="/kefu_bench_import"))))
    return found


def _fresh(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def child(path: str) -> None:
    """In a fresh process: migrate, import the file twice, print the figures as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    django.setup()
    from django.core.management import call_command

    from kefu.customers.import_runs import import_customer_file
    from kefu.customers.models import ImportMode

    call_command("migrate", verbosity=0)
    figures = {}
    for label in ("new", "again"):
        started = time.perf_counter()
        run = import_customer_file(actor=None, path=Path(path), mode=ImportMode.GOOD_ROWS)
        figures[label] = {
            "seconds": round(time.perf_counter() - started, 2),
            "created": run.created,
            "unchanged": run.unchanged,
            "failed": run.failed,
        }
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(figures))


@scenario("import", "customers", "kefu import customers: new, then unchanged re-import")
def run_import(size: int) -> str:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"customers-{size}.csv"
    if not path.exists():
        write_file(path, size)
    lines = [f"customer import of {size:,} rows ({path.stat().st_size / 1e6:.0f} MB CSV)"]
    for label, url in _databases(size):
        _fresh(url)
        env = {**os.environ, "KEFU_DATABASE_URL": url, "KEFU_VAR_DIR": str(OUT_DIR)}
        out = subprocess.run(
            [sys.executable, "-m", "tests.bench.bench_import_customers", str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        f = json.loads(out.stdout.strip().splitlines()[-1])
        lines.append(
            f"{label:<11} new {f['new']['seconds']:>7.1f} s ({size / f['new']['seconds']:>9,.0f} "
            f"rows/s)  again {f['again']['seconds']:>7.1f} s  peak RSS {f['peak_rss_mb']} MB  "
            f"created {f['new']['created']:,} unchanged {f['again']['unchanged']:,}"
        )
    (OUT_DIR / f"import-customers-{size}.txt").write_text("\n".join(lines) + "\n")
    return "\n".join(lines)


if __name__ == "__main__":
    child(sys.argv[1])
