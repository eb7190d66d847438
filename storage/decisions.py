"""Panel decisions per context (amendments are new versions) and the safety goals they set."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

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
