"""Issue 15: a meeting's .ics lands once in its agenda thread; a move or cancel posts a new one."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar

from bot.standin.harness import COORDINATOR, PANEL, LocalBot
from bot.standin.server import SlackStandin
from tests.meetings.helpers import agenda_message


def _invitations(standin: SlackStandin) -> list[dict]:
    return sorted(
        (f for f in standin.state.files.values() if str(f["filename"]).endswith(".ics")),
        key=lambda f: str(f["id"]),
    )


def _event(upload: dict) -> tuple[Calendar, dict]:
    cal = Calendar.from_ical(upload["content"])
    [event] = cal.walk("VEVENT")
    return cal, event


def test_agenda_thread_gets_the_meeting_ics_once_and_a_new_one_when_moved(
    bot: LocalBot, standin: SlackStandin
) -> None:
    tz = bot.deps.settings.tz
    driver = bot.driver()
    driver.command(COORDINATOR.id, "/efh", "meeting add 2026-11-26 10:00 Room 2")
    bot.settle()
    driver.command(COORDINATOR.id, "/efh", "agenda")
    bot.settle()
    driver.command(COORDINATOR.id, "/efh", "agenda")  # posted again: the agenda updates, no second file
    bot.settle()
    agenda = agenda_message(standin)
    [first] = _invitations(standin)
    assert first["shared"]["channel"] == PANEL and first["shared"]["thread_ts"] == agenda.ts
    cal, event = _event(first)
    assert str(cal["method"]) == "PUBLISH"
    assert event.decoded("dtstart") == datetime(2026, 11, 26, 10, 0, tzinfo=tz)
    assert event["dtstart"].params["TZID"] == str(tz)
    assert str(event["summary"]) == "EFRP panel meeting" and str(event["location"]) == "Room 2"
    uid = str(event["uid"])
    assert int(event["sequence"]) == 0

    driver.command(COORDINATOR.id, "/efh", "meeting move 1 2026-11-27 14:00")
    bot.settle()
    first_again, moved = _invitations(standin)
    assert first_again["id"] == first["id"] and moved["shared"]["thread_ts"] == agenda.ts
    _, event = _event(moved)
    assert str(event["uid"]) == uid and int(event["sequence"]) == 1  # updates, not a duplicate
    assert event.decoded("dtstart") == datetime(2026, 11, 27, 14, 0, tzinfo=tz)

    driver.command(COORDINATOR.id, "/efh", "meeting cancel 1")
    bot.settle()
    driver.command(COORDINATOR.id, "/efh", "meeting cancel 1")  # refused: already cancelled
    bot.settle()
    *_, cancelled = _invitations(standin)
    assert len(_invitations(standin)) == 3
    cal, event = _event(cancelled)
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == uid and int(event["sequence"]) == 2
