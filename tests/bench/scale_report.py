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
        from tests.bench import scale, scale_http

        db = {label: key for key, label in scale.LABELS.items()}[report["database"]]
        lines.append(scale_http.render(report["http"], db, report["size"]))
    return "\n".join(lines)
