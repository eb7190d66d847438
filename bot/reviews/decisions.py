"""After a review: the panel continues, steps down or closes the context; a coordinator may reopen it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.core import keys
from bot.core.changed import at, name, refusal
from bot.core.deps import Deps
from bot.core.errors import Conflict, InvalidInput
from bot.core.owed import owed
from bot.domain.calendar import local_date
from bot.domain.enums import ContextState, Outcome, ReviewDecision
from bot.referrals import loop as referrers
from bot.reviews import facts as facts_of
from bot.reviews.forms import ReviewBlock, check_reopen_reason
from bot.reviews.reviews import DEFAULT_REVIEW_WEEKS, undecided
from bot.reviews.summary import publish
from bot.reviews.unchanged import check_open, check_undecided, not_reopened
from storage import audit, outbox
from storage import reviews as store
from storage.contexts import Context, lock_context
from storage.db import session_scope
from storage.reviews import Review


def decide(
    deps: Deps,
    *,
    review_id: int,
    user: str,
    decision: ReviewDecision,
    now: datetime,
    next_review_on: date | None = None,
    outcome: Outcome | None = None,
    reason: str | None = None,
) -> str:
    """Record the panel's decision after a review (once) and update the summary in place; returns the ref."""
    reason = (reason or "").strip()
    _check(decision, next_review_on, outcome, reason, today=local_date(now, deps.settings.tz))
    with session_scope(deps.engine) as session:
        tz = deps.settings.tz
        review, context = undecided(deps, session, review_id, now=now)
        latest = store.latest(session=session, context_id=context.id or 0)
        if latest is not None and latest.id != review.id:
            raise refusal(
                deps,
                f"{name(latest.reviewed_by)} recorded a later review of {context.ref}"
                f"{at(latest.reviewed_at, tz=tz, now=now)}; decide on that one. Nothing was changed.",
            )
        check_open(deps, session, context, now=now)
        if not store.set_decision(
            session=session,
            review_id=review_id,
            decision=decision.value,
            decided_by=user,
            decided_at=now,
            next_review_on=next_review_on,
            outcome=outcome.value if outcome else None,
            outcome_reason=reason or None,
        ):  # not reached while the context's row is locked; kept so a decision is never written twice
            session.refresh(review)
            check_undecided(deps, review, context, now=now)
            raise Conflict("The panel already decided on this review. Nothing was changed.")
        _apply(context, decision, next_review_on, outcome, reason, now=now)
        session.add(context)
        audit.record(
            session=session,
            at=now,
            actor=user,
            action=f"review.{decision.value}",
            record_type="review",
            record_id=review_id,
            ref=context.ref,
            detail={
                "next_review_on": next_review_on.isoformat() if next_review_on else None,
                "outcome": outcome.value if outcome else None,
                "state": context.state,
            },
        )
        session.flush()
        session.refresh(review)
        _announce(session, deps, review, context.ref, user=user, now=now)
        referrers.reviewed(session=session, deps=deps, context=context, review=review, now=now)
        return context.ref


def _announce(session: Session, deps: Deps, review: Review, ref: str, *, user: str, now: datetime) -> None:
    """The summary shows the decision in place; a note in its thread says who recorded it."""
    assert review.id is not None and review.decision is not None
    slot = publish(session, deps, review, now, chart=False)
    outbox.enqueue(
        session=session,
        key=keys.review_decided(review.id),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        thread_of=slot,
        now=now,
        payload=owed("reviews.decided", user=user, decision=review.decision, outcome=review.outcome),
        summary=f"review decision for {ref}",
    )


def _check(
    decision: ReviewDecision,
    next_review_on: date | None,
    outcome: Outcome | None,
    reason: str,
    *,
    today: date,
) -> None:
    if decision is ReviewDecision.CONTINUE and (next_review_on is None or next_review_on <= today):
        raise InvalidInput(
            "Choose a next review date after today.", {ReviewBlock.NEXT_REVIEW: "Choose a date after today."}
        )
    if decision is ReviewDecision.CLOSE and (outcome is None or not reason):
        raise InvalidInput(
            "Give the outcome and why.", {ReviewBlock.REASON: "Say why the context is closed."}
        )


def _apply(
    context: Context,
    decision: ReviewDecision,
    next_review_on: date | None,
    outcome: Outcome | None,
    reason: str,
    *,
    now: datetime,
) -> None:
    if decision is ReviewDecision.CONTINUE:
        context.next_review_on = next_review_on
    elif decision is ReviewDecision.STEP_DOWN:
        context.state, context.next_review_on = ContextState.STEPPED_DOWN.value, None
    else:
        context.state, context.next_review_on = ContextState.CLOSED.value, None
        context.closed_at = now
        context.outcome = outcome.value if outcome else None
        context.outcome_reason = reason


def reopen(deps: Deps, *, ref: str, user: str, reason: str, now: datetime) -> Context:
    """Reopen a closed or stepped-down context (audited, announced to the panel)."""
    check_reopen_reason(reason, today=local_date(now, deps.settings.tz))
    with session_scope(deps.engine) as session:
        found = facts_of.context_by_ref(session=session, ref=ref)
        context = lock_context(session=session, context_id=found.id or 0) or found  # one reopening at a time
        if context.state == ContextState.OPEN:
            raise not_reopened(deps, session, context, now=now)
        # Codes and dates only: the audit is kept for ever, so what people wrote stays in the record (the
        # closing review keeps its reason; the context keeps why it was reopened), which retention can purge.
        before = {
            "state": context.state,
            "outcome": context.outcome,
            "closed_at": context.closed_at.isoformat() if context.closed_at else None,
        }
        context.state, context.closed_at, context.outcome, context.outcome_reason = "open", None, None, None
        context.reopen_reason = reason or None
        context.next_review_on = local_date(now, deps.settings.tz) + timedelta(weeks=DEFAULT_REVIEW_WEEKS)
        session.add(context)
        session.flush()
        audit.record(
            session=session,
            at=now,
            actor=user,
            action="context.reopened",
            record_type="context",
            record_id=context.id,
            ref=context.ref,
            detail={"before": before, "reason_given": bool(reason)},
        )
        outbox.enqueue(
            session=session,
            key=keys.context_reopened(context.id or 0, now),
            op=outbox.Op.POST,
            channel=outbox.PANEL,
            now=now,
            payload=owed(
                "reviews.reopened",
                user=user,
                ref=context.ref,
                was=before["state"] or "",
                next_review_on=context.next_review_on,
                reason=reason,
            ),
            summary=f"{context.ref} reopened",
        )
        referrers.reopened(session=session, context=context, by=user, now=now)
        return context
