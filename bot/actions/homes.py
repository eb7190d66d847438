"""Owing people a fresh Home tab, for use cases of other stages (through the actions stage's Home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from bot.core.deps import Deps


def refresh_homes(*, session: Session, deps: Deps, user_ids: Iterable[str], now: datetime) -> None:
    """Owe each of these people a fresh Home tab, in the caller's transaction."""
    # The Home is still built by the Slack surface; the actions stage owns moving it behind a use case.
    from handlers.home.views import queue_refresh

    queue_refresh(session=session, deps=deps, user_ids=user_ids, now=now)
