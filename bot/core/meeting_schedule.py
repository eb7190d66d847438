"""EFRP_MEETING_SCHEDULE: a weekday and a time, or RFC 5545 recurrence lines (dateutil's rrule)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateutil.rrule import rrulestr

__all__ = ["WEEKDAYS", "MeetingSchedule", "parse_schedule"]

_SCHEDULE_RE = re.compile(r"^(MON|TUE|WED|THU|FRI|SAT|SUN)\s+([01]\d|2[0-3]):([0-5]\d)$", re.IGNORECASE)
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@dataclass(frozen=True)
class MeetingSchedule:
    """The recurring panel meeting, in the panel's local time: 'THU 10:00', or RFC 5545 lines."""

    text: str  # as configured, one line: 'THU 10:00', or 'DTSTART:… RRULE:… [EXDATE:…] [RDATE:…]'
    weekly: bool = True

    @property
    def rule(self) -> str:
        """The schedule as RFC 5545 lines (DTSTART and RRULE, with any EXDATE and RDATE), local times."""
        if not self.weekly:
            return "\n".join(self.text.split())
        m = _SCHEDULE_RE.match(self.text)
        assert m is not None
        day = _RFC_DAYS[WEEKDAYS.index(m.group(1).upper())]
        # A Monday long past anchors the weekly rule; the time of day comes from DTSTART.
        return f"DTSTART:20000103T{m.group(2)}{m.group(3)}00\nRRULE:FREQ=WEEKLY;BYDAY={day}"

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Each meeting's local (naive) date and time from start to end, both included."""
        rules = rrulestr(self.rule, forceset=True)
        return list(rules.between(start, end, inc=True))

    def __str__(self) -> str:
        return self.text


_RFC_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SCHEDULE_FORMS = (
    "expected a weekday and a time, e.g. 'THU 10:00', or RFC 5545 lines in local time separated by spaces, "
    "e.g. 'DTSTART:20261110T100000 RRULE:FREQ=MONTHLY;BYDAY=2TU EXDATE:20261208T100000'"
)


def parse_schedule(value: str) -> MeetingSchedule:
    """Parse 'THU 10:00', or a DTSTART with an RRULE (and EXDATE/RDATE lines), into a MeetingSchedule."""
    text = " ".join(value.split())
    m = _SCHEDULE_RE.match(text)
    if m:
        return MeetingSchedule(f"{m.group(1).upper()} {m.group(2)}:{m.group(3)}")
    lines = text.split(" ")
    starts = [line for line in lines if line.upper().startswith("DTSTART")]
    if len(starts) != 1 or not any(line.upper().startswith("RRULE:") for line in lines):
        raise ValueError(SCHEDULE_FORMS)
    if not re.fullmatch(r"DTSTART:\d{8}T\d{6}", starts[0], re.IGNORECASE):
        raise ValueError("DTSTART must be a local date and time, e.g. DTSTART:20261110T100000 (no TZID or Z)")
    schedule = MeetingSchedule(text, weekly=False)
    try:
        first = next(iter(rrulestr(schedule.rule, forceset=True)), None)
    except (ValueError, TypeError):
        raise ValueError(SCHEDULE_FORMS) from None
    if first is None:
        raise ValueError("the recurrence rule gives no meeting at all")
    return schedule
