"""Reviews: the re-assessment of a context against its baseline, and what the panel decided."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Text
from sqlmodel import Column, Field, SQLModel

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
