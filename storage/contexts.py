"""Contexts (the places, groups, schools and online spaces the panel works on) and their assessments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Text, text, update
from sqlmodel import Column, Field, Session, SQLModel, col, select

from storage.types import json_field, utc_field


class Context(SQLModel, table=True):
    """A context the panel works on; opened when a referral is accepted."""

    __tablename__ = "context"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    kind: str = Field(max_length=32, index=True)
    name: str = Field(max_length=200)
    area: str = Field(default="", max_length=200)
    state: str = Field(default="open", max_length=16, index=True)
    level: str = Field(max_length=32)
    focus: list[str] = json_field()
    created_at: datetime = utc_field()
    accepted_at: datetime = utc_field(index=True)
    first_discussed_at: datetime | None = utc_field(nullable=True)
    last_review_at: datetime | None = utc_field(nullable=True)
    next_review_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True, index=True))
    closed_at: datetime | None = utc_field(nullable=True)
    outcome: str | None = Field(default=None, max_length=32)
    outcome_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reopen_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # the latest


class Assessment(SQLModel, table=True):
    """A snapshot of the indicators observed in a context at one moment, and the level judged."""

    __tablename__ = "assessment"

    id: int | None = Field(default=None, primary_key=True)
    context_id: int | None = Field(default=None, foreign_key="context.id", index=True)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    source: str = Field(max_length=16)  # referral, decision, review
    indicator_ids: list[str] = json_field()
    level: str = Field(max_length=32)
    catalogue_version: str = Field(max_length=16)
    assessed_by: str = Field(max_length=64)
    assessed_at: datetime = utc_field()


class RefCounter(SQLModel, table=True):
    """The last reference number issued in each year."""

    __tablename__ = "ref_counter"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


def next_reference(*, session: Session, year: int) -> str:
    """Issue the next reference of a year (EFRP-2026-0001), atomically across processes."""
    row: Any = session.execute(
        text(
            "INSERT INTO ref_counter (year, last) VALUES (:y, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = ref_counter.last + 1 RETURNING last"
        ),
        {"y": year},
    ).one()
    return f"EFRP-{year}-{int(row[0]):04d}"


def add_context(*, session: Session, context: Context) -> Context:
    """Insert a context and give it its ID."""
    session.add(context)
    session.flush()
    return context


def get_context(*, session: Session, context_id: int) -> Context | None:
    """The context with this ID, if any."""
    return session.get(Context, context_id)


def lock_context(*, session: Session, context_id: int) -> Context | None:
    """A context by ID, its row locked until the transaction ends (one change of its record at a time)."""
    stmt = select(Context).where(col(Context.id) == context_id).with_for_update()
    return session.exec(stmt.execution_options(populate_existing=True)).first()


def open_contexts_of_kind(*, session: Session, kind: str, limit: int = 500) -> list[Context]:
    """Open contexts of one kind, oldest first."""
    stmt = (
        select(Context)
        .where(Context.kind == kind, Context.state == "open")
        .order_by(col(Context.id))
        .limit(limit)
    )
    return list(session.exec(stmt))


def add_assessment(*, session: Session, assessment: Assessment) -> Assessment:
    """Insert an assessment snapshot and give it its ID."""
    session.add(assessment)
    session.flush()
    return assessment


def referral_assessment(*, session: Session, referral_id: int) -> Assessment | None:
    """The snapshot a referral recorded (its indicators at referral), if any."""
    stmt = select(Assessment).where(Assessment.referral_id == referral_id, Assessment.source == "referral")
    return session.exec(stmt).first()


def attach_referral_assessment(*, session: Session, referral_id: int, context_id: int) -> int:
    """Give a referral's snapshot to a context (a baseline, or a further assessment); returns rows changed."""
    result = session.execute(
        update(Assessment)
        .where(
            col(Assessment.referral_id) == referral_id,
            col(Assessment.source) == "referral",
            col(Assessment.context_id).is_(None),
        )
        .values(context_id=context_id)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def assessments_of(*, session: Session, context_id: int) -> list[Assessment]:
    """Every assessment of a context, oldest first (the first is the baseline)."""
    stmt = (
        select(Assessment)
        .where(Assessment.context_id == context_id)
        .order_by(col(Assessment.assessed_at), col(Assessment.id))
    )
    return list(session.exec(stmt))


def used_indicator_ids(*, session: Session) -> set[str]:
    """Every indicator ID that stored referrals, assessments and safety goals use."""
    from storage.decisions import SafetyGoal  # the goals table, read here for the one start-up check
    from storage.referrals import Referral

    used: set[str] = set()
    for column in (Assessment.indicator_ids, Referral.indicator_ids, SafetyGoal.indicator_ids):
        for ids in session.exec(select(column)).all():
            used.update(str(i) for i in ids or ())
    return used
