"""Meeting jobs: materialise the recurring slots, and post each agenda when its moment comes."""

from __future__ import annotations

from bot.deps import Deps
from bot.scheduler import Job
from bot.services.agenda import post_due_agendas
from bot.services.meetings import ensure_recurring


def run(deps: Deps) -> tuple[int, int]:
    """Create upcoming recurring meetings (one row per slot), then post agendas that are due."""
    return ensure_recurring(deps), post_due_agendas(deps)


JOBS = (Job("meetings", 300, run),)
