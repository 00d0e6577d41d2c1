"""Periodic jobs run by `kefu worker`; a conditional UPDATE lets one worker take each run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.core.models import PeriodicJob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


_jobs: dict[str, Job] = {}


def periodic(name: str, *, seconds: int) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register a function to run every ``seconds`` on one of the running workers."""

    def decorate(func: Callable[[], object]) -> Callable[[], object]:
        _jobs[name] = Job(name, timedelta(seconds=seconds), func)
        return func

    return decorate


def jobs() -> list[Job]:
    return list(_jobs.values())


def claim(job: Job) -> bool:
    now = timezone.now()
    try:
        with transaction.atomic():
            PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:
        pass  # another worker created it first
    return bool(
        PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_run_at=now
        )
    )


def run_due() -> list[str]:
    """Run every job whose time has come and that no other worker took. Returns their names."""
    ran = []
    for job in jobs():
        if claim(job):
            log.debug("periodic job %s ran", job.name)
            try:
                job.run()
            except Exception:
                log.exception("periodic job %s failed", job.name)
            ran.append(job.name)
    return ran
