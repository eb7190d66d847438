"""The bank holidays the bot takes from the `holidays` package match the government's published dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.holidays import FIRST_YEAR, LAST_YEAR, REGIONS, bank_holidays, bank_holidays_in, working_hours
from bot.core.settings import HOLIDAY_REGIONS, load_settings


def dates(year: int, *month_days: tuple[int, int]) -> frozenset[date]:
    """A set of dates in one year."""
    return frozenset(date(year, m, d) for m, d in month_days)


# Published on gov.uk/bank-holidays for England and Wales (the days off: substitutes, never weekends).
GOV_UK = {
    2020: dates(2020, (1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)),
    2021: dates(2021, (1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
    2022: dates(2022, (1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)),
    2023: dates(2023, (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)),
    2024: dates(2024, (1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)),
    2025: dates(2025, (1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)),
    2026: dates(2026, (1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)),
    2027: dates(2027, (1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
    2028: dates(2028, (1, 3), (4, 14), (4, 17), (5, 1), (5, 29), (8, 28), (12, 25), (12, 26)),
}
EASTER_SUNDAY = {
    2000: date(2000, 4, 23),
    2024: date(2024, 3, 31),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 5),
    2027: date(2027, 3, 28),
    2028: date(2028, 4, 16),
    2029: date(2029, 4, 1),
    2030: date(2030, 4, 21),
    2038: date(2038, 4, 25),
}


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _england_and_wales_by_rule(year: int) -> frozenset[date]:
    """The regular rules, for years with no one-off change: New Year, Easter, May, August, Christmas."""
    easter = EASTER_SUNDAY[year]
    days = {easter - timedelta(days=2), easter + timedelta(days=1)}
    days |= {_first_monday(year, 5), _last_monday(year, 5), _last_monday(year, 8)}
    for fixed in (date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)):
        while fixed.weekday() >= 5 or fixed in days:
            fixed += timedelta(days=1)
        days.add(fixed)
    return frozenset(days)


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_england_and_wales_match_gov_uk(year: int) -> None:
    assert bank_holidays_in(year, "england-and-wales") == GOV_UK[year]


@pytest.mark.parametrize("year", [2029, 2030])
def test_england_and_wales_2029_2030_follow_the_rules_from_known_easter_dates(year: int) -> None:
    holidays = bank_holidays_in(year, "england-and-wales")
    assert holidays == _england_and_wales_by_rule(year)
    assert EASTER_SUNDAY[year] - timedelta(days=2) in holidays  # Good Friday
    assert EASTER_SUNDAY[year] + timedelta(days=1) in holidays  # Easter Monday


@pytest.mark.parametrize("year", sorted(EASTER_SUNDAY))
def test_good_friday_and_easter_monday(year: int) -> None:
    holidays = bank_holidays_in(year)
    assert {EASTER_SUNDAY[year] - timedelta(days=2), EASTER_SUNDAY[year] + timedelta(days=1)} <= holidays


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
    holidays = bank_holidays_in(year)
    assert {christmas, boxing} <= holidays
    assert not any(d.weekday() >= 5 for d in holidays)


def test_new_year_substitutes() -> None:
    assert date(2022, 1, 3) in bank_holidays_in(2022)  # Sat 1 Jan
    assert date(2023, 1, 2) in bank_holidays_in(2023)  # Sun 1 Jan
    assert date(2028, 1, 3) in bank_holidays_in(2028)  # Sat 1 Jan


def test_every_year_has_eight_regular_holidays_on_weekdays() -> None:
    for year in range(2024, 2100):
        holidays = bank_holidays_in(year)
        assert len(holidays) == 8, year
        assert all(d.weekday() < 5 and d.year == year for d in holidays), year


def test_years_covered_and_cached() -> None:
    every = bank_holidays("england-and-wales")
    assert min(every).year == FIRST_YEAR and max(every).year == LAST_YEAR
    assert bank_holidays("england-and-wales") is every


# Scotland: 2 January, St Andrew's Day (30 November) and the first Monday in August, each a weekday off.
SCOTLAND_ONLY = {
    2027: dates(2027, (1, 4), (11, 30), (8, 2)),  # 2 Jan is a Saturday: Monday 4 Jan
    2028: dates(2028, (1, 4), (11, 30), (8, 7)),  # 1 and 2 Jan on the weekend: Mon 3 and Tue 4 Jan
    2029: dates(2029, (1, 2), (11, 30), (8, 6)),
    2030: dates(2030, (1, 2), (12, 2), (8, 5)),  # St Andrew's Day is a Saturday: Monday 2 Dec
}


@pytest.mark.parametrize("year", sorted(SCOTLAND_ONLY))
def test_scotland_differs_as_published(year: int) -> None:
    scotland = bank_holidays_in(year, "scotland")
    england = bank_holidays_in(year, "england-and-wales")
    easter = EASTER_SUNDAY[year]
    assert SCOTLAND_ONLY[year] <= scotland and not SCOTLAND_ONLY[year] & england
    assert easter + timedelta(days=1) not in scotland  # no Easter Monday
    assert easter - timedelta(days=2) in scotland  # but Good Friday
    assert _last_monday(year, 8) in england and _last_monday(year, 8) not in scotland
    assert scotland - england == SCOTLAND_ONLY[year]


def test_scotland_2027_and_2028_exactly() -> None:
    assert bank_holidays_in(2027, "scotland") == dates(
        2027, (1, 1), (1, 4), (3, 26), (5, 3), (5, 31), (8, 2), (11, 30), (12, 27), (12, 28)
    )
    assert bank_holidays_in(2028, "scotland") == dates(
        2028, (1, 3), (1, 4), (4, 14), (5, 1), (5, 29), (8, 7), (11, 30), (12, 25), (12, 26)
    )


def test_northern_ireland_adds_st_patrick_and_the_twelfth() -> None:
    ni = bank_holidays_in(2027, "northern-ireland")
    assert ni == GOV_UK[2027] | {date(2027, 3, 17), date(2027, 7, 12)}


def test_regions_match_the_settings() -> None:
    assert tuple(REGIONS) == HOLIDAY_REGIONS
    with pytest.raises(ValueError, match="unknown holiday region 'wales'"):
        bank_holidays("wales")


def test_working_hours_close_on_the_regions_bank_holidays() -> None:
    england = working_hours("Mon-Fri 09:00-17:00", "Europe/London", "england-and-wales")
    scotland = working_hours("Mon-Fri 09:00-17:00", "Europe/London", "scotland")
    assert not england.is_working_day(date(2027, 3, 29)) and scotland.is_working_day(date(2027, 3, 29))
    assert england.is_working_day(date(2027, 8, 2)) and not scotland.is_working_day(date(2027, 8, 2))


def test_the_services_close_on_the_regions_bank_holidays() -> None:
    england = load_settings({})
    scotland = load_settings({"EFRP_HOLIDAY_REGION": "scotland"})
    good_friday, easter_monday, august = (
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 8, 2),
    )
    assert not england.hours.is_working_day(good_friday)
    assert scotland.hours.is_working_day(easter_monday)
    assert not scotland.hours.is_working_day(august)
