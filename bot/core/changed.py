"""How a refusal names a change someone else made first: who, and when in the panel's local time.

A form left open, or a click that lost a race, is refused with `Conflict`; its words come from here so
every stage says it the same way ("… was closed by <@U1> at 14:05 after you opened this form").
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = ["at", "by", "by_at"]


def at(when: datetime | None, *, tz: ZoneInfo, now: datetime) -> str:
    """' at 14:05' (today) or ' at 14:05 on Mon 30 Nov' in local time; '' when the time is not known."""
    if when is None:
        return ""
    local, today = when.astimezone(tz), now.astimezone(tz).date()
    day = "" if local.date() == today else f" on {local:%a} {local.day} {local:%b}"
    return f" at {local:%H:%M}{day}"


def by(user: str | None) -> str:
    """' by <@U1>' for a person, '' when nobody is recorded."""
    return f" by <@{user}>" if user else ""


def by_at(user: str | None, when: datetime | None, *, tz: ZoneInfo, now: datetime) -> str:
    """' by <@U1> at 14:05': who made the change and when, as far as the record knows."""
    return by(user) + at(when, tz=tz, now=now)
