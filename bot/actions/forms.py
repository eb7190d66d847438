"""What people type into the action modals, validated; field errors keyed by the modals' block IDs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.core.errors import InvalidInput
from bot.core.freetext import personal_data_errors, refuse_personal_data
from bot.domain.agencies import OTHER, Agencies
from bot.domain.enums import WithdrawnBecause

NOTE_MAX = 2000
NOTE = "note"
UPDATE = "update"
NEW_DUE = "new_due"
REASON = "reason"


@dataclass(frozen=True)
class DoneForm:
    """What was delivered, for the panel's record."""

    note: str


@dataclass(frozen=True)
class UpdateForm:
    """An owner's progress update."""

    text: str


@dataclass(frozen=True)
class ExtensionForm:
    """A request for more time: the proposed due date and why."""

    proposed: date
    reason: str


def _note(value: Any, field: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise InvalidInput("Please write a short note.", {field: "Please write a short note."})
    return text[:NOTE_MAX]


def done_form(values: Mapping[str, Any], *, today: date) -> DoneForm:
    """The 'Mark done' form, validated."""
    refuse_personal_data(values, (NOTE,), today=today)
    return DoneForm(note=_note(values.get(NOTE), NOTE))


def update_form(values: Mapping[str, Any], *, today: date) -> UpdateForm:
    """The 'Post update' form, validated."""
    refuse_personal_data(values, (UPDATE,), today=today)
    return UpdateForm(text=_note(values.get(UPDATE), UPDATE))


def extension_form(values: Mapping[str, Any], *, due_on: date, today: date) -> ExtensionForm:
    """The 'Ask for more time' form, validated: a date after the due date (and today), and a reason."""
    errors = personal_data_errors(values, (REASON,), today=today)
    proposed: date | None = None
    try:
        proposed = date.fromisoformat(str(values.get(NEW_DUE) or ""))
    except ValueError:
        errors[NEW_DUE] = "Please pick a date."
    if proposed is not None and proposed <= max(due_on, today):
        errors[NEW_DUE] = f"Please pick a date after {max(due_on, today):%a %d %b %Y}."
    reason = str(values.get(REASON) or "").strip()
    if not reason:
        errors[REASON] = "Please say why more time is needed."
    if errors or proposed is None:
        raise InvalidInput("Please correct the form.", errors)
    return ExtensionForm(proposed=proposed, reason=reason[:NOTE_MAX])


NEW_OWNER = "new_owner"
AGENCY = "agency"
AGENCY_OTHER = "agency_other"
WHY = "why"
BECAUSE = "withdrawn_because"


@dataclass(frozen=True)
class ReassignForm:
    """Who takes the action on, and their agency (stored as the listed name it means)."""

    new_owner: str
    agency: str


@dataclass(frozen=True)
class ReasonForm:
    """Why: an owner's "not mine", or a coordinator's withdrawal."""

    reason: str


@dataclass(frozen=True)
class WithdrawForm:
    """A coordinator's withdrawal: why, and whether circumstances changed or the agency did not deliver."""

    reason: str
    because: WithdrawnBecause


def reassign_form(values: Mapping[str, Any], *, agencies: Agencies) -> ReassignForm:
    """The 'Reassign' form, validated: a person, and an agency from the list (or named, if Other)."""
    errors: dict[str, str] = {}
    owner = str(values.get(NEW_OWNER) or "").strip()
    chosen = str(values.get(AGENCY) or "").strip()
    other = str(values.get(AGENCY_OTHER) or "").strip()
    if not owner:
        errors[NEW_OWNER] = "Choose who takes the action on."
    if not chosen and not other:
        errors[AGENCY] = "Choose their agency."
    elif chosen == OTHER and not other:
        errors[AGENCY_OTHER] = "Name the agency (you chose Other)."
    if errors:
        raise InvalidInput("Please correct the form.", errors)
    return ReassignForm(
        new_owner=owner, agency=agencies.canonical(other if chosen in ("", OTHER) else chosen)
    )


def reason_form(values: Mapping[str, Any], *, today: date) -> ReasonForm:
    """A form asking why, validated."""
    refuse_personal_data(values, (WHY,), today=today)
    return ReasonForm(reason=_note(values.get(WHY), WHY))


def withdraw_form(values: Mapping[str, Any], *, today: date) -> WithdrawForm:
    """The 'Withdraw' form, validated: a choice of why it is closed, and the reason."""
    chosen = str(values.get(BECAUSE) or "")
    errors: dict[str, str] = {}
    if chosen not in {b.value for b in WithdrawnBecause}:
        errors[BECAUSE] = "Choose whether circumstances changed or the agency did not deliver it."
    try:
        reason = reason_form(values, today=today).reason
    except InvalidInput as e:
        errors.update(e.field_errors)
    if errors:
        raise InvalidInput("Please correct the form.", errors)
    return WithdrawForm(reason=reason, because=WithdrawnBecause(chosen))
