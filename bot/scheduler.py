"""The clock inside `efrp serve`: APScheduler 3 runs jobs whose truth lives in the database."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC

from apscheduler.schedulers.background import BackgroundScheduler

from bot.actions import jobs as action_jobs
from bot.core.deps import Deps
from bot.core.jobs import Job
from bot.core.metrics import metrics
from bot.meetings import jobs as meeting_jobs
from bot.records import jobs as record_jobs

log = logging.getLogger(__name__)


def all_jobs() -> list[Job]:
    """Every job the bot runs, from each stage that has one."""
    return [*meeting_jobs.JOBS, *action_jobs.JOBS, *record_jobs.JOBS]


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
        with metrics().sweep_duration.labels(job=job.id).time():
            try:
                job.run(deps)
            except Exception:
                log.exception("job %s failed; it will run again at its next tick", job.id)

    return run
