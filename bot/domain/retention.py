"""The council's retention schedule: how long each kind of record is kept, and the moment it expires.

A period is a whole number and a unit: ``d`` days, ``w`` weeks, ``m`` calendar months, ``y`` calendar
years (``30d``, ``6m``, ``7y``). A record is kept for its whole period, counted from the moment that
starts it (a referral's decline, a context's closing, a message's delivery); it may be purged from the
same moment of the day its period ends. 29 February counts back to 28 February in other years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

_PERIOD_RE = re.compile(r"^([1-9][0-9]{0,2})([dwmy])$")
FORMAT = "expected e.g. 'declined=1y,closed=7y,outbox=30d,reminders=90d,receipts=30d'"


@dataclass(frozen=True)
class Period:
    """A retention period: a count of days, weeks, calendar months or calendar years."""

    count: int
    unit: str  # d, w, m, y

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def before(self, moment: datetime) -> datetime:
        """The moment this period before ``moment`` (records that started then or earlier have expired)."""
        if self.unit == "d":
            return moment - timedelta(days=self.count)
        if self.unit == "w":
            return moment - timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        total = moment.year * 12 + (moment.month - 1) - months
        year, month = divmod(total, 12)
        day = min(moment.day, _days_in(year, month + 1))
        return moment.replace(year=year, month=month + 1, day=day)


def _days_in(year: int, month: int) -> int:
    if month == 12:
        return 31
    first_next = datetime(year, month + 1, 1)
    return (first_next - timedelta(days=1)).day


def parse_period(text: str) -> Period:
    """Parse '30d', '12w', '6m' or '7y'; raises ValueError otherwise."""
    m = _PERIOD_RE.match(text.strip().lower())
    if not m:
        raise ValueError("each period must be a whole number and d, w, m or y, such as 30d, 12w, 6m or 7y")
    return Period(int(m.group(1)), m.group(2))


@dataclass(frozen=True)
class RetentionSchedule:
    """How long the bot keeps each kind of record (EFRP_RETENTION); the defaults are documented."""

    declined: Period = Period(1, "y")  # declined referrals, from the day they were declined
    closed: Period = Period(7, "y")  # closed or stepped-down contexts and all of their record
    outbox: Period = Period(30, "d")  # delivered (or failed) messages no longer needed to find a post
    reminders: Period = Period(90, "d")  # the rows that stop a reminder going twice
    receipts: Period = Period(30, "d")  # the rows that stop a Slack retry being handled twice

    def __str__(self) -> str:
        return ",".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))

    def cutoffs(self, as_of: datetime) -> dict[str, datetime]:
        """For each kind, the latest start moment whose period has ended by ``as_of``."""
        return {f.name: getattr(self, f.name).before(as_of) for f in fields(self)}


DEFAULT_RETENTION = str(RetentionSchedule())


def parse_retention(spec: str) -> RetentionSchedule:
    """Parse 'declined=1y,closed=7y,outbox=30d'; omitted kinds keep their defaults.

    Raises ValueError naming the problem on unknown, repeated or malformed entries.
    """
    names = {f.name for f in fields(RetentionSchedule)}
    values: dict[str, Period] = {}
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            continue
        key, sep, value = (part.strip() for part in item.partition("="))
        key = key.lower()
        if not sep or key not in names:
            raise ValueError(f"kinds are {', '.join(sorted(names))}; {FORMAT}")
        if key in values:
            raise ValueError(f"'{key}' is given twice")
        values[key] = parse_period(value)
    return RetentionSchedule(**values)
