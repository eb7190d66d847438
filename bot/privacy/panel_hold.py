"""Holding panel detail back while the panel channel is not a private channel of this workspace alone.

The chat adapter says what it saw (`channel_changed`, with a reason from `bot.domain.channel_safety` or
None); this sets or clears the hold (the outbox claim then skips or takes the panel channel's messages, in
the order they were recorded), audits it, and tells every coordinator by DM, once per hold episode.
"""

from __future__ import annotations

from datetime import datetime

from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from bot.domain.channel_safety import REASONS
from storage import audit, outbox, panel_hold
from storage.db import session_scope

__all__ = ["channel_changed", "is_held"]

SHOWN_KINDS = 10


def channel_changed(deps: Deps, *, problem: str | None, now: datetime, seen_by: str) -> bool:
    """Hold panel detail (problem: a REASONS key) or release it (None); True when this call changed it."""
    if problem is not None and problem not in REASONS:
        raise ValueError(f"unknown channel problem {problem!r}")
    channel = deps.settings.panel_channel or outbox.PANEL
    with session_scope(deps.engine) as session:
        if problem is not None:
            episode = panel_hold.start(session=session, channel=channel, reason=problem, now=now)
            action, kind, key = "panel.held", "privacy.panel_held", keys.panel_held
        else:
            episode = panel_hold.release(session=session)
            action, kind, key = "panel.released", "privacy.panel_released", keys.panel_released
        if episode is None:
            return False
        waiting = panel_hold.held_messages(session=session, channel=channel)
        audit.record(
            session=session,
            at=now,
            actor=audit.SYSTEM,
            action=action,
            record_type="panel_channel",
            record_id=channel,
            detail={
                "reason": episode.reason,
                "episode": episode.number,
                "messages": sum(waiting.values()),
                "seen_by": seen_by,
            },
        )
        facts = owed(
            kind,
            reason=REASONS[episode.reason],
            since=episode.since,
            count=sum(waiting.values()),
            kinds=list(waiting.items())[:SHOWN_KINDS],
            channel=channel,
        )
        for user in sorted(deps.coordinator_ids()):
            outbox.enqueue(
                session=session,
                key=key(episode.number, user),
                op=outbox.Op.DM,
                channel=user,
                payload=facts,
                now=now,
                summary=f"{action} notice",
            )
    return True


def is_held(deps: Deps) -> bool:
    """Whether panel detail is being held back right now."""
    with session_scope(deps.engine) as session:
        row = panel_hold.current(session=session)
        return bool(row is not None and row.held)
