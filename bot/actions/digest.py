"""One DM per owner per sweep: every reminder the sweep claimed for them, in one digest.

The digest's outbox key names the owner and the sweep's first reminder claimed for them
(`keys.reminder_digest`): a reminder row is claimed by one sweep only, so the digest is owed once, and
the outbox's unique key keeps it that way under retries.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core import keys
from bot.core.owed import owed
from bot.domain.calendar import WorkingHours
from storage.actions import ActionBrief
from storage.outbox import Op
from storage.outbox_mentions import CONTEXT
from storage.reminders import Claimed

DIGEST_LIMIT = 8  # actions listed with their buttons in one DM; the rest are counted (the Home lists all)


def owed_digests(
    owner_reminders: list[tuple[Claimed, ActionBrief]], today: date, hours: WorkingHours
) -> list[dict[str, Any]]:
    """One outbox message per owner for these claimed reminders, most overdue first."""
    by_owner: dict[str, list[tuple[Claimed, ActionBrief]]] = {}
    for claimed, action in owner_reminders:
        by_owner.setdefault(action.owner_id, []).append((claimed, action))
    out: list[dict[str, Any]] = []
    for owner, theirs in by_owner.items():
        first = min(c.id for c, _ in theirs)
        theirs.sort(key=lambda ca: (ca[1].due_on, ca[1].id))
        items = [
            {
                "action_id": a.id,
                "reminder_kind": c.kind,
                "due_on": a.due_on,
                "days": abs(hours.working_days_between(today, a.due_on)),
                "ref": a.ref,
                "description": a.description,
            }
            for c, a in theirs[:DIGEST_LIMIT]
        ]
        out.append(
            {
                "key": keys.reminder_digest(owner, first),
                "op": Op.DM,
                "channel": owner,
                "payload": owed("reminders.digest", items=items, total=len(theirs)),
                "summary": f"reminders about {len(theirs)} action(s)",
                "names": [(CONTEXT, a.context_id) for _, a in theirs[:DIGEST_LIMIT]],
            }
        )
    return out
