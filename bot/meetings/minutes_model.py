"""What the minutes of a meeting say, fixed as JSON when it closes, and the addenda made after it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from bot.core.owed import jsonable
from bot.domain.enums import Focus, Level
from bot.domain.wording import AUDIT_VERBS, humanise
from storage import audit
from storage.audit import AuditEvent
from storage.meetings import Meeting

# Changes after a meeting to what it agreed: each is listed in its minutes, never written into them.
ADDENDUM_ACTIONS = frozenset(
    {
        "action.extension_approved",
        "action.due_changed",
        "action.reassigned",
        "action.withdrawn",
        "decision.amended",
    }
)


@dataclass(frozen=True)
class MinutesAction:
    """An action as the minutes show it."""

    description: str
    owner_id: str
    owner_agency: str
    due_on: date
    kind_label: str
    target_label: str


@dataclass(frozen=True)
class MinutesDecision:
    """One context's decision at the meeting (its latest version there)."""

    ref: str
    name: str
    version: int
    level: Level
    focus: tuple[Focus, ...]
    partners: tuple[str, ...]
    partners_note: str
    review_on: date
    decided_by: str
    decided_at: datetime
    goals: tuple[str, ...]
    actions: tuple[MinutesAction, ...]


@dataclass(frozen=True)
class NotReached:
    """An agenda item the panel did not reach."""

    ref: str
    name: str
    section: str


@dataclass(frozen=True)
class Addendum:
    """A change after the meeting to what it agreed: who, when, and what."""

    at: datetime
    by: str
    what: str


@dataclass(frozen=True)
class Minutes:
    """Everything the minutes of one meeting say."""

    meeting: Meeting
    present: tuple[str, ...]
    decided: tuple[MinutesDecision, ...]
    not_reached: tuple[NotReached, ...]
    names: dict[str, str] = field(default_factory=dict)
    chair: str | None = None
    apologies: tuple[str, ...] = ()
    guests: tuple[tuple[str, str], ...] = ()
    addenda: tuple[Addendum, ...] = ()
    action_ids: tuple[int, ...] = ()


def snapshot(minutes: Minutes) -> dict[str, Any]:
    """The minutes as plain JSON, to keep with the meeting when it closes."""
    return {
        "version": 1,
        "present": list(minutes.present),
        "chair": minutes.chair,
        "apologies": list(minutes.apologies),
        "guests": [list(g) for g in minutes.guests],
        "decided": jsonable([asdict(d) for d in minutes.decided]),
        "not_reached": jsonable([asdict(n) for n in minutes.not_reached]),
        "action_ids": list(minutes.action_ids),
    }


def from_snapshot(meeting: Meeting, fixed: dict[str, Any]) -> Minutes:
    """The minutes as they were fixed when the meeting closed."""
    return Minutes(
        meeting,
        tuple(fixed["present"]),
        tuple(_decision(d) for d in fixed["decided"]),
        tuple(NotReached(**n) for n in fixed["not_reached"]),
        chair=fixed.get("chair"),
        apologies=tuple(fixed.get("apologies", [])),
        guests=tuple((str(g[0]), str(g[1])) for g in fixed.get("guests", [])),
        action_ids=tuple(int(i) for i in fixed.get("action_ids", [])),
    )


def _decision(d: dict[str, Any]) -> MinutesDecision:
    return MinutesDecision(
        **{
            **d,
            "level": Level(d["level"]),
            "focus": tuple(Focus(f) for f in d["focus"]),
            "partners": tuple(d["partners"]),
            "review_on": date.fromisoformat(d["review_on"]),
            "decided_at": datetime.fromisoformat(d["decided_at"]),
            "goals": tuple(d["goals"]),
            "actions": tuple(
                MinutesAction(**{**a, "due_on": date.fromisoformat(a["due_on"])}) for a in d["actions"]
            ),
        }
    )


def addenda_of(session: Session, minutes: Minutes) -> tuple[Addendum, ...]:
    """Changes since the meeting closed to the decisions and actions it agreed, oldest first (one query)."""
    closed_at = minutes.meeting.closed_at
    refs = [d.ref for d in minutes.decided]
    if closed_at is None or not (refs or minutes.action_ids):
        return ()
    events = session.exec(
        select(AuditEvent)
        .where(
            col(AuditEvent.at) > closed_at,
            col(AuditEvent.action).in_(ADDENDUM_ACTIONS),
            or_(
                (col(AuditEvent.record_type) == "action")
                & col(AuditEvent.record_id).in_([str(i) for i in minutes.action_ids]),
                (col(AuditEvent.record_type) == "decision") & col(AuditEvent.ref).in_(refs),
            ),
        )
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    )
    ids = {str(i) for i in minutes.action_ids}
    # The change being made now is audited when its transaction commits: it counts already.
    now = [
        e
        for e in audit.pending(session=session)
        if e.at > closed_at
        and e.action in ADDENDUM_ACTIONS
        and (
            (e.record_type == "action" and e.record_id in ids)
            or (e.record_type == "decision" and e.ref in refs)
        )
    ]
    return tuple(Addendum(e.at, e.actor, _what(e)) for e in [*events, *now])


def _what(event: AuditEvent) -> str:
    verb = AUDIT_VERBS.get(event.action, humanise(event.action))
    said = f"{verb} {event.ref or ''}".strip()
    detail = event.detail or {}
    if "from" in detail and "proposed" in detail:
        said += f": due {_day(detail['from'])}, now {_day(detail['proposed'])}"
    elif event.action == "decision.amended" and "version" in detail:
        said += f" (version {detail['version']})"
    return said


def _day(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%a %d %b %Y")
    except ValueError:
        return "?"
