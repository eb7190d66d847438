"""How a refusal names a change someone else made first: who, and when in the panel's local time.

A form left open, or a click that lost a race, is refused with `Conflict`; its words come from here so
every stage says it the same way ("… was closed by Sam Patel at 14:05 after you opened this form").
People are named in words from the directory (falling back to the ID), never in a chat's own syntax:
the words may be shown as plain text, such as a form's field error. The refusal is raised inside the
transaction, so `name` only marks the person; `refusal` names them when the refusal is shown.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.deps import Deps
from bot.core.errors import Conflict

__all__ = ["at", "by", "by_at", "name", "refusal"]


def at(when: datetime | None, *, tz: ZoneInfo, now: datetime) -> str:
    """' at 14:05' (today) or ' at 14:05 on Mon 30 Nov' in local time; '' when the time is not known."""
    if when is None:
        return ""
    local, today = when.astimezone(tz), now.astimezone(tz).date()
    day = "" if local.date() == today else f" on {local:%a} {local.day} {local:%b}"
    return f" at {local:%H:%M}{day}"


def name(user: str) -> str:
    """A person, marked to be named in words when the refusal holding it is shown (see `refusal`)."""
    return f"\x00{user}\x00"


def refusal(deps: Deps, message: str) -> Conflict:
    """A Conflict whose marked people are named by the directory when it is shown."""
    return Conflict(message, names=deps.names)


def by(user: str | None) -> str:
    """' by Sam Patel' for a person, '' when nobody is recorded."""
    return f" by {name(user)}" if user else ""


def by_at(deps: Deps, user: str | None, when: datetime | None, *, now: datetime) -> str:
    """' by Sam Patel at 14:05': who made the change and when, as far as the record knows."""
    return by(user) + at(when, tz=deps.settings.tz, now=now)
