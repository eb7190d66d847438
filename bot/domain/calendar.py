"""Working days and opening hours: working-day arithmetic around weekends and bank holidays.

Pure: the clock is never read here; every ``now`` is a timezone-aware datetime passed in, and the bank
holidays are a set of dates passed in (``bot.core.holidays`` builds it from the ``holidays`` package).
Weekdays are numbered as :meth:`datetime.date.weekday` does: Monday 0 … Sunday 6.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))
# The dates a person may give anywhere (forms, command options): date arithmetic near year 1 or 9999
# overflows, and no panel record is that old or that far ahead.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)
DAY_RANGE_WORDS = f"between {EARLIEST_DAY.year} and {LATEST_DAY.year}"


def plausible_day(day: date) -> bool:
    """Whether a date a person gave is within EARLIEST_DAY to LATEST_DAY."""
    return EARLIEST_DAY <= day <= LATEST_DAY


_DAY = timedelta(days=1)
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def local_date(now: datetime, tz: ZoneInfo) -> date:
    """The date it is at `now` in the time zone `tz` (the one way to ask for "today" in the panel's zone)."""
    _require_aware(now)
    return now.astimezone(tz).date()


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be a timezone-aware datetime, got naive {now!r}")


@dataclass(frozen=True)
class WorkingHours:
    """When the service is open: time zone, working weekdays, daily hours and closed days.

    The day runs from ``start`` (inclusive) to ``end`` (exclusive), in local time of ``tz``. Closed days
    are ``bank_holidays`` (the region's, passed in; none by default) and ``extra_closed_days``.
    """

    tz: str = "Europe/London"
    weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    start: time = time(9, 0)
    end: time = time(17, 0)
    extra_closed_days: frozenset[date] = frozenset()
    bank_holidays: frozenset[date] = field(default=frozenset(), repr=False)
    _zone: ZoneInfo = field(init=False, repr=False, compare=False, hash=False)
    _candidates_by_year: dict[int, set[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _closed_by_year: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _sorted_closed_by_year: dict[int, tuple[date, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        """Validate and normalise the fields."""
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise ValueError(f"unknown time zone {self.tz!r}") from exc
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        object.__setattr__(self, "extra_closed_days", frozenset(self.extra_closed_days))
        object.__setattr__(self, "bank_holidays", frozenset(self.bank_holidays))
        for d in self.bank_holidays | self.extra_closed_days:
            self._candidates_by_year.setdefault(d.year, set()).add(d)
        if not self.weekdays:
            raise ValueError("working hours need at least one working weekday")
        if not self.weekdays <= frozenset(range(7)):
            raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday), got {sorted(self.weekdays)}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("start and end must be naive local times")
        if self.start >= self.end:
            raise ValueError(f"start {self.start:%H:%M} must be before end {self.end:%H:%M}")

    @property
    def zone(self) -> ZoneInfo:
        """The time zone as a ZoneInfo."""
        return self._zone

    def _closed_days(self, year: int) -> frozenset[date]:
        """Closed days in a year that would otherwise be working weekdays (cached per instance)."""
        closed = self._closed_by_year.get(year)
        if closed is None:
            candidates = self._candidates_by_year.get(year, ())
            closed = frozenset(d for d in candidates if d.weekday() in self.weekdays)
            self._closed_by_year[year] = closed
        return closed

    def _sorted_closed_days(self, year: int) -> tuple[date, ...]:
        """The closed days of a year in order, for bisection (cached per instance)."""
        ordered = self._sorted_closed_by_year.get(year)
        if ordered is None:
            ordered = self._sorted_closed_by_year[year] = tuple(sorted(self._closed_days(year)))
        return ordered

    def is_working_day(self, d: date) -> bool:
        """Whether d is a working weekday that is not a bank holiday or extra closed day."""
        return d.weekday() in self.weekdays and d not in self._closed_days(d.year)

    def local_datetime(self, now: datetime) -> datetime:
        """An aware datetime converted to local time."""
        _require_aware(now)
        return now.astimezone(self._zone)

    def local_date(self, now: datetime) -> date:
        """The local calendar date of an aware datetime."""
        return self.local_datetime(now).date()

    def is_open(self, now: datetime) -> bool:
        """Whether an aware datetime falls inside working hours on a working day (DST-correct)."""
        local = self.local_datetime(now)
        return self.start <= local.time() < self.end and self.is_working_day(local.date())

    def opening(self, d: date) -> datetime:
        """The start of working hours on local date d, as an aware UTC datetime."""
        return datetime.combine(d, self.start, tzinfo=self._zone).astimezone(UTC)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after d."""
        d += _DAY
        while not self.is_working_day(d):
            d += _DAY
        return d

    def working_day_on_or_after(self, d: date) -> date:
        """d itself if it is a working day, else the next working day."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def next_opening(self, now: datetime) -> datetime:
        """The same instant (in UTC) if open now, else the next start of working hours, in UTC."""
        local = self.local_datetime(now)
        today = local.date()
        if self.is_working_day(today):
            if local.time() < self.start:
                return self.opening(today)
            if local.time() < self.end:
                return now.astimezone(UTC)
        return self.opening(self.next_working_day(today))

    def _count(self, lo: date, hi: date) -> int:
        """Working days in the half-open range [lo, hi); O(years), not O(days)."""
        total = (hi - lo).days
        if total <= 0:
            return 0
        weeks, rest = divmod(total, 7)
        first = lo.weekday()
        count = weeks * len(self.weekdays) + sum(1 for i in range(rest) if (first + i) % 7 in self.weekdays)
        last_year = (hi - _DAY).year
        first_closed = self._sorted_closed_days(lo.year)
        if last_year == lo.year:
            return count - (bisect_left(first_closed, hi) - bisect_left(first_closed, lo))
        count -= len(first_closed) - bisect_left(first_closed, lo)
        count -= sum(len(self._closed_days(year)) for year in range(lo.year + 1, last_year))
        return count - bisect_left(self._sorted_closed_days(last_year), hi)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after a up to and including b; if b < a, minus those in [b, a).

        So ``working_days_between(d, add_working_days(d, n)) == n`` for every d and n.
        """
        if b >= a:
            return self._count(a + _DAY, b + _DAY)
        return -self._count(b, a)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (before d if n < 0); n == 0 returns d even if not a working day."""
        step = _DAY if n > 0 else -_DAY
        remaining = abs(n)
        per_week = len(self.weekdays)
        # Jump whole weeks (w weeks hold at most w * per_week working days) while at least one working
        # day is left to step to, so the result is always a working day.
        while remaining > per_week:
            weeks = (remaining - 1) // per_week
            jumped = d + 7 * weeks * step
            gained = self._count(d + _DAY, jumped + _DAY) if n > 0 else self._count(jumped, d)
            d, remaining = jumped, remaining - gained
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d


_HOURS_RE = re.compile(r"^\s*(?P<days>\S.*?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")
_HOURS_FORMAT = "expected working hours like 'Mon-Fri 09:00-17:00' or 'Mon,Wed,Fri 08:30-16:00'"


def _parse_day(token: str, spec: str) -> int:
    name = token.strip().lower()
    for number, full in enumerate(_DAY_NAMES):
        if len(name) >= 3 and full.startswith(name):
            return number
    raise ValueError(f"unknown day {token.strip()!r} in {spec!r}; use Mon, Tue, Wed, Thu, Fri, Sat, Sun")


def _parse_days(text: str, spec: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        if not part.strip():
            raise ValueError(f"empty day in {spec!r}; {_HOURS_FORMAT}")
        if "-" in part:
            first_text, _, last_text = part.partition("-")
            first, last = _parse_day(first_text, spec), _parse_day(last_text, spec)
            if last < first:
                raise ValueError(f"day range {part.strip()!r} in {spec!r} must run forwards from Mon to Sun")
            days.update(range(first, last + 1))
        else:
            days.add(_parse_day(part, spec))
    return frozenset(days)


def _parse_time(text: str, spec: str) -> time:
    hours, _, minutes = text.partition(":")
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError(f"invalid time {text!r} in {spec!r}; use 24-hour HH:MM between 00:00 and 23:59")
    return time(int(hours), int(minutes))


def parse_working_hours(
    spec: str,
    tz: str,
    *,
    extra_closed_days: frozenset[date] = frozenset(),
    bank_holidays: frozenset[date] = frozenset(),
) -> WorkingHours:
    """Parse e.g. "Mon-Fri 09:00-17:00" (days: names, ranges, commas) into WorkingHours; ValueError if bad."""
    match = _HOURS_RE.match(spec)
    if match is None:
        raise ValueError(f"cannot read {spec!r}: {_HOURS_FORMAT}")
    return WorkingHours(
        tz=tz,
        weekdays=_parse_days(match["days"], spec),
        start=_parse_time(match["start"], spec),
        end=_parse_time(match["end"], spec),
        extra_closed_days=frozenset(extra_closed_days),
        bank_holidays=frozenset(bank_holidays),
    )
