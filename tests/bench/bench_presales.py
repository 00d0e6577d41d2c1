"""The pre-sales pipeline page at scale (S-08): ``BENCH_SIZE`` leads over 20 agents in 4 teams.

A scenario of the registry, run in its own process on its own SQLite file
(``var/bench/presales-<size>.sqlite3``, reused when it already holds the leads): the board as a
supervisor (all leads, a column per stage with capped counts) and as an agent (their team's),
the list page of 50 by stage, and the leads API; p50/p95 by the Django test client, figures in
``var/bench/presales-<size>.json``. ``python -m tests.bench.bench_presales --size 100000``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.bench.registry import scenario

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "var" / "bench"
AGENTS, TEAMS, LEADS_PER_CUSTOMER, BATCH = 20, 4, 5, 5000
# The share of leads that end in each stage: a funnel.
STAGE_WEIGHTS = (
    ("new", 20),
    ("contacted", 20),
    ("needs_analysed", 15),
    ("recommended", 12),
    ("negotiating", 8),
    ("won", 10),
    ("lost", 15),
)


def report_path(size: int) -> Path:
    return OUT_DIR / f"presales-{size}.json"


def _setup(size: int) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["KEFU_DATABASE_URL"] = f"sqlite:///{OUT_DIR / f'presales-{size}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    os.environ.setdefault("KEFU_VAR_DIR", str(OUT_DIR))
    os.environ.setdefault("KEFU_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _people() -> tuple[Any, list[Any]]:
    from kefu.core.models import Role, Team, User

    boss = User.objects.filter(username="bench-supervisor").first()
    if boss is None:
        boss = User.objects.create_user(username="bench-supervisor", role=Role.SUPERVISOR)
    teams = [Team.objects.get_or_create(name=f"售前{n}组")[0] for n in range(TEAMS)]
    agents = [
        User.objects.get_or_create(
            username=f"bench-agent{n}", defaults={"role": Role.AGENT, "team": teams[n % TEAMS]}
        )[0]
        for n in range(AGENTS)
    ]
    return boss, agents


def _fill(size: int, agents: list[Any]) -> None:
    """Bulk-insert customers and leads (no services: only the page is measured)."""
    from django.utils import timezone

    from kefu.customers.models import Customer
    from kefu.presales.models import FUNNEL, Lead

    rng = random.Random(7)
    have = Lead.objects.count()
    now = timezone.now()
    stages = [s for s, _w in STAGE_WEIGHTS]
    weights = [w for _s, w in STAGE_WEIGHTS]
    while have < size:
        n = min(BATCH, size - have)
        customers = Customer.objects.bulk_create(
            Customer(name=f"客户{have + i}") for i in range(0, n, LEADS_PER_CUSTOMER)
        )
        rows = []
        for i in range(n):
            agent, stage = agents[rng.randrange(len(agents))], rng.choices(stages, weights)[0]
            at = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            reached = FUNNEL.index(stage) if stage in FUNNEL else rng.randrange(5)
            rows.append(
                Lead(
                    customer=customers[i // LEADS_PER_CUSTOMER],
                    channel="wechat",
                    stage=stage,
                    reached=reached,
                    owner=agent,
                    team_id=agent.team_id,
                    lost_reason="预算不够" if stage == "lost" else "",
                    created_at=at,
                    stage_changed_at=at,
                )
            )
        Lead.objects.bulk_create(rows)
        have += n
        print(f"  {have:,} leads", file=sys.stderr, flush=True)


def _measure(boss: Any, agents: list[Any]) -> list[dict[str, Any]]:
    from django.test import Client

    from tests.bench.scale_measure import timed

    def client(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    boss_client, agent_client = client(boss), client(agents[0])
    stages = [s for s, _w in STAGE_WEIGHTS]

    def get(c: Client, url: str) -> bool:
        return c.get(url).status_code == 200

    return [
        timed(
            "board /presales/ as supervisor (all leads)", lambda i: get(boss_client, "/presales/")
        ),
        timed(
            "board /presales/ as agent (own and team's)",
            lambda i: get(agent_client, "/presales/"),
        ),
        timed(
            "board filtered by one agent, as supervisor",
            lambda i: get(boss_client, f"/presales/?owner={agents[i % len(agents)].pk}"),
        ),
        timed(
            "list of 50 by stage, as supervisor",
            lambda i: get(boss_client, f"/presales/?view=list&stage={stages[i % len(stages)]}"),
        ),
        timed(
            "GET /api/v1/presales/leads?stage=… as agent",
            lambda i: get(agent_client, f"/api/v1/presales/leads?stage={stages[i % len(stages)]}"),
        ),
    ]


def render(report: dict[str, Any]) -> str:
    lines = [f"\n== Pre-sales pipeline at {report['leads']:,} leads (SQLite)"]
    for row in report["rows"]:
        lines.append(
            f"  {row['what']:<50} p50 {row['p50_ms']:8.2f} ms  p95 {row['p95_ms']:8.2f} ms"
            f"  failures {row['failures']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    size = parser.parse_args(argv).size
    _setup(size)
    from django.core.management import call_command

    from kefu.presales.models import Lead

    call_command("migrate", verbosity=0)
    boss, agents = _people()
    _fill(size, agents)
    report = {"leads": Lead.objects.count(), "rows": _measure(boss, agents)}
    report_path(size).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(render(report))
    return 0


@scenario("presales", "pipeline", "the pipeline board and list at BENCH_SIZE leads (SQLite)")
def presales_pipeline(size: int) -> str:
    command = [sys.executable, "-m", "tests.bench.bench_presales", "--size", str(size)]
    env = {k: v for k, v in os.environ.items() if k != "KEFU_DATABASE_URL"}
    finished = subprocess.run(command, cwd=ROOT, env=env, check=False)
    path = report_path(size)
    if finished.returncode != 0 or not path.exists():
        return f"\n== presales: the pipeline benchmark failed (exit {finished.returncode})"
    return render(json.loads(path.read_text(encoding="utf-8")))


if __name__ == "__main__":
    sys.exit(main())
