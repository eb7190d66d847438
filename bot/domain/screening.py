"""When a referral must be screened, and which screening reminders are due: pure, ``now`` passed in.

* **Red** ("serious harm now; screen today"): the end of the working day it arrives on; if it arrives
  outside working hours, the end of the next working day to open (before opening: that same day).
* **Amber**: the end of the ``amber_days``-th working day after that first working day.
* **Green**: the end of the last working day before the next scheduled meeting's day, never earlier than
  Red's deadline; with no meeting scheduled, the end of the ``GREEN_DEFAULT_DAYS``-th working day.

Coordinators are reminded (kind SCREEN_SOON) ``REMIND_LEAD`` before the deadline, if the referral arrived
at least that long before it (a Red one arriving late in the day has its alert DM already), and the panel
is told once the deadline has passed (SCREEN_OVERDUE). Key day = the deadline's local date; the database
keeps each (subject, kind, day) once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.domain.calendar import WorkingHours
from bot.domain.enums import Urgency

__all__ = [
    "GREEN_DEFAULT_DAYS",
    "REMIND_LEAD",
    "SCREEN_OVERDUE",
    "SCREEN_SOON",
    "ScreeningDue",
    "due_screening_reminders",
    "referral_subject",
    "screen_by",
]

GREEN_DEFAULT_DAYS = 5  # a working week, when no meeting is scheduled to screen before
REMIND_LEAD = timedelta(hours=2)
SCREEN_SOON = "screen_soon"
SCREEN_OVERDUE = "screen_overdue"


def closing(hours: WorkingHours, d: date) -> datetime:
    """The end of working hours on local date d, as an aware UTC datetime."""
    return datetime.combine(d, hours.end, tzinfo=hours.zone).astimezone(UTC)


def first_working_day(hours: WorkingHours, at: datetime) -> date:
    """The working day a referral arriving at ``at`` counts from: today if its hours have not ended."""
    return hours.local_date(hours.next_opening(at))


def screen_by(
    urgency: Urgency,
    referred_at: datetime,
    hours: WorkingHours,
    *,
    amber_days: int,
    next_meeting_at: datetime | None,
) -> datetime:
    """The screening deadline (UTC) of a referral of this urgency arriving at ``referred_at``."""
    first = first_working_day(hours, referred_at)
    if urgency is Urgency.RED:
        return closing(hours, first)
    if urgency is Urgency.AMBER:
        return closing(hours, hours.add_working_days(first, amber_days))
    if next_meeting_at is None:
        return closing(hours, hours.add_working_days(first, GREEN_DEFAULT_DAYS))
    day_before = hours.add_working_days(hours.local_date(next_meeting_at), -1)
    return closing(hours, max(first, day_before))


@dataclass(frozen=True, slots=True)
class ScreeningDue:
    """An unscreened referral as the reminder decision sees it."""

    referral_id: int
    referred_at: datetime
    screen_by: datetime


@dataclass(frozen=True, slots=True)
class DueScreening:
    """One screening reminder occurrence that is due; ``key`` is unique in the database."""

    subject: str
    kind: str
    day: date
    referral_id: int

    @property
    def key(self) -> tuple[str, str, date]:
        """The unique key (subject, kind, day)."""
        return (self.subject, self.kind, self.day)


def referral_subject(referral_id: int) -> str:
    """Reminder subject for a referral's screening, e.g. "referral:12"."""
    return f"referral:{referral_id}"


def due_screening_reminders(
    referrals: Iterable[ScreeningDue], now: datetime, hours: WorkingHours
) -> list[DueScreening]:
    """Reminders due now for unscreened referrals: SCREEN_SOON before the deadline, SCREEN_OVERDUE after."""
    if not hours.is_open(now):
        return []
    out: list[DueScreening] = []
    for r in referrals:
        day = hours.local_date(r.screen_by)
        subject = referral_subject(r.referral_id)
        if now >= r.screen_by:
            out.append(DueScreening(subject, SCREEN_OVERDUE, day, r.referral_id))
        elif now >= r.screen_by - REMIND_LEAD and r.referred_at <= r.screen_by - REMIND_LEAD:
            out.append(DueScreening(subject, SCREEN_SOON, day, r.referral_id))
    return out
