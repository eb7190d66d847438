"""A periodic job: what the scheduler runs, and what each stage that has one declares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.deps import Deps


@dataclass(frozen=True)
class Job:
    """A periodic job: safe to run twice or in two processes, because it claims its work in the database."""

    id: str
    seconds: int
    run: Callable[[Deps], object]
