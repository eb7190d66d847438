"""What the Slack stand-in holds: the workspace, the messages, the calls and the scripted faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Call:
    """One Web API call the bot made."""

    method: str
    params: dict[str, Any]
    token: str | None


@dataclass
class Fault:
    """A scripted misbehaviour for the next calls of one method."""

    status: int = 500
    error: str | None = None
    retry_after: int | None = None
    drop: bool = False  # close the connection without answering
    after_effect: bool = False  # perform the call, then fail (Slack did it but the bot never heard)
    delay: float = 0.0  # seconds to wait before answering (with status 200: a slow but good answer)
    times: int = 1


@dataclass
class Message:
    """A message as Slack holds it."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]] | None
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    edits: int = 0


@dataclass
class StandinState:
    """Everything the stand-in knows: workspace, messages, views, files, calls."""

    token: str
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    deleted: list[Message] = field(default_factory=list)  # messages the bot took back (chat.delete)
    ephemeral: list[dict[str, Any]] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    view_owner: dict[str, str] = field(default_factory=dict)
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    socket_connections: int = 0
    sockets: list[Any] = field(default_factory=list)  # open Socket Mode connections, to drop them
    respond_delay: float = 0.0  # seconds the stand-in takes to accept a response_url post
    triggers: dict[str, str] = field(default_factory=dict)  # trigger_id -> user
    members: dict[str, list[str]] = field(default_factory=dict)  # channel -> user IDs
