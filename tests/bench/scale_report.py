"""The table ``make bench`` prints for one database's scale report, goals beside the figures."""

from __future__ import annotations

from typing import Any


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "NOT MET")


def _latency_lines(rows: list[dict[str, Any]], goal: float | None) -> list[str]:
    lines = []
    for row in rows:
        ok = None if goal is None or "only" in row["what"] else row["p95_ms"] <= goal
        ok = False if row["failures"] and ok is not None else ok
        failed = (
            f"  {row['failures']} failed ({row.get('error', '')[:60]})" if row["failures"] else ""
        )
        lines.append(
            f"  {row['what']:<58} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f}"
            f"  {f'≤ {goal:g}' if goal and ok is not None else '':<8} {_verdict(ok)}{failed}"
        )
    return lines


def _http_lines(http: dict[str, Any], ratio_goal: float) -> list[str]:
    lines = [
        f"  {'HTTP (kefu serve, ' + str(int(http['seconds_per_run'])) + ' s each)':<40}"
        f" {'req/s':>8} {'p95 ms':>8} {'errors':>7} {'lost':>5}  vs bare"
    ]
    if "create_statements" in http:
        lines.append(
            f"  {http['create_statements']} SQL statements, {http['create_cpu_ms']} ms CPU"
            " (in process) per API create"
        )
    for clients in (1, 8):
        bare, create = http.get(f"bare_{clients}"), http.get(f"create_{clients}")
        if not bare or not create:
            continue
        lines.append(
            f"  {'bare JSON endpoint, ' + str(clients) + ' client(s)':<40}"
            f" {bare['req_per_s']:>8.1f} {bare['p95_ms'] or 0:>8.1f} {bare['errors']:>7} {'':>5}"
        )
        ok = create["ratio_to_bare"] >= ratio_goal and not create["errors"] and not create["lost"]
        lines.append(
            f"  {'API ticket creation, ' + str(clients) + ' client(s)':<40}"
            f" {create['req_per_s']:>8.1f} {create['p95_ms'] or 0:>8.1f} {create['errors']:>7}"
            f" {create['lost']:>5}  {create['ratio_to_bare']:.0%} (goal ≥ {ratio_goal:.0%})"
            f" {_verdict(ok)}"
        )
        lines.append(
            f"  {'':<40} {create['answered_201']} answered 201, {create['rows_added']} rows added"
        )
    return lines


def render(report: dict[str, Any], goals: dict[str, float]) -> str:
    seconds = report["generation_seconds"].get("total", 0)
    reused = " (data set reused)" if report["dataset_reused"] else ""
    head = (
        f"\n== Kefu at scale — {report['database']}, {report['size']:,} tickets and "
        f"{report['size']:,} customers; generated in {seconds:,.0f} s{reused}"
    )
    load = report.get("load_average")
    if load:
        head += f"\n   machine: {report['cpu_count']} cores, load average {load[0]} → {load[1]}"
    lines = [head, f"  {'measurement':<58} {'p50 ms':>8} {'p95 ms':>8}  goal"]
    lines += _latency_lines(report["queue"], goals["queue_p95_ms"])
    lines += _latency_lines(report["ticket"], None)
    lines += _latency_lines(report["search"], goals["search_p95_ms"])
    recall = report["recall"]
    lines.append(
        f"  search recall vs brute-force scan of {recall['sample']:,} tickets: "
        f"{recall['recall']:.2%} ({recall['extra_found']} found beyond substring matches)"
    )
    for row in report["deadlines"]:
        ok = row["per_second"] >= goals["deadlines"]
        lines.append(
            f"  {row['what']:<58} {row['per_second']:>12,}/s  ≥ {goals['deadlines']:,.0f}/s"
            f" {_verdict(ok)}"
        )
    if report.get("http"):
        lines += _http_lines(report["http"], goals["create_ratio"])
    return "\n".join(lines)
