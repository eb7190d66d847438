"""A review form or button used after its record changed writes nothing: it says what changed, who and when.

Each check runs after the context's row is locked (`storage.contexts.lock_context`), so of two people
acting at once the second sees what the first did and is told so by name.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.changed import at, by_at, name, refusal
from bot.core.deps import Deps
from bot.core.errors import Conflict
from bot.domain.enums import ContextState, ReviewDecision
from storage import audit
from storage import reviews as store
from storage.contexts import Context
from storage.reviews import Review

__all__ = ["check_no_later_review", "check_open", "check_undecided", "not_reopened"]

_ENDED = {ContextState.CLOSED.value: "closed", ContextState.STEPPED_DOWN.value: "stepped down"}
_DECIDED = {
    ReviewDecision.CONTINUE.value: "kept open",
    ReviewDecision.STEP_DOWN.value: "stepped down",
    ReviewDecision.CLOSE.value: "closed",
}
_REOPENED = "context.reopened"
SINCE_OPENED = " after you opened this form"


def check_open(deps: Deps, session: Session, context: Context, *, now: datetime, since: str = "") -> None:
    """Refuse (Conflict) when the context was closed or stepped down, naming who and when."""
    if context.state == ContextState.OPEN:
        return
    ended = _ENDED.get(context.state, context.state.replace("_", " "))
    decided = session.exec(
        select(Review)
        .where(Review.context_id == context.id, col(Review.decision).is_not(None))
        .order_by(col(Review.decided_at).desc(), col(Review.id).desc())
    ).first()
    who = by_at(deps, decided.decided_by, decided.decided_at, now=now) if decided else ""
    raise refusal(
        deps,
        f"{context.ref} was {ended}{who}{since}, so nothing was recorded. "
        f"To go on with it, reopen it first with `/efh reopen {context.ref}`.",
    )


def check_no_later_review(
    deps: Deps, session: Session, context: Context, seen_review_id: int | None, *, now: datetime
) -> None:
    """Refuse a review form when someone recorded a review of the context after it was opened."""
    latest = store.latest(session=session, context_id=context.id or 0)
    if latest is None or latest.id == seen_review_id:
        return
    raise refusal(
        deps,
        f"{name(latest.reviewed_by)} recorded a review of {context.ref}"
        f"{at(latest.reviewed_at, tz=deps.settings.tz, now=now)}"
        f"{SINCE_OPENED}, so nothing was recorded. Close this form and open the review again to see theirs.",
    )


def check_undecided(deps: Deps, review: Review, context: Context, *, now: datetime) -> None:
    """Refuse a decision on a review the panel already decided on, saying what was decided, who and when."""
    if review.decision is None:
        return
    what = _DECIDED.get(review.decision, review.decision)
    raise refusal(
        deps,
        f"The panel already decided on this review: {context.ref} was {what}"
        f"{by_at(deps, review.decided_by, review.decided_at, now=now)}. Nothing was changed.",
    )


def not_reopened(deps: Deps, session: Session, context: Context, *, now: datetime) -> Conflict:
    """The refusal for reopening a context that is open: who reopened it and when, if someone did."""
    reopened = audit.latest_of(
        session=session,
        ref=context.ref,
        record_type="context",
        record_id=context.id,
        action="context.reopened",
    )
    if reopened is None:
        return Conflict(f"{context.ref} is already open. Nothing was changed.")
    return refusal(
        deps,
        f"{context.ref} was already reopened{by_at(deps, reopened.actor, reopened.at, now=now)}. "
        "Nothing was changed.",
    )
