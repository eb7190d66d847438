"""Panel meetings: the recurring schedule materialised as rows, one-off meetings, cancelling, listing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from bot.core import keys
from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotFound, NotPermitted
from bot.domain.calendar import DAY_RANGE_WORDS, WorkingHours, local_date, plausible_day
from bot.meetings.invite_post import owe_invitation
from storage import audit, outbox
from storage import meetings as repo
from storage.db import session_scope
from storage.meetings import Meeting

SLOT_LOOKBACK = timedelta(hours=4)  # a slot that started this recently is still materialised (bot restarted)
MATERIALISE_AHEAD = timedelta(days=8)  # beyond the agenda lead time, so an agenda's meeting always exists


@dataclass(frozen=True)
class MeetingLine:
    """One meeting as a list shows it."""

    id: int
    starts_at: datetime
    location: str
    state: str
    recurring: bool
    agenda_posted: bool


def agenda_due_at(starts_at: datetime, lead_hours: int, hours: WorkingHours) -> datetime:
    """When a meeting's agenda goes out: `lead_hours` before it, or the last opening before that moment."""
    # Outside working hours the agenda goes at the opening of the last working day before the moment
    # (due Sunday 10:00 → Friday 09:00): people always get at least the lead time, and get it at work.
    due = starts_at - timedelta(hours=lead_hours)
    if hours.is_open(due):
        return due
    day = hours.local_date(due)
    for _ in range(60):
        if hours.is_working_day(day) and hours.opening(day) <= due:
            return hours.opening(day)
        day -= timedelta(days=1)
    return due


def slots_between(deps: Deps, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
    """(series_key, starts_at) of every recurring slot in [start, end], from EFRP_MEETING_SCHEDULE."""
    schedule = deps.settings.meeting_schedule
    if schedule is None:
        return []
    tz = deps.settings.tz
    # The rule runs on local wall-clock times (dateutil's rrule), then each is made UTC: a meeting keeps
    # its local time across the clock change. A slot is known by its local date (one meeting a day).
    local = schedule.between(
        datetime.combine(local_date(start, tz), time()), datetime.combine(local_date(end, tz), time.max)
    )
    out: list[tuple[str, datetime]] = []
    for when in local:
        at = when.replace(tzinfo=tz).astimezone(UTC)
        if start <= at <= end:
            out.append((keys.weekly_slot(when.date()), at))
    return out


def ensure_recurring(deps: Deps) -> int:
    """Create the Meeting rows of upcoming recurring slots; each slot gets exactly one row. How many new."""
    now = deps.clock.now()
    ahead = timedelta(hours=deps.settings.agenda_lead_hours) + MATERIALISE_AHEAD
    created = 0
    with session_scope(deps.engine) as s:
        for key, at in slots_between(deps, now - SLOT_LOOKBACK, now + ahead):
            if repo.add_slot(
                session=s, series_key=key, starts_at=at, location=deps.settings.meeting_location, now=now
            ):
                created += 1
                audit.record(
                    session=s,
                    at=now,
                    actor=audit.SYSTEM,
                    action="meeting.scheduled",
                    record_type="meeting",
                    record_id=key,
                    detail={"starts_at": at.isoformat()},
                )
    return created


def parse_local(deps: Deps, day: str, at: str) -> datetime:
    """A local date and time typed by a person ('2026-12-03', '10:00') as an aware UTC instant."""
    try:
        d = date.fromisoformat(day)
        hh, mm = at.split(":")
        local = datetime(d.year, d.month, d.day, int(hh), int(mm), tzinfo=deps.settings.tz)
    except ValueError:
        raise InvalidInput("Give the date and time as YYYY-MM-DD HH:MM, e.g. 2026-12-03 10:00.") from None
    if not plausible_day(d):
        raise InvalidInput(f"Give a date {DAY_RANGE_WORDS}.")
    return local.astimezone(UTC)


def add_meeting(deps: Deps, *, user: str, starts_at: datetime, location: str) -> Meeting:
    """Add a one-off meeting (coordinators; the CLI acts as an operator)."""
    require_coordinator(deps, user, "add meetings")
    now = deps.clock.now()
    if starts_at < now:
        raise InvalidInput("That time has already passed; give a future date and time.")
    with session_scope(deps.engine) as s:
        meeting = repo.add_one_off(
            session=s,
            starts_at=starts_at,
            location=location[:300] or deps.settings.meeting_location,
            by=user,
            now=now,
        )
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="meeting.created",
            record_type="meeting",
            record_id=meeting.id,
            detail={"starts_at": starts_at.isoformat(), "location": meeting.location},
        )
    return meeting


def cancel_meeting(deps: Deps, *, user: str, meeting_id: int) -> Meeting:
    """Cancel a scheduled meeting (recurring slots stay cancelled: their row keeps the slot)."""
    require_coordinator(deps, user, "cancel meetings")
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        meeting = repo.get(session=s, meeting_id=meeting_id)
        if meeting is None:
            raise NotFound(f"There is no meeting {meeting_id}.")
        if not repo.cancel(session=s, meeting_id=meeting_id, by=user, now=now):
            raise InvalidInput(
                f"Meeting {meeting_id} is {meeting.state}; only a scheduled meeting can be cancelled."
            )
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="meeting.cancelled",
            record_type="meeting",
            record_id=meeting_id,
        )
        s.refresh(meeting)
        if outbox.find(session=s, key=keys.meeting_agenda(meeting_id)) is not None:
            owe_invitation(s, deps, meeting, now)  # METHOD:CANCEL in the agenda's thread
    return meeting


def list_meetings(deps: Deps, *, upcoming_only: bool = False, limit: int = 50) -> list[MeetingLine]:
    """Meetings in date order (all, or from today on)."""
    since = start_of_today(deps) if upcoming_only else None
    with session_scope(deps.engine) as s:
        rows = repo.listed(session=s, since=since, limit=limit)
        return [
            MeetingLine(
                m.id or 0, m.starts_at, m.location, m.state, m.recurring, m.agenda_posted_at is not None
            )
            for m in rows
        ]


def start_of_today(deps: Deps) -> datetime:
    """Local midnight today, in UTC."""
    return datetime.combine(deps.today(), datetime.min.time(), tzinfo=deps.settings.tz).astimezone(UTC)


def current_meeting(session: Session, deps: Deps) -> Meeting | None:
    """The meeting the panel works on now: the first scheduled one from today on."""
    return repo.next_scheduled(session=session, since=start_of_today(deps))


def schedule_text(deps: Deps) -> str:
    """The recurring schedule in words, with its next dates."""
    sched = deps.settings.meeting_schedule
    if sched is None:
        return "No recurring schedule is set (EFRP_MEETING_SCHEDULE); meetings are added one at a time."
    where = f" at {deps.settings.meeting_location}" if deps.settings.meeting_location else ""
    how = f"every {sched}" if sched.weekly else f"on the schedule `{sched}`"
    now = deps.clock.now()
    upcoming = [at for _, at in slots_between(deps, now, now + timedelta(days=400))][:3]
    dates = ", ".join(at.astimezone(deps.settings.tz).strftime("%a %d %b %Y %H:%M") for at in upcoming)
    return (
        f"The panel meets {how} ({deps.settings.timezone}){where}; the agenda goes out "
        f"{deps.settings.agenda_lead_hours} hours before, in working hours. Next: {dates or 'none'}."
    )


def require_coordinator(deps: Deps, user: str, doing: str) -> None:
    """Refuse anyone but a coordinator (the CLI acts as an operator), changing nothing."""
    if user != "cli" and not deps.is_coordinator(user):
        raise NotPermitted(f"Only the panel's coordinators can {doing}. Nothing was changed.")
