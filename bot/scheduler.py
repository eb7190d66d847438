"""The clock inside `efrp serve`: APScheduler 3 runs jobs whose truth lives in the database."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

from apscheduler.schedulers.background import BackgroundScheduler

from bot.deps import Deps

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A periodic job: safe to run twice or in two processes, because it claims its work in the database."""

    id: str
    seconds: int
    run: Callable[[Deps], object]


# Modules that contribute jobs through a JOBS tuple; a module not built yet is skipped.
JOB_MODULES = ("bot.jobs.meetings", "bot.jobs.reminders")


def all_jobs() -> list[Job]:
    """Every job the bot runs."""
    jobs: list[Job] = []
    for name in JOB_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        jobs.extend(module.JOBS)
    return jobs


def make_scheduler(deps: Deps, jobs: list[Job]) -> BackgroundScheduler:
    """A scheduler with one explicit, replace-existing entry per job."""
    scheduler = BackgroundScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for job in jobs:
        scheduler.add_job(
            _guarded(job, deps),
            "interval",
            seconds=job.seconds,
            id=job.id,
            replace_existing=True,
            next_run_time=deps.clock.now(),
        )
    return scheduler


def _guarded(job: Job, deps: Deps) -> Callable[[], None]:
    def run() -> None:
        try:
            job.run(deps)
            deps.kick()
        except Exception:
            log.exception("job %s failed; it will run again at its next tick", job.id)

    return run
