"""Keeping people's names fresh for exports: once an hour, the chat directory names who the records name."""

from __future__ import annotations

from datetime import timedelta

from bot.core.deps import Deps
from bot.core.jobs import Job
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


JOBS = (Job(id="records.names", seconds=3600, run=refresh_names),)
