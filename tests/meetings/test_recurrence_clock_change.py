"""The weekly meeting keeps its local time across the clock change (slots from dateutil's rrule)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.meetings.jobs import run as meetings_job
from bot.standin.harness import LocalBot
from storage.db import session_scope
from storage.meetings import Meeting


def test_thursday_ten_oclock_is_ten_in_winter_and_in_summer(
    make_bot: Callable[..., LocalBot], clock: ManualClock
) -> None:
    clock.set(datetime(2027, 3, 22, 10, 0, tzinfo=UTC))  # a Monday; the clocks go forward on the 28th
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")
    meetings_job(bot.deps)
    clock.advance(timedelta(days=7))
    meetings_job(bot.deps)
    with session_scope(bot.deps.engine) as s:
        rows = list(s.exec(select(Meeting).order_by(col(Meeting.starts_at))))
    assert [(m.series_key, m.starts_at) for m in rows][:2] == [
        ("weekly:2027-03-25", datetime(2027, 3, 25, 10, 0, tzinfo=UTC)),  # GMT
        ("weekly:2027-04-01", datetime(2027, 4, 1, 9, 0, tzinfo=UTC)),  # BST: 10:00 in London
    ]
