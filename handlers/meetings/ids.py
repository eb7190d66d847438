"""Every Slack identifier of panel meetings and decisions: callbacks, buttons, fields, metadata."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.meetings.forms import MAX_ACTION_ROWS, Field, row_field

__all__ = [
    "MAX_ACTION_ROWS",
    "AssignedButton",
    "AttendanceMeta",
    "Button",
    "Callback",
    "DecisionButton",
    "DecisionMeta",
    "Field",
    "MeetingButton",
    "row_field",
]


class Callback(StrEnum):
    """callback_id of each modal."""

    DECISION = "efrp_decision_record"
    ATTENDANCE = "efrp_meeting_attendance"


class Button(StrEnum):
    """action_id of each button (their value carries record IDs only, never user text)."""

    RECORD_DECISION = "efrp_decision_record"
    AMEND_DECISION = "efrp_decision_amend"
    PRESENT = "efrp_meeting_present"
    CLOSE_MEETING = "efrp_meeting_close"
    ATTENDANCE = "efrp_meeting_attendance"
    ACCEPT_ACTION = "efrp_assigned_accept"
    NOT_MINE = "efrp_assigned_not_mine"
    ADD_ACTION = "efrp_decision_add_action"
    SCALE_GOALS = "efrp_decision_scale_goals"


@dataclass(frozen=True)
class DecisionMeta:
    """What the decision modal was opened for: the context, its meeting, the decision it amends; its rows."""

    context_id: int
    meeting_id: int | None = None
    decision_id: int | None = None
    rows: int = 1


@dataclass(frozen=True)
class DecisionButton:
    """The value of a Record / Amend decision button."""

    context_id: int
    meeting_id: int | None = None


@dataclass(frozen=True)
class MeetingButton:
    """The value of an I'm here / Close meeting button."""

    meeting_id: int


@dataclass(frozen=True)
class AttendanceMeta:
    """What the attendance modal was opened for: the meeting, and the newest audit event it had seen."""

    meeting_id: int
    seen_event: int | None = None


@dataclass(frozen=True)
class AssignedButton:
    """The value of an Accept / Not mine button on an action assigned to someone."""

    action_id: int
