"""A progress bar for long index work: done of total, records per second and the time left.

Rewritten in place on a terminal; into a log (not a terminal) a line every ten seconds.
"""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


class Progress:
    def __init__(self, out: TextIO, label: str, total: int, *, done: int = 0) -> None:
        self.out, self.label = out, label
        self.total, self.done, self.start = max(total, done, 1), done, done
        self.started = time.perf_counter()
        self.live = bool(getattr(out, "isatty", lambda: False)())
        self.shown = -1e9

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        rate = (self.done - self.start) / elapsed
        self.total = max(self.total, self.done)
        left = (self.total - self.done) / rate if rate else 0.0
        filled = int(WIDTH * self.done / self.total)
        bar = "#" * filled + "." * (WIDTH - filled)
        return (
            f"{self.label:<10} [{bar}] {self.done:>10,}/{self.total:,}  "
            f"{rate:,.0f}/s  {_clock(elapsed)} elapsed, {_clock(left)} left"
        )

    def advance(self, count: int) -> None:
        self.done += count
        now = time.perf_counter()
        if now - self.shown >= (0.5 if self.live else 10.0):
            self._show()
            self.shown = now

    def _show(self) -> None:
        self.out.write(f"\r{self.line()}" if self.live else f"{self.line()}\n")
        self.out.flush()

    def close(self) -> None:
        self._show()
        if self.live:
            self.out.write("\n")
