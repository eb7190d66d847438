"""Meeting jobs: materialise the recurring slots, and post each agenda when its moment comes."""

from __future__ import annotations

from bot.core.deps import Deps
from bot.core.jobs import Job
from bot.meetings.agenda import post_due_agendas
from bot.meetings.schedule import ensure_recurring


def run(deps: Deps) -> tuple[int, int]:
    """Create upcoming recurring meetings (one row per slot), then post agendas that are due."""
    return ensure_recurring(deps), post_due_agendas(deps)


JOBS = (Job("meetings", 300, run),)
