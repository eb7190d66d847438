"""UTC timestamp columns: what is read back is the instant stored, aware, in UTC, to the microsecond."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy.dialects import sqlite

from storage.types import UTCDateTime


def test_a_naive_value_read_back_is_that_time_in_utc() -> None:
    column = UTCDateTime()
    dialect = sqlite.dialect()
    for naive in (
        datetime(2026, 11, 26, 10, 0, 0, 123456),
        datetime(1969, 12, 31, 23, 59, 59, 999999),
        datetime.min,
        datetime.max,
    ):
        got = column.process_result_value(naive, dialect)
        assert got == naive.replace(tzinfo=UTC)
        assert got is not None and got.tzinfo is UTC
        assert repr(got) == repr(naive.replace(tzinfo=UTC))


def test_an_aware_value_is_moved_to_utc_and_none_stays_none() -> None:
    column = UTCDateTime()
    dialect = sqlite.dialect()
    paris = datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert column.process_result_value(paris, dialect) == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert column.process_result_value(None, dialect) is None
