"""Reviews: record a re-assessment against the baseline, post its summary and chart, and decide what next."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.errors import Conflict, InvalidInput, NotFound
from bot.domain import catalogue
from bot.domain.enums import ContextState, GoalStatus, Level, ReviewDecision
from bot.reviews import facts as facts_of
from bot.reviews.chart import chart_alt_text, review_chart
from handlers.reviews.forms import (
    GOAL_CHOICES,
    MAX_GOALS,
    ReviewBlock,
    close_modal,
    continue_modal,
    review_button,
    review_modal,
    summary_message,
)
from storage import audit, outbox
from storage import reviews as store
from storage.contexts import Assessment, Context
from storage.db import session_scope
from storage.reviews import Review

__all__ = [
    "RecordedReview",
    "open_close_form",
    "open_continue_form",
    "open_review_form",
    "record_review",
    "repost_summary",
    "review_button",
]

DEFAULT_REVIEW_WEEKS = 12


@dataclass(frozen=True)
class RecordedReview:
    """What recording a review did."""

    review_id: int
    ref: str
    created: bool


def summary_key(review_id: int) -> str:
    """Outbox key of a review's first summary post (the slot later updates use)."""
    return f"review:{review_id}:summary"


def _current_slot(session: Session, review_id: int) -> tuple[str, bool]:
    """The summary's live slot and whether it still reaches Slack (False when its post failed for good)."""
    base = summary_key(review_id)
    rows = session.exec(
        select(outbox.OutboxMessage)
        .where(col(outbox.OutboxMessage.key).startswith(base), outbox.OutboxMessage.op == outbox.Op.POST)
        .order_by(col(outbox.OutboxMessage.id).desc())
    ).all()
    if not rows:
        return base, True
    return rows[0].key, rows[0].state != outbox.State.FAILED


def today_of(deps: Deps, now: datetime) -> date:
    return now.astimezone(deps.settings.tz).date()


def publish(
    session: Session, deps: Deps, review: Review, now: datetime, *, chart: bool, repost: bool = False
) -> str:
    """Owe the panel the review's summary (posted, or updated in place) and, if asked, its chart."""
    assert review.id is not None and deps.settings.panel_channel is not None
    facts = facts_of.gather(session=session, review=review, today=today_of(deps, now))
    slot, alive = _current_slot(session, review.id)
    if not alive:
        slot = f"{summary_key(review.id)}:r{int(now.timestamp())}"
    payload = summary_message(deps.jinja, facts)
    outbox.put_message(
        session=session,
        slot=slot,
        op=outbox.Op.POST,
        channel=deps.settings.panel_channel,
        payload=payload,
        now=now,
        summary=f"review summary for {facts.context.ref}",
    )
    if chart:
        title = f"{facts.context.ref}: review {facts.number}, baseline against now"
        png = review_chart(facts.comparison, facts.trend, title=title)
        alt = chart_alt_text(facts.comparison, facts.trend)
        key = f"review:{review.id}:chart" + (f":r{int(now.timestamp())}" if repost else "")
        outbox.enqueue(
            session=session,
            key=key,
            op=outbox.Op.FILE,
            channel=deps.settings.panel_channel,
            thread_of=slot,
            payload={
                "content_b64": base64.b64encode(png).decode(),
                "title": title,
                "initial_comment": alt,
                "filename": f"{facts.context.ref}-review-{facts.number}.png",
            },
            now=now,
            summary=f"review chart for {facts.context.ref}",
        )
    return slot


# ---------------------------------------------------------------------------- forms


def open_review_form(deps: Deps, *, context_id: int | None = None, ref: str | None = None) -> dict[str, Any]:
    """The review modal for a context, pre-filled with its latest assessment."""
    with session_scope(deps.engine) as session:
        context = (
            facts_of.context_by_ref(session=session, ref=ref)
            if ref is not None
            else session.get(Context, context_id)
        )
        if context is None or context.id is None:
            raise NotFound("That context no longer exists.")
        require_open(context)
        latest = facts_of.latest_assessment(session=session, context_id=context.id)
        goals = facts_of.active_goals(session=session, context_id=context.id)
        return review_modal(context, latest, goals)


def undecided(session: Session, review_id: int) -> tuple[Review, Context]:
    review = session.get(Review, review_id)
    context = session.get(Context, review.context_id) if review else None
    if review is None or context is None:
        raise NotFound("That review no longer exists.")
    if review.decision is not None:
        raise Conflict(
            f"The panel already decided on this review ({ReviewDecision(review.decision).label}). "
            "Nothing was changed."
        )
    return review, context


def open_continue_form(deps: Deps, *, review_id: int, now: datetime) -> dict[str, Any]:
    """The modal asking for the next review date."""
    with session_scope(deps.engine) as session:
        _, context = undecided(session, review_id)
        return continue_modal(
            review_id, context.ref, today_of(deps, now) + timedelta(weeks=DEFAULT_REVIEW_WEEKS)
        )


def open_close_form(deps: Deps, *, review_id: int, now: datetime) -> dict[str, Any]:
    """The modal asking for the outcome, pre-selecting the one the comparison suggests."""
    with session_scope(deps.engine) as session:
        review, context = undecided(session, review_id)
        facts = facts_of.gather(session=session, review=review, today=today_of(deps, now))
        return close_modal(review_id, context.ref, facts.comparison.verdict.outcome)


# ---------------------------------------------------------------------------- recording


def require_open(context: Context) -> None:
    if context.state != ContextState.OPEN:
        raise Conflict(
            f"{context.ref} is {context.state.replace('_', ' ')}; reopen it with "
            f"`/efh reopen {context.ref}` before reviewing it."
        )


def parse_submission(values: Mapping[str, Any]) -> tuple[Level, list[str], dict[int, GoalStatus], str]:
    """Level, indicator IDs, goal statuses and narrative from the review modal's values."""
    errors: dict[str, str] = {}
    narrative = str(values.get(ReviewBlock.NARRATIVE) or "").strip()
    if not narrative:
        errors[ReviewBlock.NARRATIVE] = "Say in a few lines what has changed."
    try:
        level = Level(str(values.get(ReviewBlock.LEVEL)))
    except ValueError:
        errors[ReviewBlock.LEVEL] = "Choose the level now."
        level = Level.UNIVERSAL
    ids: list[str] = []
    goals: dict[int, GoalStatus] = {}
    for block_id, value in values.items():
        if block_id.startswith(ReviewBlock.INDICATOR_PREFIX):
            for raw in value or []:
                if catalogue.get(str(raw)) is None:
                    errors[block_id] = f"Unknown indicator {str(raw)[:20]}."
                ids.append(catalogue.canonical_id(str(raw)))
        elif block_id.startswith(ReviewBlock.GOAL_PREFIX):
            try:
                status = GoalStatus(str(value))
                goals[int(block_id.removeprefix(ReviewBlock.GOAL_PREFIX))] = status
            except ValueError:
                errors[block_id] = "Say whether this goal was met."
                continue
            if status not in GOAL_CHOICES:
                errors[block_id] = "Say whether this goal was met."
    if errors:
        raise InvalidInput("Some answers need another look.", errors)
    return level, sorted(set(ids)), goals, narrative


def record_review(
    deps: Deps,
    *,
    view_id: str,
    user: str,
    context_id: int,
    level: Level,
    indicator_ids: Iterable[str],
    goal_statuses: Mapping[int, GoalStatus],
    narrative: str,
    now: datetime,
) -> RecordedReview:
    """Store a review and its assessment; owe the panel its summary and chart (once per view)."""
    with session_scope(deps.engine) as session:
        existing = store.by_view_id(session=session, view_id=view_id)
        if existing is not None:
            ctx = session.get(Context, existing.context_id)
            return RecordedReview(existing.id or 0, ctx.ref if ctx else "", False)
        context = session.get(Context, context_id)
        if context is None or context.id is None:
            raise NotFound("That context no longer exists.")
        require_open(context)
        goals = {g.id: g for g in facts_of.active_goals(session=session, context_id=context.id)[:MAX_GOALS]}
        assessment = Assessment(
            context_id=context.id,
            source="review",
            indicator_ids=sorted(set(indicator_ids)),
            level=level.value,
            catalogue_version=catalogue.CATALOGUE_VERSION,
            assessed_by=user,
            assessed_at=now,
        )
        session.add(assessment)
        session.flush()
        statuses = {str(gid): s.value for gid, s in goal_statuses.items() if gid in goals}
        review, created = store.add_once(
            session=session,
            review=Review(
                context_id=context.id,
                assessment_id=assessment.id or 0,
                goal_statuses=statuses,
                narrative=narrative,
                reviewed_by=user,
                reviewed_at=now,
                view_id=view_id,
            ),
        )
        if not created:
            session.delete(assessment)
            return RecordedReview(review.id or 0, context.ref, False)
        for gid, status in statuses.items():
            goal = goals[int(gid)]
            goal.status = status
            session.add(goal)
        previous_level = context.level
        context.level = level.value
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
                "level": level.value,
                "indicators": len(assessment.indicator_ids),
                "goals": statuses,
            },
        )
        publish(session, deps, review, now, chart=True)
        return RecordedReview(review.id or 0, context.ref, True)


def repost_summary(deps: Deps, *, ref: str, actor: str, now: datetime) -> str:
    """Update the latest summary in place (a fresh post if the first one failed); returns its key."""
    with session_scope(deps.engine) as session:
        context = facts_of.context_by_ref(session=session, ref=ref)
        review = store.latest(session=session, context_id=context.id or 0)
        if review is None or review.id is None:
            raise NotFound(f"{context.ref} has not been reviewed yet.")
        chart_row = outbox.find(session=session, key=f"review:{review.id}:chart")
        _, alive = _current_slot(session, review.id)
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
