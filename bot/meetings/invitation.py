"""The panel's meetings as an iCalendar (RFC 5545) file a member adds to their calendar.

Written with `icalendar` (a maintained RFC 5545 library): the recurring series carries the schedule's own
RRULE, with cancelled and moved slots as EXDATEs; each one-off or moved meeting is an event of its own.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from icalendar import Calendar, Event, vRecur

from bot.core.deps import Deps
from bot.meetings.invite_post import TITLE, event_of
from bot.meetings.schedule import start_of_today
from storage import meetings as repo
from storage.db import session_scope
from storage.meetings import Meeting

SERIES_UID = "efrp-panel-series@efrp"


def calendar_file(deps: Deps) -> bytes:
    """The recurring meeting and every scheduled one-off or moved meeting from today on, as .ics bytes."""
    cal = Calendar()
    cal.add("prodid", "-//EFRP panel bot//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", TITLE)
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        rows = repo.listed(session=s, since=start_of_today(deps), limit=1000)
    series = _series(deps, rows, now)
    if series is not None:
        cal.add_component(series)
    for m in rows:
        if m.state == "scheduled" and (not m.recurring or _moved(deps, m)):
            cal.add_component(
                event_of(
                    f"efrp-meeting-{m.id}@efrp", m.starts_at.astimezone(deps.settings.tz), m.location, now
                )
            )
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _slot_start(deps: Deps, m: Meeting) -> datetime | None:
    """Where a recurring meeting's slot falls by the schedule (its date is in the series key)."""
    schedule = deps.settings.meeting_schedule
    if schedule is None or not m.series_key:
        return None
    day = datetime.fromisoformat(m.series_key.rpartition(":")[2])
    found = schedule.between(day, datetime.combine(day.date(), time.max))
    return found[0].replace(tzinfo=deps.settings.tz) if found else None


def _moved(deps: Deps, m: Meeting) -> bool:
    slot = _slot_start(deps, m)
    return slot is not None and slot != m.starts_at.astimezone(deps.settings.tz)


def _series(deps: Deps, rows: list[Meeting], now: datetime) -> Event | None:
    """The recurring meeting from its next slot on, with the slots that do not happen as EXDATEs."""
    schedule = deps.settings.meeting_schedule
    if schedule is None:
        return None
    tz = deps.settings.tz
    today = datetime.combine(start_of_today(deps).astimezone(tz).date(), time())
    upcoming = schedule.between(today, today + timedelta(days=400))
    if not upcoming:
        return None
    event = event_of(SERIES_UID, upcoming[0].replace(tzinfo=tz), deps.settings.meeting_location, now)
    for line in schedule.rule.splitlines():
        name, _, value = line.partition(":")
        if name.upper() == "RRULE":
            event.add("rrule", vRecur.from_ical(value))
        elif name.upper() in ("EXDATE", "RDATE"):
            for each in value.split(","):
                try:
                    event.add(name.lower(), datetime.strptime(each, "%Y%m%dT%H%M%S").replace(tzinfo=tz))
                except ValueError:  # a date without a time: rrule-valid, left to the rule's own dates
                    continue
    for m in rows:
        slot = _slot_start(deps, m)
        if m.recurring and slot is not None and (m.state == "cancelled" or _moved(deps, m)):
            event.add("exdate", slot)
    return event
