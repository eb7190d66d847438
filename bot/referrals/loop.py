"""Keeping people in the loop: referrers hear when the panel first decides and when it ends its work, and the
panel finds a context's later discussion in the thread of its referral post.

Only the outcome and the references: no narrative, no goals, no actions (a referrer need not be on the
panel). Each DM is keyed by the referral and what happened, so it is recorded exactly once, whatever
amendments, retries or reopenings follow. Referrers' Home tabs are refreshed in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.actions.actions import panel_thread
from bot.actions.home import queue_refresh
from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from bot.domain.enums import ContextState
from storage import outbox
from storage.contexts import Context
from storage.decisions import Decision
from storage.referrals import Referral, referrals_of_context
from storage.reviews import Review


def decided(*, session: Session, deps: Deps, context: Context, decision: Decision, now: datetime) -> None:
    """Owe each referrer of the context the panel's first decision (the level agreed and the review date)."""
    facts = {"level": decision.level, "review_on": decision.next_review_on}
    _tell_referrers(session, deps, context, "decided", now, **facts)
    if decision.meeting_id is not None:  # discussed in the agenda's thread: say so where the context began
        thread_note(
            session=session,
            context=context,
            key=keys.context_note(context.id or 0, "decision", str(decision.id)),
            now=now,
            what="decision",
            by=decision.decided_by,
            version=decision.version,
            **facts,
        )


def reviewed(*, session: Session, deps: Deps, context: Context, review: Review, now: datetime) -> None:
    """Note the review's decision in the referral's thread; tell the referrers if the work ended."""
    thread_note(
        session=session,
        context=context,
        key=keys.context_note(context.id or 0, "review", str(review.id)),
        now=now,
        what="review",
        by=review.decided_by,
        decision=review.decision,
        outcome=review.outcome,
        review_on=context.next_review_on,
    )
    if context.state != ContextState.OPEN:
        closed(session=session, deps=deps, context=context, now=now)


def reopened(*, session: Session, context: Context, by: str, now: datetime) -> None:
    """Note in the referral's thread that the context was reopened."""
    key = keys.context_note(context.id or 0, "reopened", str(int(now.timestamp())))
    thread_note(session=session, context=context, key=key, now=now, what="reopened", by=by)


def closed(*, session: Session, deps: Deps, context: Context, now: datetime) -> None:
    """Owe each referrer of the context that the panel's work on it ended (closed or stepped down)."""
    facts = {"state": context.state, "outcome": context.outcome}
    _tell_referrers(session, deps, context, "closed", now, **facts)


def thread_note(*, session: Session, context: Context, key: str, now: datetime, **facts: Any) -> None:
    """Owe the referral post's thread a one-line note of what happened to the context (links it back).

    Decisions are discussed in the agenda's thread and reviews have their own post; the note in the
    referral's thread keeps the context's whole story reachable from where it began.
    """
    parent = panel_thread(session=session, context_id=context.id or 0)
    if parent is None:
        return
    outbox.enqueue(
        session=session,
        key=key,
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed("referral.context_note", context_ref=context.ref, **facts),
        now=now,
        thread_of=parent,
        summary=f"note on {context.ref} in its referral thread",
    )


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
