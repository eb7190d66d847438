"""The retention schedule as the council writes it: periods, defaults, and calendar edges."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.retention import DEFAULT_RETENTION, Period, RetentionSchedule, parse_retention


def test_defaults_and_partial_schedules() -> None:
    assert DEFAULT_RETENTION == "declined=1y,closed=7y,outbox=30d,reminders=90d,receipts=30d"
    schedule = parse_retention(" Declined=2y , outbox=12w ")
    assert schedule == RetentionSchedule(declined=Period(2, "y"), outbox=Period(12, "w"))
    assert str(parse_retention("")) == DEFAULT_RETENTION


@pytest.mark.parametrize(
    ("period", "as_of", "cutoff"),
    [
        ("30d", datetime(2027, 3, 1, 9, tzinfo=UTC), datetime(2027, 1, 30, 9, tzinfo=UTC)),
        ("1y", datetime(2028, 2, 29, 9, tzinfo=UTC), datetime(2027, 2, 28, 9, tzinfo=UTC)),
        ("6m", datetime(2027, 8, 31, 9, tzinfo=UTC), datetime(2027, 2, 28, 9, tzinfo=UTC)),
        ("7y", datetime(2027, 12, 1, 9, tzinfo=UTC), datetime(2020, 12, 1, 9, tzinfo=UTC)),
    ],
)
def test_a_period_counts_back_by_the_calendar(period: str, as_of: datetime, cutoff: datetime) -> None:
    assert parse_retention(f"closed={period}").closed.before(as_of) == cutoff


@pytest.mark.parametrize("bad", ["declined=2x", "declined=0d", "forever=1y", "closed=1y,closed=2y", "closed"])
def test_malformed_schedules_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_retention(bad)
