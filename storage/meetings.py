"""Panel meetings, their agenda items and attendance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import utc_field


class Meeting(SQLModel, table=True):
    """One panel meeting (recurring or one-off)."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    starts_at: datetime = utc_field(index=True)
    location: str = Field(default="", max_length=300)
    state: str = Field(default="scheduled", max_length=16, index=True)
    recurring: bool = False
    series_key: str | None = Field(default=None, max_length=64, unique=True)  # one row per recurring slot
    created_by: str = Field(max_length=32)
    created_at: datetime = utc_field()
    agenda_posted_at: datetime | None = utc_field(nullable=True)
    closed_at: datetime | None = utc_field(nullable=True)
    closed_by: str | None = Field(default=None, max_length=32)
    cancelled_at: datetime | None = utc_field(nullable=True)
    cancelled_by: str | None = Field(default=None, max_length=32)


class AgendaItem(SQLModel, table=True):
    """A context on a meeting's agenda, as last posted, and whether the panel reached it."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "context_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    section: str = Field(max_length=32)
    position: int = 0
    suggested_minutes: int = 0
    discussed: bool = False


class Attendance(SQLModel, table=True):
    """A panel member present at a meeting."""

    __tablename__ = "attendance"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    user_id: str = Field(max_length=32, primary_key=True)
    agency: str = Field(default="", max_length=120)
    at: datetime = utc_field()
