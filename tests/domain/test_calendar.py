"""Tests for working hours and working-day arithmetic (bank holidays: tests/foundation/test_holidays.py)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.holidays import bank_holidays
from bot.domain.calendar import WorkingHours, parse_working_hours

LONDON = ZoneInfo("Europe/London")
ENGLAND_AND_WALES = bank_holidays("england-and-wales")  # tested against gov.uk in tests/foundation
HOURS = WorkingHours(bank_holidays=ENGLAND_AND_WALES)


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    """A London wall-clock time."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    """A UTC time."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=UTC)


# --- working days ----------------------------------------------------------------------------


def test_is_working_day() -> None:
    assert HOURS.is_working_day(date(2026, 6, 17))  # Wed
    assert not HOURS.is_working_day(date(2026, 6, 20))  # Sat
    assert not HOURS.is_working_day(date(2026, 6, 21))  # Sun
    assert not HOURS.is_working_day(date(2026, 4, 3))  # Good Friday
    assert not HOURS.is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not HOURS.is_working_day(date(2026, 12, 28))  # Boxing Day substitute
    assert HOURS.is_working_day(date(2026, 12, 29))


def test_extra_closed_days_and_no_bank_holidays() -> None:
    shutdown = WorkingHours(
        extra_closed_days=frozenset({date(2026, 12, 29), date(2026, 12, 30)}), bank_holidays=ENGLAND_AND_WALES
    )
    assert not shutdown.is_working_day(date(2026, 12, 29))
    assert shutdown.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 31)
    open_all_year = WorkingHours()  # no bank holidays passed in
    assert open_all_year.is_working_day(date(2026, 4, 3))
    assert open_all_year.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 3)


def test_custom_weekdays() -> None:
    tue_to_sat = WorkingHours(weekdays=frozenset({1, 2, 3, 4, 5}), bank_holidays=ENGLAND_AND_WALES)
    assert tue_to_sat.is_working_day(date(2026, 6, 20))  # Sat
    assert not tue_to_sat.is_working_day(date(2026, 6, 22))  # Mon
    assert tue_to_sat.add_working_days(date(2026, 6, 20), 1) == date(2026, 6, 23)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 6, 17), 0, date(2026, 6, 17)),
        (date(2026, 6, 20), 0, date(2026, 6, 20)),  # 0 keeps a non-working day
        (date(2026, 6, 17), 1, date(2026, 6, 18)),
        (date(2026, 6, 19), 1, date(2026, 6, 22)),  # Fri -> Mon
        (date(2026, 6, 20), 1, date(2026, 6, 22)),  # Sat -> Mon
        (date(2026, 6, 22), -1, date(2026, 6, 19)),  # Mon -> Fri
        (date(2026, 6, 17), -3, date(2026, 6, 12)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # over Easter
        (date(2026, 4, 7), -1, date(2026, 4, 2)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # over Christmas
        (date(2026, 12, 24), 6, date(2027, 1, 6)),  # and New Year (Fri 1 Jan 2027)
        (date(2026, 1, 1), 253, date(2026, 12, 31)),  # 261 weekdays - 8 bank holidays
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert HOURS.add_working_days(start, n) == expected


def _naive_add(hours: WorkingHours, d: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        d += step
        while not hours.is_working_day(d):
            d += step
    return d


def _naive_between(hours: WorkingHours, a: date, b: date) -> int:
    if b >= a:
        return sum(hours.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
    return -sum(hours.is_working_day(b + timedelta(days=i)) for i in range((a - b).days))


@pytest.mark.parametrize(
    "hours",
    [
        HOURS,
        WorkingHours(
            weekdays=frozenset({0, 2, 4}),
            extra_closed_days=frozenset({date(2026, 6, 17)}),
            bank_holidays=ENGLAND_AND_WALES,
        ),
        WorkingHours(
            extra_closed_days=frozenset(date(2026, 12, 21) + timedelta(days=i) for i in range(14)),
            bank_holidays=ENGLAND_AND_WALES,
        ),
        WorkingHours(weekdays=frozenset(range(7))),
    ],
)
def test_fast_arithmetic_matches_day_by_day(hours: WorkingHours) -> None:
    rng = random.Random(20260329)
    base = date(2025, 6, 1)
    for _ in range(400):
        d = base + timedelta(days=rng.randrange(0, 900))
        n = rng.randrange(-600, 600)
        added = hours.add_working_days(d, n)
        assert added == _naive_add(hours, d, n), (d, n)
        assert n == 0 or hours.is_working_day(added), (d, n)
        assert hours.working_days_between(d, added) == n, (d, n)
        other = base + timedelta(days=rng.randrange(0, 900))
        assert hours.working_days_between(d, other) == _naive_between(hours, d, other), (d, other)


def test_working_days_between() -> None:
    assert HOURS.working_days_between(date(2026, 6, 17), date(2026, 6, 17)) == 0
    assert HOURS.working_days_between(date(2026, 6, 17), date(2026, 6, 19)) == 2
    assert HOURS.working_days_between(date(2026, 6, 19), date(2026, 6, 22)) == 1  # Fri -> Mon
    assert HOURS.working_days_between(date(2026, 6, 20), date(2026, 6, 21)) == 0  # weekend
    assert HOURS.working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1  # Easter
    assert HOURS.working_days_between(date(2026, 6, 19), date(2026, 6, 17)) == -2
    assert HOURS.working_days_between(date(2026, 1, 1), date(2026, 12, 31)) == 253


# --- hours and time zones --------------------------------------------------------------------


def test_is_open_boundaries() -> None:
    assert not HOURS.is_open(london(2026, 6, 17, 8, 59, 59))
    assert HOURS.is_open(london(2026, 6, 17, 9))
    assert HOURS.is_open(london(2026, 6, 17, 16, 59, 59))
    assert not HOURS.is_open(london(2026, 6, 17, 17))
    assert not HOURS.is_open(london(2026, 6, 20, 12))  # Saturday
    assert not HOURS.is_open(london(2026, 4, 3, 12))  # Good Friday


def test_is_open_across_spring_dst_change() -> None:
    # Clocks go forward Sun 29 March 2026: 09:00 local is 09:00 UTC before, 08:00 UTC after.
    assert not HOURS.is_open(utc(2026, 3, 27, 8, 30))
    assert HOURS.is_open(utc(2026, 3, 27, 9))
    assert not HOURS.is_open(utc(2026, 3, 30, 7, 59))
    assert HOURS.is_open(utc(2026, 3, 30, 8))
    assert HOURS.is_open(utc(2026, 3, 30, 15, 59))
    assert not HOURS.is_open(utc(2026, 3, 30, 16))


def test_is_open_across_autumn_dst_change() -> None:
    # Clocks go back Sun 25 October 2026: 09:00 local is 08:00 UTC before, 09:00 UTC after.
    assert HOURS.is_open(utc(2026, 10, 23, 8))
    assert not HOURS.is_open(utc(2026, 10, 26, 8, 30))
    assert HOURS.is_open(utc(2026, 10, 26, 9))
    assert HOURS.is_open(utc(2026, 10, 26, 16, 59))
    assert not HOURS.is_open(utc(2026, 10, 26, 17))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 6, 17, 10), utc(2026, 6, 17, 10)),  # open: now itself
        (utc(2026, 6, 17, 7), utc(2026, 6, 17, 8)),  # before opening, BST
        (london(2026, 6, 19, 17, 30), utc(2026, 6, 22, 8)),  # Fri evening -> Mon 09:00 BST
        (london(2026, 3, 27, 18), utc(2026, 3, 30, 8)),  # over the spring change
        (london(2026, 10, 23, 18), utc(2026, 10, 26, 9)),  # over the autumn change
        (london(2026, 4, 2, 17), utc(2026, 4, 7, 8)),  # Maundy Thursday -> Tue after Easter
        (london(2026, 12, 24, 17), utc(2026, 12, 29, 9)),  # Christmas Eve -> Tue 29 Dec GMT
    ],
)
def test_next_opening(now: datetime, expected: datetime) -> None:
    result = HOURS.next_opening(now)
    assert result == expected
    assert result.utcoffset() == timedelta(0)


def test_opening_and_local_date() -> None:
    assert HOURS.opening(date(2026, 7, 1)) == utc(2026, 7, 1, 8)
    assert HOURS.opening(date(2026, 12, 1)) == utc(2026, 12, 1, 9)
    assert HOURS.local_date(utc(2026, 6, 30, 23, 30)) == date(2026, 7, 1)
    assert HOURS.local_date(utc(2026, 12, 31, 23, 30)) == date(2026, 12, 31)


def test_other_time_zone() -> None:
    ny = WorkingHours(tz="America/New_York")
    assert ny.is_open(utc(2026, 6, 17, 13))  # 09:00 EDT
    assert not ny.is_open(utc(2026, 6, 17, 12, 59))


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        HOURS.is_open(datetime(2026, 6, 17, 10))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tz": "Europe/Nowhere"}, "unknown time zone"),
        ({"weekdays": frozenset()}, "at least one"),
        ({"weekdays": frozenset({7})}, "0 \\(Monday\\) to 6"),
        ({"start": time(17), "end": time(9)}, "must be before"),
        ({"start": time(9), "end": time(9)}, "must be before"),
    ],
)
def test_working_hours_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorkingHours(**kwargs)  # type: ignore[arg-type]


def test_working_hours_is_hashable_and_comparable() -> None:
    assert WorkingHours() == WorkingHours()
    assert hash(WorkingHours()) == hash(WorkingHours())
    HOURS.is_working_day(date(2026, 1, 1))  # warms the per-instance cache
    assert WorkingHours(bank_holidays=ENGLAND_AND_WALES) == HOURS
    assert WorkingHours() != HOURS


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "weekdays", "start", "end"),
    [
        ("Mon-Fri 09:00-17:00", {0, 1, 2, 3, 4}, time(9), time(17)),
        ("mon-fri 9:00 - 17:30", {0, 1, 2, 3, 4}, time(9), time(17, 30)),
        ("Mon,Wed,Fri 08:30-16:00", {0, 2, 4}, time(8, 30), time(16)),
        ("Monday-Thursday, Sat 10:00-14:00", {0, 1, 2, 3, 5}, time(10), time(14)),
        ("Tues - Sun 00:00-23:59", {1, 2, 3, 4, 5, 6}, time(0), time(23, 59)),
    ],
)
def test_parse_working_hours(spec: str, weekdays: set[int], start: time, end: time) -> None:
    hours = parse_working_hours(spec, "Europe/London")
    assert hours == WorkingHours(weekdays=frozenset(weekdays), start=start, end=end)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "cannot read"),
        ("Mon-Fri", "cannot read"),
        ("09:00-17:00", "cannot read"),
        ("Mon-Fri 9-17", "cannot read"),
        ("Mon-Fri 09:00", "cannot read"),
        ("Mun-Fri 09:00-17:00", "unknown day 'Mun'"),
        ("Mo-Fr 09:00-17:00", "unknown day 'Mo'"),
        ("Fri-Mon 09:00-17:00", "must run forwards"),
        ("Mon,,Fri 09:00-17:00", "empty day"),
        ("Mon-Fri 25:00-26:00", "invalid time '25:00'"),
        ("Mon-Fri 09:60-17:00", "invalid time '09:60'"),
        ("Mon-Fri 17:00-09:00", "must be before"),
    ],
)
def test_parse_working_hours_errors(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_working_hours(spec, "Europe/London")


def test_parse_working_hours_bad_tz() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        parse_working_hours("Mon-Fri 09:00-17:00", "Mars/Olympus")
