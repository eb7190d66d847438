"""Who was at a meeting: the chair, who sent apologies, and guests from outside the workspace."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotPermitted
from bot.meetings import agenda as agenda_service
from bot.meetings.unchanged import check_attendance_unchanged, check_still_open
from storage import audit
from storage import meetings as repo
from storage.db import session_scope

MAX_GUESTS = 30
GUEST_PART = 120  # characters of a guest's name, and of their agency or role
GUEST_LINE = (
    "One guest a line: their name, a comma, then their agency or role "
    f"(each at most {GUEST_PART} characters)."
)


class AttendanceField(StrEnum):
    """The attendance form's fields (block IDs)."""

    CHAIR = "attendance_chair"
    APOLOGIES = "attendance_apologies"
    GUESTS = "attendance_guests"


@dataclass(frozen=True)
class AttendanceForm:
    """What the attendance form holds: the chair, who sent apologies, and guests (name, agency or role)."""

    chair: str | None
    apologies: frozenset[str]
    guests: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AttendanceDraft:
    """The form as it stands for a meeting, to pre-fill it."""

    meeting_id: int
    chair: str | None
    apologies: tuple[str, ...]
    guests_text: str
    seen_event: int | None = None  # the newest audit event when the form opened: later changes refuse it


def parse_attendance(values: Mapping[str, Any]) -> AttendanceForm:
    """Validate the attendance form; InvalidInput names the field at fault."""
    guests: list[tuple[str, str]] = []
    for line in str(values.get(AttendanceField.GUESTS) or "").splitlines():
        if not line.strip():
            continue
        name, _, role = (part.strip() for part in line.partition(","))
        if not name or len(name) > GUEST_PART or len(role) > GUEST_PART:
            raise InvalidInput("Please correct the guests.", {AttendanceField.GUESTS: GUEST_LINE})
        if (name, role) not in guests:
            guests.append((name, role))
    if len(guests) > MAX_GUESTS:
        raise InvalidInput(
            "Please correct the guests.", {AttendanceField.GUESTS: f"At most {MAX_GUESTS} guests."}
        )
    chair = str(values.get(AttendanceField.CHAIR) or "") or None
    return AttendanceForm(chair, frozenset(values.get(AttendanceField.APOLOGIES) or []), tuple(guests))


def attendance_draft(deps: Deps, *, user: str, meeting_id: int) -> AttendanceDraft:
    """The attendance form of a scheduled meeting, as recorded so far (coordinators)."""
    _coordinator(deps, user)
    with session_scope(deps.engine) as s:
        meeting = repo.get(session=s, meeting_id=meeting_id)
        check_still_open(deps, meeting, meeting_id)
        assert meeting is not None
        apologies = repo.attendance_of(session=s, meeting_id=meeting_id, status=repo.APOLOGIES)
        guests = repo.guests_of(session=s, meeting_id=meeting_id)
        return AttendanceDraft(
            meeting_id,
            meeting.chair_id,
            tuple(a.user_id for a in apologies),
            "\n".join(f"{g.name}, {g.role}" if g.role else g.name for g in guests),
            audit.last_id(session=s),
        )


def record_attendance(
    deps: Deps, *, user: str, meeting_id: int, form: AttendanceForm, seen_event: int | None = None
) -> bool:
    """Set the chair (marked present), apologies and guests; audited and shown on the agenda. Changed?

    A form opened before the meeting closed, or before someone else recorded its attendance, stores
    nothing (Conflict, naming who and when); `seen_event` is the audit mark the form was opened at.
    """
    _coordinator(deps, user)
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        meeting = repo.lock(session=s, meeting_id=meeting_id)
        check_still_open(deps, meeting, meeting_id)
        present = {a.user_id for a in repo.attendance_of(session=s, meeting_id=meeting_id)}
        if form.chair:
            present.add(form.chair)
        if form.apologies & present:
            raise InvalidInput(
                "Please correct the apologies.",
                {AttendanceField.APOLOGIES: "Someone listed here is present (or chairs); take them off."},
            )
        changed = repo.set_chair(session=s, meeting_id=meeting_id, chair_id=form.chair)
        if form.chair:
            changed |= repo.mark_present(session=s, meeting_id=meeting_id, user_id=form.chair, now=now)
        changed |= repo.set_apologies(session=s, meeting_id=meeting_id, user_ids=set(form.apologies), now=now)
        changed |= repo.set_guests(
            session=s, meeting_id=meeting_id, guests=list(form.guests), by=user, now=now
        )
        if not changed:  # a double submit, or nothing new: nothing stored, nothing said again
            return False
        check_attendance_unchanged(deps, s, meeting_id, seen_event)  # raising rolls the writes back
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="meeting.attendance",
            record_type="meeting",
            record_id=meeting_id,
            detail={"chair": form.chair, "apologies": len(form.apologies), "guests": len(form.guests)},
        )
        agenda_service.refresh_if_posted(s, deps, meeting_id, now)
    return True


def _coordinator(deps: Deps, user: str) -> None:
    if user != "cli" and not deps.is_coordinator(user):
        raise NotPermitted("Only the panel's coordinators can record attendance. Nothing was changed.")
