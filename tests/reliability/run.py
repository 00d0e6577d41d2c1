"""`make reliability`: the reliability suite at full size, then one table of its figures.

    python -m tests.reliability.run [--reduced]

Full size: 50 fuzzing examples per operation and principal, 20 writers on one ticket, 200
creates with one Idempotency-Key, 50 clients × 120 s of mixed load. ``--reduced`` is the size
`make test` runs in CI. Figures come from the tests themselves (pytest's record_property).
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FULL = {
    "KEFU_FUZZ_EXAMPLES": "50",
    "KEFU_RELIABILITY_WRITERS": "20",
    "KEFU_RELIABILITY_CREATES": "200",
    "KEFU_RELIABILITY_CLIENTS": "50",
    "KEFU_RELIABILITY_SECONDS": "120",
    "KEFU_RELIABILITY_MESSAGES": "1000",
    "KEFU_RELIABILITY_KILLS": "20",
    "KEFU_RELIABILITY_PG_RESTARTS": "3",
}
REDUCED = {
    **FULL,
    "KEFU_FUZZ_EXAMPLES": "10",
    "KEFU_RELIABILITY_CREATES": "40",
    "KEFU_RELIABILITY_CLIENTS": "8",
    "KEFU_RELIABILITY_SECONDS": "5",
    "KEFU_RELIABILITY_MESSAGES": "120",
    "KEFU_RELIABILITY_KILLS": "3",
    "KEFU_RELIABILITY_PG_RESTARTS": "0",
}


def run(sizes: dict[str, str], report: Path) -> int:
    env = {**os.environ, **sizes}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:xdist",
        "tests/reliability",
        f"--junitxml={report}",
        "-o",
        "junit_family=xunit1",
    ]
    return subprocess.call(command, cwd=ROOT, env=env)


def table(report: Path) -> str:
    files: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    figures: list[str] = []
    for case in ET.parse(report).iter("testcase"):
        area = case.get("classname", "").rsplit(".", 1)[-1]
        failed = case.find("failure") is not None or case.find("error") is not None
        files[area]["failed" if failed else "passed"] += 1
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        if props:
            name = case.get("name", "")
            figures.append(f"| {name[:70]} | " + ", ".join(f"{k} {v}" for k, v in props.items()))
    lines = ["| area | passed | failed |", "|---|---|---|"]
    lines += [f"| {a} | {c['passed']} | {c['failed']} |" for a, c in sorted(files.items())]
    lines += ["", "| measured | figures |", "|---|---|", *figures]
    return "\n".join(lines)


def main() -> None:
    sizes = REDUCED if "--reduced" in sys.argv else FULL
    database = "postgresql" if "postgres" in os.environ.get("KEFU_DATABASE_URL", "") else "sqlite"
    report = ROOT / "var" / "reliability" / f"report-{database}.xml"
    report.parent.mkdir(parents=True, exist_ok=True)
    code = run(sizes, report)
    chosen = ", ".join(f"{k}={v}" for k, v in sizes.items())
    print(f"\nReliability figures on {database} ({chosen})\n")
    print(table(report))
    sys.exit(code)


if __name__ == "__main__":
    main()
