"""Keeping referrers in the loop: a DM when the panel first decides on their context and when it closes.

Only the outcome and the references: no narrative, no goals, no actions (a referrer need not be on the
panel). Each DM is keyed by the referral and what happened, so it is recorded exactly once, whatever
amendments, retries or reopenings follow. Referrers' Home tabs are refreshed in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.actions.home import queue_refresh
from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from storage import outbox
from storage.contexts import Context
from storage.decisions import Decision
from storage.referrals import Referral, referrals_of_context


def decided(*, session: Session, deps: Deps, context: Context, decision: Decision, now: datetime) -> None:
    """Owe each referrer of the context the panel's first decision (the level agreed and the review date)."""
    facts = {"level": decision.level, "review_on": decision.next_review_on}
    _tell_referrers(session, deps, context, "decided", now, **facts)


def closed(*, session: Session, deps: Deps, context: Context, now: datetime) -> None:
    """Owe each referrer of the context that the panel's work on it ended (closed or stepped down)."""
    facts = {"state": context.state, "outcome": context.outcome}
    _tell_referrers(session, deps, context, "closed", now, **facts)


def _tell_referrers(
    session: Session, deps: Deps, context: Context, what: str, now: datetime, **facts: Any
) -> None:
    referrals = [r for r in referrals_of_context(session=session, context_id=context.id or 0)]
    for referral in referrals:
        _dm(session, referral, context, what, now, **facts)
    queue_refresh(session=session, deps=deps, user_ids=[r.referrer_id for r in referrals], now=now)


def _dm(
    session: Session, referral: Referral, context: Context, what: str, now: datetime, **facts: Any
) -> None:
    assert referral.id is not None
    outbox.enqueue(
        session=session,
        key=keys.referral_dm(referral.id, what),
        op=outbox.Op.DM,
        channel=referral.referrer_id,
        payload=owed(f"referral.{what}_dm", ref=referral.ref, context_ref=context.ref, **facts),
        now=now,
        summary=f"referral {referral.ref}: context {what}",
    )
