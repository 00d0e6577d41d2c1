"""Fixtures of the page tests."""

from __future__ import annotations

import pytest

from kefu.sla import services


@pytest.fixture(autouse=True)
def fresh_calendar_cache(monkeypatch):
    """Each test's rolled-back database reuses revision numbers, so drop the process cache.

    ``current_calendar()`` caches by the calendar revision counter; after a test's transaction
    rolls back, the next test's first change has the same revision number with other days.
    """
    monkeypatch.setattr(services, "_cached", None)
