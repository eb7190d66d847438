"""The records stage's jobs: people's names kept fresh for exports (hourly), and the daily retention purge."""

from __future__ import annotations

from datetime import timedelta

from bot.core.deps import Deps
from bot.core.jobs import Job
from bot.records.retention import run_daily
from storage import people
from storage.db import session_scope

__all__ = ["JOBS", "refresh_names"]

# People who acted within this window are kept named; older names stay cached as they were.
RECENT = timedelta(days=365)


def refresh_names(deps: Deps) -> int:
    """Ask the directory for everyone recently active (it refreshes stale names); returns how many."""
    with session_scope(deps.engine) as session:
        ids = people.known_people(session=session, since=deps.clock.now() - RECENT)
    return sum(name != uid for uid, name in deps.names(ids).items())


JOBS = (
    Job(id="records.names", seconds=3600, run=refresh_names),
    # Hourly, claiming the day: the purge runs soon after start-up, then once a day whatever the restarts.
    Job(id="records.retention", seconds=3600, run=run_daily),
)
