"""Actions agreed by the panel, their updates and requests for more time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Text
from sqlmodel import Column, Field, SQLModel

from storage.types import utc_field


class Action(SQLModel, table=True):
    """Something a partner agreed to do for a context, by a date."""

    __tablename__ = "action"

    id: int | None = Field(default=None, primary_key=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    decision_id: int | None = Field(default=None, foreign_key="decision.id", index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: str = Field(max_length=32, index=True)
    owner_agency: str = Field(default="", max_length=120)
    due_on: date = Field(sa_column=Column(Date, nullable=False, index=True))
    kind: str = Field(max_length=16)  # builds_safety / disrupts
    target: str = Field(max_length=16)  # context / individuals
    state: str = Field(default="open", max_length=16, index=True)
    created_by: str = Field(max_length=32)
    created_at: datetime = utc_field()
    accepted_at: datetime | None = utc_field(nullable=True)
    disowned_at: datetime | None = utc_field(nullable=True)
    done_at: datetime | None = utc_field(nullable=True)
    done_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    withdrawn_at: datetime | None = utc_field(nullable=True)


class ActionUpdate(SQLModel, table=True):
    """A note on an action's record: progress, done, due date changed, accepted, not mine…"""

    __tablename__ = "action_update"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    author: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = utc_field()
    view_id: str | None = Field(default=None, max_length=64, unique=True)


class ExtensionRequest(SQLModel, table=True):
    """An owner's request for more time, and the coordinator's answer."""

    __tablename__ = "extension_request"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    requested_by: str = Field(max_length=32)
    proposed_due_on: date = Field(sa_column=Column(Date, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(default="pending", max_length=16)
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field()
    view_id: str = Field(max_length=64, unique=True)
