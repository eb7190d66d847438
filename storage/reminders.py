"""Reminders: one row per (subject, kind, day), claimed before it is sent, so none goes twice."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from storage.types import utc_field


class Reminder(SQLModel, table=True):
    """A reminder or escalation owed for an action or a review; unique by its key."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("subject", "kind", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=32, index=True)  # action:12, review:7
    kind: str = Field(max_length=16)
    day: date = Field(sa_column=Column(Date, nullable=False))
    claimed_at: datetime = utc_field()
    outbox_key: str | None = Field(default=None, max_length=200)
