"""A decision or attendance form left open must not write to a record changed meanwhile: say what, and who."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.core.changed import at, by, by_at, name, refusal
from bot.core.deps import Deps
from bot.core.errors import NotFound
from bot.domain.enums import ContextState
from storage import audit
from storage import reviews as review_repo
from storage.contexts import Context
from storage.decisions import Decision
from storage.meetings import Meeting

_ENDED = {ContextState.CLOSED.value: "closed", ContextState.STEPPED_DOWN.value: "stepped down"}


@dataclass(frozen=True)
class OpenedOn:
    """What the decision form showed when it was opened: the decision it amends (None: there was none)."""

    decision_id: int | None


def check_unchanged(
    deps: Deps, session: Session, ctx: Context, latest: Decision | None, opened_on: OpenedOn | None
) -> None:
    """Refuse (Conflict) when the context ended, or another decision was recorded, since the form opened."""
    ended = _ENDED.get(ctx.state)
    if ended is not None:
        review = review_repo.latest(session=session, context_id=ctx.id or 0)
        who = by(review.decided_by) if review is not None else ""
        raise refusal(
            deps,
            f"{ctx.ref} was {ended}{who} after this form was opened, so nothing was recorded. "
            f"If the panel still needs this decision, reopen it with `/efh reopen {ctx.ref}` first.",
        )
    if opened_on is None or latest is None or latest.id == opened_on.decision_id:
        return
    raise refusal(
        deps,
        f"{name(latest.decided_by)} recorded a decision for {ctx.ref} (version {latest.version}) "
        "after this form was opened, so nothing was recorded. "
        "Close this form and open the decision again to amend it.",
    )


_ATTENDANCE_CHANGES = ("meeting.attendance",)
_ENDED_MEETING = {"held": "closed and its minutes fixed", "cancelled": "cancelled"}


def check_still_open(deps: Deps, meeting: Meeting | None, meeting_id: int) -> None:
    """NotFound for no meeting; Conflict (naming who and when) once it was closed or cancelled."""
    if meeting is None:
        raise NotFound(f"There is no meeting {meeting_id}.")
    if meeting.state == "scheduled":
        return
    ended = _ENDED_MEETING.get(meeting.state, meeting.state)
    who, when = (
        (meeting.closed_by, meeting.closed_at)
        if meeting.state != "cancelled"
        else (meeting.cancelled_by, meeting.cancelled_at)
    )
    raise refusal(
        deps,
        f"Meeting {meeting_id} was {ended}{by_at(deps, who, when, now=deps.clock.now())}, "
        "so its attendance can no longer change and nothing was recorded.",
    )


def check_attendance_unchanged(deps: Deps, session: Session, meeting_id: int, seen_event: int | None) -> None:
    """Refuse (Conflict) when someone recorded the meeting's attendance after this form was opened."""
    later = audit.first_since(
        session=session,
        after_id=seen_event,
        record_type="meeting",
        record_id=meeting_id,
        actions=_ATTENDANCE_CHANGES,
    )
    if later is None:
        return
    when = at(later.at, tz=deps.settings.tz, now=deps.clock.now())
    raise refusal(
        deps,
        f"{name(later.actor)} recorded the attendance of meeting {meeting_id}{when} after you opened "
        "this form, so nothing was recorded. Close this form and open Attendance again to see it as it is.",
    )
