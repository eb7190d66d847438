"""Where each safety goal stands on the 0–10 scale, per occasion (the decision or a review) and viewpoint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from storage.decisions import SafetyGoal
from storage.types import utc_field

DECISION = "decision"
REVIEW = "review"


class GoalScore(SQLModel, table=True):
    """One score: a goal, on one occasion, from one viewpoint (0: harm happening, 10: met and holding)."""

    __tablename__ = "goal_score"
    __table_args__ = (UniqueConstraint("goal_id", "occasion", "occasion_id", "viewpoint"),)

    id: int | None = Field(default=None, primary_key=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    goal_id: int = Field(foreign_key="safety_goal.id", index=True)
    occasion: str = Field(max_length=16)  # decision / review
    occasion_id: int
    viewpoint: str = Field(max_length=16)  # panel / young_people / partners
    score: int
    scored_by: str = Field(max_length=32)
    scored_at: datetime = utc_field()


@dataclass(frozen=True)
class Point:
    """One score of a goal as read back: the goal's text, when, from which viewpoint."""

    goal_id: int
    text: str
    context_id: int
    occasion: str
    occasion_id: int
    viewpoint: str
    score: int
    at: datetime


def add(
    *,
    session: Session,
    context_id: int,
    occasion: str,
    occasion_id: int,
    scores: dict[int, dict[str, int]],
    by: str,
    now: datetime,
) -> int:
    """Store an occasion's scores (goal id -> viewpoint -> score), skipping any already stored; how many."""
    stored = {
        (row.goal_id, row.viewpoint)
        for row in session.exec(
            select(GoalScore).where(GoalScore.occasion == occasion, GoalScore.occasion_id == occasion_id)
        )
    }
    added = 0
    for goal_id, by_view in scores.items():
        for viewpoint, score in by_view.items():
            if (goal_id, viewpoint) in stored:
                continue
            session.add(
                GoalScore(
                    context_id=context_id,
                    goal_id=goal_id,
                    occasion=occasion,
                    occasion_id=occasion_id,
                    viewpoint=viewpoint,
                    score=score,
                    scored_by=by,
                    scored_at=now,
                )
            )
            added += 1
    session.flush()
    return added


def of_contexts(*, session: Session, context_ids: Sequence[int]) -> list[Point]:
    """Every score of some contexts' goals, oldest first."""
    if not context_ids:
        return []
    rows = session.exec(
        select(GoalScore, SafetyGoal.text)
        .join(SafetyGoal, col(SafetyGoal.id) == col(GoalScore.goal_id))
        .where(col(GoalScore.context_id).in_(list(context_ids)))
        .order_by(col(GoalScore.scored_at), col(GoalScore.id))
    )
    return [
        Point(
            row.goal_id,
            text,
            row.context_id,
            row.occasion,
            row.occasion_id,
            row.viewpoint,
            row.score,
            row.scored_at,
        )
        for row, text in rows
    ]


def scored_contexts(*, session: Session, start: datetime, end: datetime) -> list[int]:
    """The contexts with a goal scored in a period."""
    rows = session.exec(
        select(GoalScore.context_id)
        .where(col(GoalScore.scored_at) >= start, col(GoalScore.scored_at) < end)
        .distinct()
    )
    return sorted(rows)


def of_context(*, session: Session, context_id: int) -> list[Point]:
    """Every score of a context's goals, oldest first."""
    return of_contexts(session=session, context_ids=[context_id])


def latest_by_text(*, session: Session, context_id: int) -> dict[str, dict[str, int]]:
    """The latest score of each goal text of a context, per viewpoint (to pre-fill an amendment)."""
    out: dict[str, dict[str, int]] = {}
    for point in of_context(session=session, context_id=context_id):
        out.setdefault(point.text, {})[point.viewpoint] = point.score
    return out
