"""What a person is owed, chat-agnostically: a message kind and the facts its renderer needs.

A use case records `owed(kind, **facts)` as an outbox row's payload, addressed to a person (their user
ID) or to the panel (`storage.outbox.PANEL`). The chat adapter turns the kind and facts into its own
message format when it delivers (for Slack: `handlers.render`). Facts are plain JSON: dates and times
are stored as ISO-8601 strings and enums as their values; renderers read them back with `as_date` and
`as_datetime`.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

__all__ = ["as_date", "as_datetime", "jsonable", "owed"]


def owed(kind: str, **facts: Any) -> dict[str, Any]:
    """The payload of an owed message: its kind and its facts as plain JSON."""
    return {"kind": kind, "data": jsonable(facts)}


def jsonable(value: Any) -> Any:
    """The value as plain JSON: dates and times as ISO-8601, enums as values, tuples and sets as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def as_date(value: str | None) -> date | None:
    """A date stored by `owed`, read back."""
    return None if value is None else date.fromisoformat(value)


def as_datetime(value: str | None) -> datetime | None:
    """A date and time stored by `owed`, read back."""
    return None if value is None else datetime.fromisoformat(value)
