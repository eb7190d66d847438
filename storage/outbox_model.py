"""The outbox table: one row per message owed to Slack, and the states a delivery goes through."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.types import json_field, utc_field

PANEL = "panel"
"""The audience of a message owed to the private panel channel; the chat adapter knows which channel."""

FRESH = "#owed"
"""Key suffix of a row owed fresh (built when delivered): one waits per slot; its claim frees the key."""


class Op(StrEnum):
    """What a delivery does in Slack."""

    POST = "post"  # chat.postMessage to a channel
    DM = "dm"  # conversations.open + chat.postMessage to a user
    UPDATE = "update"  # chat.update of an earlier POST/DM (by its key)
    FILE = "file"  # files.getUploadURLExternal + upload + files.completeUploadExternal
    HOME = "home"  # views.publish of a user's App Home
    DELETE = "delete"  # chat.delete (or files.delete) of something the bot posted; payload: where it is


class State(StrEnum):
    """Delivery state of one outbox row."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(SQLModel, table=True):
    """One message owed to Slack, with its idempotency key and what became of it."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_channel_state", "channel", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    slot: str = Field(max_length=200, index=True)  # the logical message an UPDATE changes
    op: str = Field(max_length=16)
    channel: str = Field(max_length=32)  # channel ID, or user ID for DM/HOME
    thread_of: str | None = Field(default=None, max_length=200)  # key of the parent message
    payload: dict[str, Any] = json_field(default_factory=dict)
    summary: str = Field(default="", max_length=300)  # safe one-line description for failure reports
    state: str = Field(default=State.PENDING, max_length=16, index=True)
    attempts: int = 0
    uncertain: bool = False  # an earlier attempt may have reached Slack
    next_attempt_at: datetime = utc_field(index=True)
    lease_until: datetime | None = utc_field(nullable=True)
    last_error: str | None = Field(default=None, max_length=500)
    slack_channel: str | None = Field(default=None, max_length=32)
    slack_ts: str | None = Field(default=None, max_length=64)
    created_at: datetime = utc_field()
    sent_at: datetime | None = utc_field(nullable=True)
    failure_reported: bool = False
    scrubbed_at: datetime | None = utc_field(nullable=True)  # payload reduced to its kind (no content)
