"""Every Slack identifier of panel meetings and decisions, in one place: callbacks, buttons, fields."""

from __future__ import annotations

from enum import StrEnum


class Callback(StrEnum):
    """callback_id of each modal."""

    DECISION = "efrp_decision_record"


class Button(StrEnum):
    """action_id of each button (their value carries record IDs only, never user text)."""

    RECORD_DECISION = "efrp_decision_record"
    AMEND_DECISION = "efrp_decision_amend"
    PRESENT = "efrp_meeting_present"
    CLOSE_MEETING = "efrp_meeting_close"
    ACCEPT_ACTION = "efrp_assigned_accept"
    NOT_MINE = "efrp_assigned_not_mine"


class Field(StrEnum):
    """block_id of each input of the decision modal (action rows add `_{n}`)."""

    LEVEL = "decision_level"
    FOCUS = "decision_focus"
    GOALS = "decision_goals"
    PARTNERS = "decision_partners"
    PARTNERS_NOTE = "decision_partners_note"
    REVIEW_ON = "decision_review_on"
    WHAT = "action_what"
    OWNER = "action_owner"
    AGENCY = "action_agency"
    DUE = "action_due"
    KIND = "action_kind"
    TARGET = "action_target"


ACTION_ROWS = 3
"""How many action rows the decision modal offers (empty rows are ignored)."""


def row_field(name: Field, row: int) -> str:
    """The block_id of one field of one action row."""
    return f"{name}_{row}"


def ids_value(**ids: int | None) -> str:
    """A button value carrying record IDs only, e.g. 'm=3;c=12'."""
    return ";".join(f"{k}={v}" for k, v in ids.items() if v is not None)


def parse_ids(value: str | None) -> dict[str, int]:
    """The record IDs carried by a button value; malformed parts are ignored."""
    out: dict[str, int] = {}
    for part in (value or "").split(";"):
        key, _, raw = part.partition("=")
        if key and raw.isdigit():
            out[key] = int(raw)
    return out
