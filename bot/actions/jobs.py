"""The reminder sweep every five minutes inside `efrp serve`; the database decides what is sent."""

from __future__ import annotations

from bot.actions.reminders import sweep
from bot.core.deps import Deps
from bot.core.jobs import Job


def run_sweep(deps: Deps) -> object:
    """One sweep as of now (claims make a second run, or a second process, send nothing)."""
    return sweep(deps)


JOBS = (Job(id="reminders.sweep", seconds=300, run=run_sweep),)
