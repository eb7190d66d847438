"""The reminder sweep every five minutes inside `efrp serve`; the database decides what is sent."""

from __future__ import annotations

from bot.actions.reminders import sweep
from bot.core.deps import Deps
from bot.core.jobs import Job
from bot.core.metrics import metrics


def run_sweep(deps: Deps) -> object:
    """One sweep as of now (claims make a second run, or a second process, send nothing)."""
    result = sweep(deps)
    count = metrics().reminders_sent  # counted once committed: what this process claimed
    for claimed, _ in result.owner_reminders:
        count.labels(kind=claimed.kind).inc()
    count.labels(kind="escalation").inc(len(result.escalations))
    count.labels(kind="review_due").inc(len(result.reviews))
    for screening in result.screenings:
        count.labels(kind=screening.claimed.kind).inc()
    return result


JOBS = (Job(id="reminders.sweep", seconds=300, run=run_sweep),)
