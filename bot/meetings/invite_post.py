"""The .ics invitation posted in a meeting's agenda thread: once per version of the meeting (its time and
place), with a new one (higher SEQUENCE, or METHOD:CANCEL) when the meeting moves or is cancelled."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from storage import outbox
from storage.meetings import Meeting

__all__ = ["MEETING_LENGTH", "TITLE", "event_of", "invitation_ics", "owe_invitation"]

MEETING_LENGTH = timedelta(hours=2)  # how long each meeting is shown in the calendar
TITLE = "Extra-Familial Risk Panel"
SUMMARY = "EFRP panel meeting"  # nothing personal: no context names, no references


def event_of(uid: str, start: datetime, location: str, now: datetime, *, summary: str = TITLE) -> Event:
    """One calendar event of MEETING_LENGTH from `start`."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + MEETING_LENGTH)
    if location:
        event.add("location", location)
    return event


def invitation_ics(
    *, meeting_id: int, start: datetime, location: str, sequence: int, cancelled: bool, now: datetime
) -> bytes:
    """One meeting as a one-event calendar: a stable UID per meeting, so calendar apps update it in place."""
    cal = Calendar()
    cal.add("prodid", "-//EFRP panel bot//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = event_of(f"efrp-meeting-{meeting_id}@efrp", start, location, now, summary=SUMMARY)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _latest(session: Session, meeting_id: int) -> tuple[int, str | None]:
    """How many invitations this meeting has had, and the version the newest one carried."""
    base = keys.meeting_invitation(meeting_id, 0).rpartition(":")[0]
    rows = session.exec(
        select(outbox.OutboxMessage.summary)
        .where(col(outbox.OutboxMessage.key).startswith(base + ":"))
        .order_by(col(outbox.OutboxMessage.id).desc())
    ).all()
    return len(rows), (rows[0] if rows else None)


def owe_invitation(session: Session, deps: Deps, meeting: Meeting, now: datetime) -> bool:
    """Owe the agenda thread this meeting's .ics if this version of it has none yet; True if owed now."""
    meeting_id = meeting.id or 0
    cancelled = meeting.state == "cancelled"
    start = meeting.starts_at.astimezone(deps.settings.tz)
    version = "cancelled" if cancelled else f"{start.isoformat()} {meeting.location}"
    digest = hashlib.sha256(version.encode()).hexdigest()[:12]
    summary = f"calendar invitation of meeting {meeting_id} ({digest})"
    sent, last = _latest(session, meeting_id)
    if last == summary or (cancelled and sent == 0):
        return False  # this version is out already; a meeting never invited needs no cancellation
    ics = invitation_ics(
        meeting_id=meeting_id,
        start=start,
        location=meeting.location,
        sequence=sent,
        cancelled=cancelled,
        now=now,
    )
    payload: dict[str, Any] = owed(
        "meetings.invitation",
        filename=f"efrp-meeting-{meeting_id}{'-cancelled' if cancelled else ''}.ics",
        title=f"EFRP panel meeting {'cancelled' if cancelled else f'{start:%a %d %b %Y %H:%M}'}",
        content_b64=base64.b64encode(ics).decode(),
    )
    outbox.enqueue(
        session=session,
        key=keys.meeting_invitation(meeting_id, sent),
        op=outbox.Op.FILE,
        channel=outbox.PANEL,
        thread_of=keys.meeting_agenda(meeting_id),
        payload=payload,
        now=now,
        summary=summary,
    )
    return True
