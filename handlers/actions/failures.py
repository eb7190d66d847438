"""When a DM to an action's owner fails because they have left Slack, the coordinators are told."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.actions.owner_gone import owner_unreachable
from bot.core.settings import Settings
from handlers.delivery import USER_GONE_ERRORS, FailureHook
from storage.outbox import OutboxMessage


def escalate_gone_owner(settings: Settings) -> FailureHook:
    """A failure hook: a reminder/assignment DM to an owner who has left goes to the coordinators at once."""

    def hook(session: Session, row: OutboxMessage, error: str, now: datetime) -> bool:
        if error not in USER_GONE_ERRORS:
            return False
        return owner_unreachable(
            session, settings, key=row.key, op=row.op, error=error, now=now, payload=row.payload
        )

    return hook
