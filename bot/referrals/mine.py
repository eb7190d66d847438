"""A person's own referrals as their Home tab shows them: where each is, what was decided, when next.

Only what the referrer is told anyway (states, levels, dates, references): no narrative, no actions of others.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot.domain.enums import ContextState
from storage.contexts import Context
from storage.decisions import Decision
from storage.referrals import Referral

LISTED = 10  # a referrer's most recent referrals shown; the rest are counted


def referrals_of(*, session: Session, referrer: str, next_meeting_on: date | None) -> dict[str, Any]:
    """The referrer's referrals, newest first (at most LISTED), and how many there are in all."""
    rows = session.exec(
        select(Referral, Context)
        .join(Context, col(Context.id) == col(Referral.context_id), isouter=True)
        .where(Referral.referrer_id == referrer)
        .order_by(col(Referral.id).desc())
        .limit(LISTED + 1)
    ).all()
    total = len(rows)
    if total > LISTED:
        total = len(session.exec(select(Referral.id).where(Referral.referrer_id == referrer)).all())
    decided = _current_decisions(session, [c.id for _, c in rows[:LISTED] if c is not None and c.id])
    return {
        "items": [_item(r, c, decided, next_meeting_on) for r, c in rows[:LISTED]],
        "total": total,
    }


def _current_decisions(session: Session, context_ids: list[int]) -> dict[int, Decision]:
    """The current decision of each context (its latest version)."""
    if not context_ids:
        return {}
    found: dict[int, Decision] = {}
    for d in session.exec(
        select(Decision).where(col(Decision.context_id).in_(context_ids)).order_by(col(Decision.version))
    ):
        found[d.context_id] = d
    return found


def _item(
    referral: Referral, context: Context | None, decided: dict[int, Decision], next_meeting_on: date | None
) -> dict[str, Any]:
    decision = decided.get(context.id or 0) if context is not None else None
    return {
        "ref": referral.ref,
        "name": referral.context_name,
        "status": referral.status,
        "context_ref": context.ref if context else None,
        "state": context.state if context else None,
        "level": decision.level if decision else None,
        "decided_at": decision.decided_at if decision else None,
        "review_on": context.next_review_on if context else None,
        "next_meeting_on": _next_discussed(context, next_meeting_on),
        "closed_at": context.closed_at if context else None,
        "outcome": context.outcome if context else None,
    }


def _next_discussed(context: Context | None, next_meeting_on: date | None) -> date | None:
    """The next meeting's date when the context is due on its agenda (never discussed, or review due)."""
    if context is None or next_meeting_on is None or context.state != ContextState.OPEN:
        return None
    due = context.first_discussed_at is None or (
        context.next_review_on is not None and context.next_review_on <= next_meeting_on
    )
    return next_meeting_on if due else None
