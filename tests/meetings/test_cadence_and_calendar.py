"""Meetings on any cadence (RFC 5545 rules with exceptions), moved meetings, the .ics calendar, and no
agenda invented when nothing is scheduled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.core.settings import SettingsProblems, load_settings
from bot.meetings.jobs import run as meetings_job
from bot.standin.harness import COORDINATOR, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from storage.audit import AuditEvent
from storage.db import session_scope
from storage.meetings import Meeting
from tests.process import bot_env, run_efrp

SECOND_TUESDAY = "DTSTART:20261110T100000 RRULE:FREQ=MONTHLY;BYDAY=2TU EXDATE:20270112T100000"
FORTNIGHTLY = "DTSTART:20261126T140000 RRULE:FREQ=WEEKLY;INTERVAL=2"


def _slots(bot: LocalBot, clock: ManualClock, weeks: int) -> list[tuple[str | None, datetime]]:
    for _ in range(weeks):
        meetings_job(bot.deps)
        clock.advance(timedelta(days=7))
    with session_scope(bot.deps.engine) as s:
        return [(m.series_key, m.starts_at) for m in s.exec(select(Meeting).order_by(col(Meeting.starts_at)))]


def test_monthly_second_tuesday_with_a_skipped_date(
    make_bot: Callable[..., LocalBot], clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE=SECOND_TUESDAY)
    slots = _slots(bot, clock, 16)
    assert slots[:3] == [
        ("weekly:2026-12-08", datetime(2026, 12, 8, 10, 0, tzinfo=UTC)),
        ("weekly:2027-02-09", datetime(2027, 2, 9, 10, 0, tzinfo=UTC)),  # 12 January is skipped
        ("weekly:2027-03-09", datetime(2027, 3, 9, 10, 0, tzinfo=UTC)),
    ]


def test_fortnightly_keeps_its_weeks_and_a_moved_meeting_stays_moved(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE=FORTNIGHTLY)
    meetings_job(bot.deps)
    driver = bot.driver()
    driver.command(TEACHER.id, "/efh", "meeting move 1 2026-11-27 14:00")  # not a coordinator
    driver.command(COORDINATOR.id, "/efh", "meeting move 1 2026-11-27 14:00")
    bot.settle()
    assert any("coordinators can manage meetings" in r.get("text", "") for r in standin.state.responses)
    assert any("Moved meeting `1`" in r.get("text", "") for r in standin.state.responses)
    slots = _slots(bot, clock, 5)
    assert slots == [
        ("weekly:2026-11-26", datetime(2026, 11, 27, 14, 0, tzinfo=UTC)),  # moved to Friday, not recreated
        ("weekly:2026-12-10", datetime(2026, 12, 10, 14, 0, tzinfo=UTC)),
        ("weekly:2026-12-24", datetime(2026, 12, 24, 14, 0, tzinfo=UTC)),
    ]
    with session_scope(bot.deps.engine) as s:
        moved = list(s.exec(select(AuditEvent).where(AuditEvent.action == "meeting.moved")))
    assert [e.actor for e in moved] == [COORDINATOR.id]


def test_schedule_setting_forms() -> None:
    assert str(load_settings({"EFRP_MEETING_SCHEDULE": "thu 10:00"}).meeting_schedule) == "THU 10:00"
    monthly = load_settings({"EFRP_MEETING_SCHEDULE": SECOND_TUESDAY}).meeting_schedule
    assert monthly is not None and not monthly.weekly
    for bad in (
        "THURSDAY",
        "RRULE:FREQ=WEEKLY",
        "DTSTART:20261110T100000Z RRULE:FREQ=WEEKLY",
        "DTSTART:x RRULE:FREQ=NOPE",
    ):
        with pytest.raises(SettingsProblems) as raised:
            load_settings({"EFRP_MEETING_SCHEDULE": bad})
        assert raised.value.name == "EFRP_MEETING_SCHEDULE"


def test_agenda_with_nothing_scheduled_invents_no_meeting(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(COORDINATOR.id, "/efh", "agenda")
    bot.settle()
    told = [r["text"] for r in standin.state.responses if "No meeting is scheduled" in r.get("text", "")]
    assert len(told) == 1 and "/efh meeting add" in told[0]
    assert not standin.calls_to("chat.postMessage")
    with session_scope(bot.deps.engine) as s:
        assert not list(s.exec(select(Meeting)))


def test_ics_calendar_has_the_rule_the_exceptions_and_one_offs(
    make_bot: Callable[..., LocalBot], clock: ManualClock, database_url: str, tmp_path: Path
) -> None:
    # Years ahead, so that `efrp` (a real process, on the real clock) sees every meeting as upcoming.
    clock.set(datetime(2031, 11, 24, 10, 0, tzinfo=UTC))
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")
    meetings_job(bot.deps)
    clock.advance(timedelta(days=3))
    meetings_job(bot.deps)  # Thursday 27 November and 4 December materialised
    with session_scope(bot.deps.engine) as s:  # IDs from the rows (PostgreSQL's sequence skips some)
        first, second = [m.id for m in s.exec(select(Meeting).order_by(col(Meeting.starts_at)))]
    driver = bot.driver()
    driver.command(COORDINATOR.id, "/efh", f"meeting cancel {first}")
    driver.command(COORDINATOR.id, "/efh", f"meeting move {second} 2031-12-05 11:00")
    driver.command(COORDINATOR.id, "/efh", "meeting add 2031-12-16 09:30 Civic Centre")
    bot.settle()
    env = bot_env(None, database_url, EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")
    out = tmp_path / "panel.ics"
    written = run_efrp("meeting", "ics", "-o", str(out), env=env)
    assert written.returncode == 0, written.stderr
    cal = Calendar.from_ical(out.read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    series = events["efrp-panel-series@efrp"]
    assert series["rrule"]["FREQ"] == ["WEEKLY"] and series["rrule"]["BYDAY"] == ["TH"]
    assert str(series["location"]) == "Room 2"
    excluded = {d.dt.strftime("%Y-%m-%d %H:%M") for ex in _list(series.get("exdate")) for d in ex.dts}
    assert excluded == {"2031-11-27 10:00", "2031-12-04 10:00"}  # cancelled, and moved
    one_offs = sorted(
        e["dtstart"].dt.strftime("%Y-%m-%d %H:%M") for u, e in events.items() if u != series["uid"]
    )
    assert one_offs == ["2031-12-05 11:00", "2031-12-16 09:30"]
    assert cal.walk("VTIMEZONE")  # the times are London times, with their zone
    # The rule, read back by dateutil, gives the panel's Thursdays from the first one on.
    start = series["dtstart"].dt.replace(tzinfo=None)
    rule = rrulestr(bytes(series["rrule"].to_ical()).decode(), dtstart=start)
    assert [d.strftime("%a %H:%M") for d in list(rule[:2])] == ["Thu 10:00", "Thu 10:00"]


def _list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
