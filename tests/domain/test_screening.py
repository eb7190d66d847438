"""Screening deadlines in working time, and which screening reminders are due: driven by `now`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from bot.domain.calendar import WorkingHours
from bot.domain.enums import Urgency
from bot.domain.screening import (
    SCREEN_OVERDUE,
    SCREEN_SOON,
    ScreeningDue,
    due_screening_reminders,
    screen_by,
)

HOURS = WorkingHours(bank_holidays=frozenset({date(2026, 12, 25), date(2026, 12, 28)}))


def _at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=UTC)  # London is UTC in winter


def _deadline(urgency: Urgency, at: datetime, meeting: datetime | None = None, amber: int = 2) -> datetime:
    return screen_by(urgency, at, HOURS, amber_days=amber, next_meeting_at=meeting)


def test_red_is_the_end_of_the_same_working_day_or_of_the_next_one_outside_hours() -> None:
    monday = date(2026, 11, 23)
    assert _deadline(Urgency.RED, _at(monday, 10)) == _at(monday, 17)
    assert _deadline(Urgency.RED, _at(monday, 7)) == _at(monday, 17)  # before opening: that day
    assert _deadline(Urgency.RED, _at(monday, 18)) == _at(date(2026, 11, 24), 17)
    friday_evening = _at(date(2026, 11, 27), 19)
    assert _deadline(Urgency.RED, friday_evening) == _at(date(2026, 11, 30), 17)
    christmas_eve_evening = _at(date(2026, 12, 24), 18)  # 25th and 28th are bank holidays here
    assert _deadline(Urgency.RED, christmas_eve_evening) == _at(date(2026, 12, 29), 17)


def test_amber_counts_working_days_and_the_setting_changes_it() -> None:
    monday = _at(date(2026, 11, 23), 10)
    assert _deadline(Urgency.AMBER, monday) == _at(date(2026, 11, 25), 17)
    assert _deadline(Urgency.AMBER, monday, amber=0) == _at(date(2026, 11, 23), 17)
    thursday = _at(date(2026, 11, 26), 11)
    assert _deadline(Urgency.AMBER, thursday) == _at(date(2026, 11, 30), 17)  # over the weekend


def test_green_is_before_the_next_meeting_day_or_a_working_week_without_one() -> None:
    monday = _at(date(2026, 11, 23), 10)
    thursday_meeting = _at(date(2026, 11, 26), 10)
    assert _deadline(Urgency.GREEN, monday, thursday_meeting) == _at(date(2026, 11, 25), 17)
    assert _deadline(Urgency.GREEN, monday, _at(date(2026, 11, 23), 14)) == _at(date(2026, 11, 23), 17)
    assert _deadline(Urgency.GREEN, monday) == _at(date(2026, 11, 30), 17)


def test_reminded_before_the_deadline_then_overdue_after_it_never_outside_hours() -> None:
    monday = date(2026, 11, 23)
    wednesday = date(2026, 11, 25)
    amber = ScreeningDue(1, _at(monday, 10), _at(wednesday, 17))
    assert due_screening_reminders([amber], _at(wednesday, 14), HOURS) == []
    (soon,) = due_screening_reminders([amber], _at(wednesday, 15), HOURS)
    assert soon.key == ("referral:1", SCREEN_SOON, wednesday)
    assert due_screening_reminders([amber], _at(wednesday, 17), HOURS) == []  # closed: next opening
    (late,) = due_screening_reminders([amber], _at(date(2026, 11, 26), 9), HOURS)
    assert late.key == ("referral:1", SCREEN_OVERDUE, wednesday)


def test_a_red_referral_arriving_late_in_the_day_is_not_reminded_again_before_its_deadline() -> None:
    monday = date(2026, 11, 23)
    late_red = ScreeningDue(2, _at(monday, 15, 30), _at(monday, 17))
    assert due_screening_reminders([late_red], _at(monday, 16), HOURS) == []
    early_red = ScreeningDue(3, _at(monday, 9, 30), _at(monday, 17))
    assert [d.kind for d in due_screening_reminders([early_red], _at(monday, 15), HOURS)] == [SCREEN_SOON]
