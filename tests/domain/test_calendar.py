"""Tests for bank holidays, working hours and working-day arithmetic."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calendar import (
    WorkingHours,
    easter_sunday,
    england_wales_bank_holidays,
    parse_working_hours,
)

LONDON = ZoneInfo("Europe/London")
HOURS = WorkingHours()


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    """A London wall-clock time."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    """A UTC time."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=UTC)


def dates(year: int, *month_days: tuple[int, int]) -> frozenset[date]:
    """A set of dates in one year."""
    return frozenset(date(year, m, d) for m, d in month_days)


# Published on gov.uk/bank-holidays for England and Wales.
GOV_UK = {
    2020: dates(2020, (1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)),
    2021: dates(2021, (1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
    2022: dates(2022, (1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)),
    2023: dates(2023, (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)),
    2024: dates(2024, (1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)),
    2025: dates(2025, (1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)),
    2026: dates(2026, (1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)),
    2027: dates(2027, (1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
}


# --- bank holidays ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_bank_holidays_match_gov_uk(year: int) -> None:
    assert england_wales_bank_holidays(year) == GOV_UK[year]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2000, date(2000, 4, 23)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),  # earliest possible
        (1943, date(1943, 4, 25)),  # latest possible
    ],
)
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


def test_easter_matches_dateutil_over_centuries() -> None:
    easter = pytest.importorskip("dateutil.easter")
    for year in range(1600, 2600):
        assert easter_sunday(year) == easter.easter(year), year


@pytest.mark.parametrize(
    ("year", "christmas", "boxing"),
    [
        (2026, date(2026, 12, 25), date(2026, 12, 28)),  # Fri: Boxing Day Sat -> Mon
        (2027, date(2027, 12, 27), date(2027, 12, 28)),  # Sat: both move to Mon and Tue
        (2022, date(2022, 12, 27), date(2022, 12, 26)),  # Sun: Boxing Mon stays, Christmas -> Tue
        (2032, date(2032, 12, 27), date(2032, 12, 28)),  # Sat again
    ],
)
def test_christmas_substitute_days(year: int, christmas: date, boxing: date) -> None:
    holidays = england_wales_bank_holidays(year)
    assert {christmas, boxing} <= holidays
    assert not any(d.weekday() >= 5 for d in holidays)


def test_new_year_substitutes() -> None:
    assert date(2022, 1, 3) in england_wales_bank_holidays(2022)  # Sat 1 Jan
    assert date(2023, 1, 2) in england_wales_bank_holidays(2023)  # Sun 1 Jan
    assert date(2028, 1, 3) in england_wales_bank_holidays(2028)  # Sat 1 Jan


def test_every_year_has_eight_regular_holidays_on_weekdays() -> None:
    for year in range(2024, 2100):
        holidays = england_wales_bank_holidays(year)
        assert len(holidays) == 8, year
        assert all(d.weekday() < 5 and d.year == year for d in holidays), year


def test_bank_holidays_are_cached() -> None:
    assert england_wales_bank_holidays(2031) is england_wales_bank_holidays(2031)


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
    shutdown = WorkingHours(extra_closed_days=frozenset({date(2026, 12, 29), date(2026, 12, 30)}))
    assert not shutdown.is_working_day(date(2026, 12, 29))
    assert shutdown.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 31)
    open_all_year = WorkingHours(include_bank_holidays=False)
    assert open_all_year.is_working_day(date(2026, 4, 3))
    assert open_all_year.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 3)


def test_custom_weekdays() -> None:
    tue_to_sat = WorkingHours(weekdays=frozenset({1, 2, 3, 4, 5}))
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
        WorkingHours(weekdays=frozenset({0, 2, 4}), extra_closed_days=frozenset({date(2026, 6, 17)})),
        WorkingHours(extra_closed_days=frozenset(date(2026, 12, 21) + timedelta(days=i) for i in range(14))),
        WorkingHours(weekdays=frozenset(range(7)), include_bank_holidays=False),
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
    assert WorkingHours() == HOURS


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
