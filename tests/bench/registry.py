"""The benchmark registry: named measurements grouped by area, and the one way to time them.

A benchmark module (``tests/bench/bench_*.py``) registers setup functions with ``@bench``. A
setup function receives ``BENCH_CASES`` and returns a *batch*: a callable that does some work and
returns how many operations it did. The runner times whole batches, so per-call overhead of the
harness stays out of the figures. Pure-Python work is timed in CPU seconds of this process (a
busy machine does not lower the figure); work that waits on a database or the network is timed
on the wall clock.

A *scenario* (``@scenario``) is a whole run over a data set of ``BENCH_SIZE`` records (the scale
benchmark): it prints and writes its own figures and returns its table for the summary.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# The scale of the data sets (tickets, customers): read here and only here.
BENCH_SIZE = int(os.environ.get("BENCH_SIZE", "1000000"))
# Cases generated per batch of a throughput benchmark (the calendar's deadlines).
BENCH_CASES = int(os.environ.get("BENCH_CASES", "10000"))

Batch = Callable[[], int]
Setup = Callable[[int], Batch]
Run = Callable[[int], str]  # a scenario: data set size in, the printed table out
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}


@dataclass(frozen=True)
class Bench:
    group: str  # results of a group go to var/bench/<group>.json
    name: str
    setup: Setup
    what: str  # one line for the table
    clock: str  # "cpu" or "wall"


@dataclass
class Result:
    group: str
    name: str
    what: str
    clock: str
    best: float  # operations per second, best run
    runs: list[float] = field(default_factory=list)
    operations: int = 0  # operations timed in the best run


@dataclass(frozen=True)
class Scenario:
    group: str
    name: str
    run: Run
    what: str


REGISTRY: list[Bench] = []
SCENARIOS: list[Scenario] = []


def bench(group: str, name: str, what: str, *, clock: str = "wall") -> Callable[[Setup], Setup]:
    """Register a setup function as the benchmark ``group.name``."""
    if clock not in CLOCKS:
        raise ValueError(f"clock must be one of {sorted(CLOCKS)}")

    def register(setup: Setup) -> Setup:
        REGISTRY.append(Bench(group, name, setup, what, clock))
        return setup

    return register


def scenario(group: str, name: str, what: str) -> Callable[[Run], Run]:
    """Register a function as the scenario ``group.name``."""

    def register(run: Run) -> Run:
        SCENARIOS.append(Scenario(group, name, run, what))
        return run

    return register


def measure(item: Bench, *, size: int, runs: int, seconds: float) -> Result:
    """Best of ``runs`` runs, each repeating the batch for at least ``seconds``."""
    batch, clock = item.setup(size), CLOCKS[item.clock]
    batch()  # warm caches (calendar years, imports) outside the timing
    rates = []
    best_ops = 0
    for _run in range(runs):
        operations = 0
        started = clock()
        while (elapsed := clock() - started) < seconds:
            operations += batch()
        rates.append(operations / elapsed)
        if rates[-1] == max(rates):
            best_ops = operations
    return Result(item.group, item.name, item.what, item.clock, max(rates), rates, best_ops)
