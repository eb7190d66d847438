"""Panel decisions per context (amendments are new versions) and the safety goals they set."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Date, Text, UniqueConstraint, update
from sqlmodel import Column, Field, Session, SQLModel, col, select

from storage.types import json_field, utc_field


class Decision(SQLModel, table=True):
    """What the panel agreed for a context at a meeting; an amendment adds a version."""

    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("context_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    version: int = 1
    supersedes_id: int | None = Field(default=None, foreign_key="decision.id")
    level: str = Field(max_length=32)
    focus: list[str] = json_field()
    partners: list[str] = json_field()  # agencies and participants (incl. young people, parents, community)
    partners_note: str = Field(default="", sa_column=Column(Text, nullable=False))
    next_review_on: date = Field(sa_column=Column(Date, nullable=False))
    decided_by: str = Field(max_length=32)
    decided_at: datetime = utc_field()
    view_id: str | None = Field(default=None, max_length=64, unique=True)


class SafetyGoal(SQLModel, table=True):
    """The change the panel expects to see, tied to the indicators it addresses."""

    __tablename__ = "safety_goal"

    id: int | None = Field(default=None, primary_key=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    decision_id: int = Field(foreign_key="decision.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    indicator_ids: list[str] = json_field()
    status: str = Field(default="open", max_length=16)
    active: bool = True  # False once an amendment replaced it
    created_at: datetime = utc_field()


# --- repository functions -------------------------------------------------------------------------


def by_view_id(*, session: Session, view_id: str) -> Decision | None:
    """The decision stored from one submitted modal, if any."""
    return session.exec(select(Decision).where(Decision.view_id == view_id)).first()


def latest(*, session: Session, context_id: int) -> Decision | None:
    """The current (highest) version of a context's decision."""
    return session.exec(
        select(Decision).where(Decision.context_id == context_id).order_by(col(Decision.version).desc())
    ).first()


def history(*, session: Session, context_id: int) -> list[Decision]:
    """Every version of a context's decisions, oldest first."""
    return list(
        session.exec(
            select(Decision).where(Decision.context_id == context_id).order_by(col(Decision.version))
        )
    )


def of_meeting(*, session: Session, meeting_id: int) -> list[Decision]:
    """Decisions recorded at a meeting (every version), oldest first."""
    return list(
        session.exec(
            select(Decision)
            .where(Decision.meeting_id == meeting_id)
            .order_by(col(Decision.decided_at), col(Decision.id))
        )
    )


def goals_of(*, session: Session, decision_ids: Sequence[int]) -> list[SafetyGoal]:
    """The goals set by some decisions, in the order they were written."""
    if not decision_ids:
        return []
    return list(
        session.exec(
            select(SafetyGoal)
            .where(col(SafetyGoal.decision_id).in_(list(decision_ids)))
            .order_by(col(SafetyGoal.id))
        )
    )


def active_goals(*, session: Session, context_id: int) -> list[SafetyGoal]:
    """A context's current safety goals."""
    return list(
        session.exec(
            select(SafetyGoal)
            .where(SafetyGoal.context_id == context_id, col(SafetyGoal.active).is_(True))
            .order_by(col(SafetyGoal.id))
        )
    )


def retire_goals(*, session: Session, context_id: int) -> int:
    """Mark a context's current goals as replaced (an amendment sets new ones); how many."""
    result = session.execute(
        update(SafetyGoal)
        .where(col(SafetyGoal.context_id) == context_id, col(SafetyGoal.active).is_(True))
        .values(active=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
