"""Reviews: record a re-assessment against the baseline, owe the panel its summary and chart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core import keys
from bot.core.deps import Deps
from bot.core.errors import Conflict, NotFound
from bot.domain.calendar import local_date
from bot.domain.enums import ContextKind, ContextState
from bot.reviews import facts as facts_of
from bot.reviews import scales
from bot.reviews.forms import MAX_GOALS, CloseForm, ContinueForm, GoalPrompt, ReviewForm, ReviewInput
from bot.reviews.summary import current_slot, publish
from bot.reviews.unchanged import SINCE_OPENED, check_no_later_review, check_open, check_undecided
from storage import audit, goal_scores, outbox
from storage import reviews as store
from storage.contexts import Assessment, Context, lock_context
from storage.db import session_scope
from storage.reviews import Review

__all__ = [
    "DEFAULT_REVIEW_WEEKS",
    "RecordedReview",
    "open_close_form",
    "open_continue_form",
    "open_review_form",
    "record_review",
    "repost_summary",
    "require_open",
    "undecided",
]

DEFAULT_REVIEW_WEEKS = 12


@dataclass(frozen=True)
class RecordedReview:
    """What recording a review did."""

    review_id: int
    ref: str
    created: bool


# ---------------------------------------------------------------------------- forms


def open_review_form(
    deps: Deps, *, user: str, context_id: int | None = None, ref: str | None = None
) -> ReviewForm:
    """The review form: the agreed level, the latest assessment's indicators; the view is audited."""
    with session_scope(deps.engine) as session:
        context = (
            facts_of.context_by_ref(session=session, ref=ref)
            if ref is not None
            else session.get(Context, context_id)
        )
        if context is None or context.id is None:
            raise NotFound("That context no longer exists.")
        require_open(context)
        _viewed(deps, session, user, context, "review form")
        latest = facts_of.latest_assessment(session=session, context_id=context.id)
        goals = facts_of.active_goals(session=session, context_id=context.id)
        return ReviewForm(
            context_id=context.id,
            ref=context.ref,
            name=context.name,
            kind=ContextKind(context.kind),
            level=context.level,  # what the panel last agreed (decision or review), not a suggestion
            indicator_ids=tuple(latest.indicator_ids if latest else ()),
            goals=tuple(GoalPrompt(g.id or 0, g.text, g.status) for g in goals),
            last_review_id=_latest_id(session, context.id),
        )


def _latest_id(session: Session, context_id: int) -> int | None:
    latest = store.latest(session=session, context_id=context_id)
    return None if latest is None else latest.id


def undecided(deps: Deps, session: Session, review_id: int, *, now: datetime) -> tuple[Review, Context]:
    """A review the panel has not decided on yet, and its context; NotFound or Conflict otherwise.

    The context's row is locked first, so two decisions at once are taken one after the other.
    """
    review = session.get(Review, review_id)
    context = lock_context(session=session, context_id=review.context_id) if review else None
    if review is None or context is None:
        raise NotFound("That review no longer exists.")
    session.refresh(review)  # as it is now the lock is held, not as it was read before
    check_undecided(deps, review, context, now=now)
    return review, context


def _viewed(deps: Deps, session: Session, user: str, context: Context, via: str) -> None:
    audit.viewed(
        session=session,
        at=deps.clock.now(),
        actor=user,
        record_type="context",
        record_id=context.id,
        ref=context.ref,
        via=via,
    )


def open_continue_form(deps: Deps, *, user: str, review_id: int, now: datetime) -> ContinueForm:
    """The form asking for the next review date; the view is audited."""
    with session_scope(deps.engine) as session:
        _, context = undecided(deps, session, review_id, now=now)
        _viewed(deps, session, user, context, "continue form")
        suggested = local_date(now, deps.settings.tz) + timedelta(weeks=DEFAULT_REVIEW_WEEKS)
        return ContinueForm(review_id, context.ref, suggested)


def open_close_form(deps: Deps, *, user: str, review_id: int, now: datetime) -> CloseForm:
    """The form asking for the outcome, pre-selecting the one the comparison suggests; audited."""
    with session_scope(deps.engine) as session:
        review, context = undecided(deps, session, review_id, now=now)
        _viewed(deps, session, user, context, "close form")
        facts = facts_of.gather(
            session=session, review=review, today=local_date(now, deps.settings.tz), framework=deps.framework
        )
        return CloseForm(review_id, context.ref, facts.comparison.verdict.outcome)


# ---------------------------------------------------------------------------- recording


def require_open(context: Context) -> None:
    """Refuse to review or decide on a context that is not open."""
    if context.state != ContextState.OPEN:
        raise Conflict(
            f"{context.ref} is {context.state.replace('_', ' ')}; reopen it with "
            f"`/efh reopen {context.ref}` before reviewing it."
        )


def record_review(
    deps: Deps,
    *,
    view_id: str,
    user: str,
    context_id: int,
    entered: ReviewInput,
    now: datetime,
    last_review_id: int | None = None,
) -> RecordedReview:
    """Store a review and its assessment; owe the panel its summary (once per form); `owe_chart` follows.

    Refused (Conflict, naming who and when) when the context was closed or another review was recorded
    after the form was opened (`last_review_id`: the latest review then).
    """
    with session_scope(deps.engine) as session:
        context = lock_context(session=session, context_id=context_id)  # one review of a context at a time
        existing = store.by_view_id(session=session, view_id=view_id)
        if existing is not None:
            ctx = session.get(Context, existing.context_id)
            return RecordedReview(existing.id or 0, ctx.ref if ctx else "", False)
        if context is None or context.id is None:
            raise NotFound("That context no longer exists.")
        check_open(deps, session, context, now=now, since=SINCE_OPENED)
        check_no_later_review(deps, session, context, last_review_id, now=now)
        goals = {g.id: g for g in facts_of.active_goals(session=session, context_id=context.id)[:MAX_GOALS]}
        assessment = Assessment(
            context_id=context.id,
            source="review",
            indicator_ids=sorted(set(entered.indicator_ids)),
            level=entered.level.value,
            catalogue_version=deps.framework.version,
            assessed_by=user,
            assessed_at=now,
        )
        session.add(assessment)
        session.flush()
        statuses = {str(gid): s.value for gid, s in entered.goal_statuses.items() if gid in goals}
        review, created = store.add_once(
            session=session,
            review=Review(
                context_id=context.id,
                assessment_id=assessment.id or 0,
                goal_statuses=statuses,
                narrative=entered.narrative,
                reviewed_by=user,
                reviewed_at=now,
                view_id=view_id,
            ),
        )
        if not created:
            session.delete(assessment)
            return RecordedReview(review.id or 0, context.ref, False)
        for gid, status in statuses.items():
            goals[int(gid)].status = status
            session.add(goals[int(gid)])
        _apply(session, context, review, assessment, user=user, now=now)
        _record_scales(session, context, review, _asked(entered, goals), user=user, now=now)
        publish(session, deps, review, now, chart=False)  # the chart is drawn once this commits: owe_chart
        return RecordedReview(review.id or 0, context.ref, True)


def _asked(entered: ReviewInput, goals: Mapping[int | None, object]) -> dict[int, Mapping[str, int]]:
    """The scores given for the goals the form asked about (any other goal's are left out)."""
    return {gid: s for gid, s in entered.scales.items() if gid in goals}


def _record_scales(
    session: Session,
    context: Context,
    review: Review,
    scores: dict[int, Mapping[str, int]],
    *,
    user: str,
    now: datetime,
) -> None:
    """Where each goal asked about stands now, from each viewpoint given (stored once per review)."""
    scales.record(
        session,
        context_id=context.id or 0,
        ref=context.ref,
        occasion=goal_scores.REVIEW,
        occasion_id=review.id or 0,
        scores=scores,
        user=user,
        now=now,
    )


def _apply(
    session: Session, context: Context, review: Review, assessment: Assessment, *, user: str, now: datetime
) -> None:
    """The context takes the reviewed level; the review is audited."""
    previous_level = context.level
    context.level = assessment.level
    context.last_review_at = now
    session.add(context)
    session.flush()
    audit.record(
        session=session,
        at=now,
        actor=user,
        action="review.recorded",
        record_type="review",
        record_id=review.id,
        ref=context.ref,
        detail={
            "assessment_id": assessment.id,
            "level_before": previous_level,
            "level": assessment.level,
            "indicators": len(assessment.indicator_ids),
            "goals": review.goal_statuses,
        },
    )


def repost_summary(deps: Deps, *, ref: str, actor: str, now: datetime) -> str:
    """Update the latest summary in place (a fresh post if the first one failed); returns its key."""
    with session_scope(deps.engine) as session:
        context = facts_of.context_by_ref(session=session, ref=ref)
        review = store.latest(session=session, context_id=context.id or 0)
        if review is None or review.id is None:
            raise NotFound(f"{context.ref} has not been reviewed yet.")
        chart_row = outbox.find(session=session, key=keys.review_chart(review.id))
        _, alive = current_slot(session, review.id)
        chart = not alive or chart_row is None or chart_row.state == outbox.State.FAILED
        slot = publish(session, deps, review, now, chart=chart, repost=True)
        audit.record(
            session=session,
            at=now,
            actor=actor,
            action="review.reposted",
            record_type="review",
            record_id=review.id,
            ref=context.ref,
            detail={"slot": slot, "chart": chart},
        )
        return slot
