"""HTTP load against a real ``kefu serve`` on 127.0.0.1: ticket creation through the API with
1 and 8 concurrent clients, beside the bare JSON endpoint the same server serves when
``KEFU_BENCH=1`` (the stack's own limit). Clients are separate processes (no shared GIL);
afterwards the created tickets are counted in the database to prove none was lost. The SQL
statements of one create are counted in process first.

Only this part of the scale benchmark, on a small data set:
``BENCH_SIZE=20000 python -m tests.bench.scale_http --db sqlite`` (or ``--db postgres`` with
``KEFU_TEST_POSTGRES_URL``); the figures go to ``var/bench/http-<db>-<size>.json``.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "10"))
CONCURRENCY = (1, 8)
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KEFU_BENCH": "1", "KEFU_DATABASE_URL": url, "KEFU_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "kefu.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(  # the process is ours: stopped in run()
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request(
                "POST", "/bench/bare", body=b"{}", headers={"Content-Type": "application/json"}
            )
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"kefu serve did not start: {server.stderr.read().decode()[-2000:]}")


def _client(job: dict[str, Any]) -> dict[str, Any]:
    """One client process: POST as fast as answers come, until the time is up."""
    rng = random.Random(job["seed"])
    headers = {"Content-Type": "application/json", **job["headers"]}
    conn = http.client.HTTPConnection("127.0.0.1", job["port"], timeout=30)
    spent: list[float] = []
    numbers: list[str] = []
    errors: dict[str, int] = {}
    end = time.perf_counter() + job["seconds"]
    while time.perf_counter() < end:
        body = json.dumps(rng.choice(job["bodies"]), ensure_ascii=False).encode()
        started = time.perf_counter()
        try:
            conn.request("POST", job["path"], body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", job["port"], timeout=30)
            continue
        spent.append(time.perf_counter() - started)
        if response.status != job["status"]:
            errors[str(response.status)] = errors.get(str(response.status), 0) + 1
        elif job["path"] != "/bench/bare":
            numbers.append(json.loads(payload)["number"])
    return {"spent": spent, "numbers": numbers, "errors": errors}


def _load(path: str, status: int, clients: int, *, port: int, headers: dict, bodies: list) -> dict:
    jobs = [
        {
            "path": path,
            "status": status,
            "port": port,
            "headers": headers,
            "bodies": bodies,
            "seconds": SECONDS,
            "seed": n,
        }
        for n in range(clients)
    ]
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with context.Pool(clients) as pool:
        parts = pool.map(_client, jobs)
    elapsed = time.perf_counter() - started
    spent = sorted(s for p in parts for s in p["spent"])
    errors: dict[str, int] = {}
    for part in parts:
        for key, count in part["errors"].items():
            errors[key] = errors.get(key, 0) + count
    ok = len(spent) - sum(v for k, v in errors.items() if k.isdigit())
    return {
        "clients": clients,
        "requests": len(spent) + sum(v for k, v in errors.items() if not k.isdigit()),
        "ok": ok,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "req_per_s": round(len(spent) / SECONDS, 1),
        "p50_ms": round(spent[len(spent) // 2] * 1000, 2) if spent else None,
        "p95_ms": round(spent[int(len(spent) * 0.95)] * 1000, 2) if spent else None,
        "wall_seconds": round(elapsed, 1),
        "numbers": [n for p in parts for n in p["numbers"]],
    }


def _token_and_bodies(shop: Any) -> tuple[str, int, list[dict[str, Any]]]:
    """An API token for an agent of the first team, and ticket bodies for its customers."""
    from kefu.core.models import Role, User
    from kefu.core.tokens import create_api_token
    from tests.bench.scale_data import describe

    team = shop.team_ids[0]
    agent = User.objects.get(pk=shop.agent_ids[team][0])
    admin, _created = User.objects.get_or_create(
        username="bench_admin", defaults={"role": Role.ADMIN}
    )
    _token, key = create_api_token(actor=admin, user=agent, name="bench")
    rng = random.Random(11)
    customers = [
        c
        for c in range(shop.first_customer, shop.first_customer + 10 * len(shop.team_ids) * 100)
        if shop.customer_team(c) == team
    ]
    bodies = []
    for _n in range(200):
        description, demand = describe(rng, [(0, "智能手机X1"), (0, "蓝牙耳机Pro")])
        bodies.append(
            {
                "description": description,
                "demand": demand,
                "channel": "web",
                "customer_id": rng.choice(customers),
            }
        )
    return key, agent.pk, bodies


def statements_per_create(key: str, body: dict[str, Any], repeat: int = 20) -> dict[str, Any]:
    """Creates through the whole Django stack in this process: the SQL statements of one
    (after a first that fills the caches, as a server's first request does) and the CPU time
    of this process per create (with SQLite that includes the database's own work)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.post("/api/v1/tickets", body, content_type="application/json")
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)  # not queries_log: each request starts by clearing it
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.post("/api/v1/tickets", body, content_type="application/json")
    if response.status_code != 201:
        raise RuntimeError(f"in-process create answered {response.status_code}")
    started = time.process_time()
    for _n in range(repeat):
        client.post("/api/v1/tickets", body, content_type="application/json")
    cpu_ms = (time.process_time() - started) * 1000 / repeat
    return {"statements": len(statements), "cpu_ms": round(cpu_ms, 1)}


def run(shop: Any, *, url: str) -> dict[str, Any]:
    from django.db import connections

    from kefu.tickets.models import Ticket

    key, agent_id, bodies = _token_and_bodies(shop)
    per_create = statements_per_create(key, bodies[0])
    connections.close_all()
    port = _free_port()
    server = _start_server(url, port)
    results: dict[str, Any] = {
        "seconds_per_run": SECONDS,
        "server": "kefu serve (gunicorn)",
        "create_statements": per_create["statements"],
        "create_cpu_ms": per_create["cpu_ms"],
    }
    try:
        for clients in CONCURRENCY:
            print(f"  HTTP: bare endpoint, {clients} client(s), {SECONDS:.0f} s", file=sys.stderr)
            bare = _load("/bench/bare", 200, clients, port=port, headers={}, bodies=[{"ping": 1}])
            bare.pop("numbers")
            results[f"bare_{clients}"] = bare
            print(f"  HTTP: ticket creation, {clients} client(s), {SECONDS:.0f} s", file=sys.stderr)
            before = Ticket.objects.filter(created_by_id=agent_id).count()
            auth = {"Authorization": f"Bearer {key}"}
            create = _load("/api/v1/tickets", 201, clients, port=port, headers=auth, bodies=bodies)
            numbers = create.pop("numbers")
            after = Ticket.objects.filter(created_by_id=agent_id).count()
            stored = Ticket.objects.filter(number__in=numbers).count()
            create.update(
                rows_added=after - before,
                answered_201=len(numbers),
                lost=len(numbers) - stored,
                ratio_to_bare=round(create["req_per_s"] / max(bare["req_per_s"], 0.1), 3),
            )
            results[f"create_{clients}"] = create
            connections.close_all()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


GOALS = {"sqlite": 0.25, "postgres": 0.40}  # create req/s over bare req/s at 8 clients
P95_GOAL_MS = 50.0


def render(http: dict[str, Any], db: str, size: int) -> str:
    """The figures of one run, with the goals of issue 13 beside them."""
    lines = [
        f"\n== HTTP ticket creation on {db}, {size:,} tickets in the data set",
        f"  {http['create_statements']} SQL statements and {http['create_cpu_ms']} ms CPU"
        " (in process) per create",
        f"  {'':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'lost':>5}",
    ]
    for clients in CONCURRENCY:
        bare, create = http[f"bare_{clients}"], http[f"create_{clients}"]
        for label, row in (("bare endpoint", bare), ("API create", create)):
            lines.append(
                f"  {label + ', ' + str(clients) + ' client(s)':<34} {row['req_per_s']:>8.1f}"
                f" {row['p50_ms'] or 0:>8.1f} {row['p95_ms'] or 0:>8.1f} {row['errors']:>7}"
                f" {row.get('lost', ''):>5}"
            )
    top = http[f"create_{CONCURRENCY[-1]}"]
    met = (
        top["ratio_to_bare"] >= GOALS[db]
        and (top["p95_ms"] or 0) <= P95_GOAL_MS
        and not top["errors"]
        and not top["lost"]
    )
    lines.append(
        f"  create at {CONCURRENCY[-1]} clients: {top['ratio_to_bare']:.0%} of bare (goal ≥"
        f" {GOALS[db]:.0%}), p95 {top['p95_ms']} ms (goal ≤ {P95_GOAL_MS:g}):"
        f" {'met' if met else 'NOT MET'}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    from tests.bench import scale

    parser = argparse.ArgumentParser(description="HTTP ticket creation beside the bare endpoint")
    parser.add_argument("--db", choices=sorted(scale.LABELS), default="sqlite")
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "20000")))
    args = parser.parse_args(argv)
    url = scale.setup(args.db, args.size, os.environ.get("BENCH_REGENERATE") == "1")
    shop, _reused = scale.dataset(args.db, args.size)
    load = os.getloadavg()[0]
    http = run(shop, url=url)
    http["load_average"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    scale.OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = scale.OUT_DIR / f"http-{args.db}-{args.size}.json"
    path.write_text(json.dumps(http, indent=2) + "\n", encoding="utf-8")
    print(render(http, args.db, args.size))
    print(f"  load average {http['load_average']}; wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
