"""Is the panel channel still private to this workspace alone? Asked of Slack before panel detail is posted
(cached briefly), when Slack says the channel changed, and now and then while panel detail is held."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.core.deps import Deps
from bot.domain.channel_safety import channel_problem
from bot.privacy.panel_hold import channel_changed, is_held
from storage import outbox
from storage.db import session_scope
from storage.outbox import Op, OutboxMessage

log = logging.getLogger(__name__)

__all__ = ["CACHE", "PanelGuard", "fetch_problem"]

CACHE = timedelta(seconds=60)
"""How long an answer from conversations.info is trusted before panel detail is posted on it."""

_PANEL_OPS = (Op.POST, Op.FILE, Op.UPDATE)


class Unknown(Exception):
    """Slack could not say (rate limited, unreachable): the last known answer stands."""


def fetch_problem(client: WebClient, channel: str) -> str | None:
    """Why the channel is unsafe for panel detail now (a REASONS key), or None; Unknown if Slack can't say."""
    try:
        info: dict[str, Any] = client.conversations_info(channel=channel)["channel"]
    except (SlackApiError, SlackRequestError, OSError, KeyError, TypeError) as exc:
        log.warning("could not check the panel channel's privacy: %s", type(exc).__name__)
        raise Unknown() from None
    return channel_problem(info)


def recheck(deps: Deps, client: WebClient, *, seen_by: str) -> None:
    """Ask Slack about the panel channel now, and hold or release panel detail accordingly."""
    channel = deps.settings.panel_channel
    if not channel:
        return
    try:
        problem = fetch_problem(client, channel)
    except Unknown:
        return
    channel_changed(deps, problem=problem, now=deps.clock.now(), seen_by=seen_by)


class PanelGuard:
    """The deliverer's check before it posts panel detail, and its look for a release while held."""

    def __init__(self, deps: Deps, client: WebClient) -> None:
        self.deps = deps
        self.client = client
        self._seen: tuple[datetime, str | None] | None = None
        self._looked: datetime | None = None
        self._lock = threading.Lock()

    def for_panel(self, row: OutboxMessage) -> bool:
        """Whether a row would put something in the panel channel."""
        channel = self.deps.settings.panel_channel
        return row.op in _PANEL_OPS and row.channel in (outbox.PANEL, channel)

    def held_back(self, row: OutboxMessage, now: datetime) -> bool:
        """Whether a claimed row must wait (panel detail, channel unsafe): if so it is back in the queue."""
        if not (self.for_panel(row) and self.holds(now)):
            return False
        with session_scope(self.deps.engine) as session:
            outbox.release(session=session, row_id=row.id or 0)
        return True

    def holds(self, now: datetime) -> bool:
        """Whether the channel is unsafe (a cached 'safe' is trusted; 'unsafe' is confirmed, then held)."""
        problem = self._problem(now, fresh=False)
        if problem is not None:
            problem = self._problem(now, fresh=True)
        if problem is None:
            return False
        channel_changed(self.deps, problem=problem, now=now, seen_by="delivery")
        return True

    def look_for_release(self, now: datetime) -> None:
        """At most once per CACHE period: while held, release panel detail once the channel is safe again."""
        with self._lock:
            if self._looked is not None and now - self._looked < CACHE:
                return
            self._looked = now
        if is_held(self.deps) and self._problem(now, fresh=True) is None:
            channel_changed(self.deps, problem=None, now=now, seen_by="delivery")

    def _problem(self, now: datetime, *, fresh: bool) -> str | None:
        with self._lock:
            seen = self._seen
        if not fresh and seen is not None and now - seen[0] < CACHE:
            return seen[1]
        channel = self.deps.settings.panel_channel
        if not channel:
            return None
        try:
            problem = fetch_problem(self.client, channel)
        except Unknown:
            return seen[1] if seen is not None else None
        with self._lock:
            self._seen = (now, problem)
        return problem
