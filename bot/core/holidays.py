"""Bank holidays for the panel's UK region, from the maintained `holidays` package.

The domain calendar (`bot.domain.calendar`) is standard-library only and takes the set of bank holidays as
a parameter; this module builds that set from `holidays` for the region in ``EFRP_HOLIDAY_REGION``, so new
one-off bank holidays (a coronation, a jubilee) arrive with a package upgrade, not a code change.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from bot.domain.calendar import WorkingHours, parse_working_hours

# EFRP_HOLIDAY_REGION value -> the `holidays` package's subdivision of the United Kingdom ("GB").
REGIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
DEFAULT_REGION = "england-and-wales"
# The years covered: dates outside them have no bank holidays, so keep LAST_YEAR well ahead.
FIRST_YEAR = 2000
LAST_YEAR = 2100


@lru_cache(maxsize=len(REGIONS))
def bank_holidays(region: str = DEFAULT_REGION) -> frozenset[date]:
    """The days off for bank holidays in a UK region, FIRST_YEAR to LAST_YEAR (weekdays only).

    A holiday falling on a weekend is not a day off; its substitute weekday is, as gov.uk lists them.
    Raises ValueError for a region not in REGIONS.
    """
    subdivision = REGIONS.get(region)
    if subdivision is None:
        raise ValueError(f"unknown holiday region {region!r}; use {', '.join(REGIONS)}")
    import holidays  # imported here: only commands that need the calendar pay for it

    calendar = holidays.country_holidays("GB", subdiv=subdivision, years=range(FIRST_YEAR, LAST_YEAR + 1))
    return frozenset(d for d in calendar if d.weekday() < 5)


def bank_holidays_in(year: int, region: str = DEFAULT_REGION) -> frozenset[date]:
    """The bank-holiday days off of one year in a region."""
    return frozenset(d for d in bank_holidays(region) if d.year == year)


@lru_cache(maxsize=16)
def working_hours(spec: str, tz: str, region: str = DEFAULT_REGION) -> WorkingHours:
    """Parsed working hours closed on the region's bank holidays (cached; ValueError if malformed)."""
    return parse_working_hours(spec, tz, bank_holidays=bank_holidays(region))
