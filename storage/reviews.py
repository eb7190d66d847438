"""Reviews: the re-assessment of a context against its baseline, and what the panel decided."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Column, Field, Session, SQLModel, col, select

from storage.types import json_field, utc_field


class Review(SQLModel, table=True):
    """A review of a context: its assessment, goal statuses, narrative and outcome decision."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    assessment_id: int = Field(foreign_key="assessment.id")
    goal_statuses: dict[str, Any] = json_field(default_factory=dict)  # goal id -> GoalStatus
    narrative: str = Field(default="", sa_column=Column(Text, nullable=False))
    decision: str | None = Field(default=None, max_length=16)  # continue / step_down / close
    outcome: str | None = Field(default=None, max_length=16)  # safer / partly_safer / not_safer
    outcome_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    next_review_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    reviewed_by: str = Field(max_length=32)
    reviewed_at: datetime = utc_field(index=True)
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = utc_field(nullable=True)
    view_id: str = Field(max_length=64, unique=True)


def by_view_id(*, session: Session, view_id: str) -> Review | None:
    """The review stored from one submitted modal, if any."""
    return session.exec(select(Review).where(Review.view_id == view_id)).first()


def for_context(*, session: Session, context_id: int) -> list[Review]:
    """Every review of a context, oldest first."""
    return list(
        session.exec(
            select(Review)
            .where(Review.context_id == context_id)
            .order_by(col(Review.reviewed_at), col(Review.id))
        )
    )


def latest(*, session: Session, context_id: int) -> Review | None:
    """The most recent review of a context, if any."""
    return session.exec(
        select(Review)
        .where(Review.context_id == context_id)
        .order_by(col(Review.reviewed_at).desc(), col(Review.id).desc())
    ).first()


def add_once(*, session: Session, review: Review) -> tuple[Review, bool]:
    """Store a review unless its view was stored already; returns (the stored review, whether it is new)."""
    existing = by_view_id(session=session, view_id=review.view_id)
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            session.add(review)
            session.flush()
    except IntegrityError:
        # A concurrent submission of the same view won the race (PostgreSQL); keep theirs.
        found = by_view_id(session=session, view_id=review.view_id)
        if found is None:
            raise
        return found, False
    return review, True


def set_decision(
    *,
    session: Session,
    review_id: int,
    decision: str,
    decided_by: str,
    decided_at: datetime,
    next_review_on: date | None = None,
    outcome: str | None = None,
    outcome_reason: str | None = None,
) -> bool:
    """Record the panel's decision on a review once; False when it was already decided."""
    result = session.execute(
        update(Review)
        .where(col(Review.id) == review_id, col(Review.decision).is_(None))
        .values(
            decision=decision,
            decided_by=decided_by,
            decided_at=decided_at,
            next_review_on=next_review_on,
            outcome=outcome,
            outcome_reason=outcome_reason,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
