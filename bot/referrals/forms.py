"""What people type into the referral and screening forms, validated from plain field values.

The chat adapter reads its form's state into a dict (field ID -> value) and hands it here; errors name
the same field IDs, so the adapter can show each next to its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from bot.core.errors import InvalidInput
from bot.core.freetext import personal_data_errors, personal_data_problem
from bot.core.settings import DEFAULT_CASE_REF_PATTERN
from bot.domain.enums import ContextKind, HarmType, Level, SharingBasis, Urgency
from bot.domain.framework import Framework

NAME_MAX = 200  # Referral.context_name / Context.name
AREA_MAX = 200  # Referral.area / Context.area
AGENCY_MAX = 120  # Referral.referrer_agency
TEXT_MAX = 3000  # description, concerns, reasons, questions, answers: the longest text a chat input takes
SIGNPOST_MAX = 300  # Referral.signposted_to
YOUNG_PEOPLE_MAX = 50
REFERENCE_MAX = 20

NEW_CONTEXT = "new"
"""The accept form's choice that opens a new context rather than joining an existing one."""

EXISTING_PREFIX = "context:"
"""Prefix of the accept form's choices that join an existing open context (followed by its ID)."""


class FormField(StrEnum):
    """ID of each field of the referral form."""

    KIND = "kind"
    NAME = "name"
    AREA = "area"
    DESCRIPTION = "description"
    CONCERNS = "concerns"
    INDICATORS_UP = "indicators_universal_plus"
    INDICATORS_COMPLEX = "indicators_complex"
    INDICATORS_PROTECTIVE = "indicators_protective"
    HARM_TYPES = "harm_types"
    YOUNG_PEOPLE = "young_people"
    AGENCY = "agency"
    URGENCY = "urgency"
    SHARING_BASIS = "sharing_basis"
    SHARING_REASON = "sharing_reason"


class ScreenField(StrEnum):
    """ID of each field of the screening forms."""

    TARGET = "accept_target"
    DECLINE_REASON = "decline_reason"
    SIGNPOSTED_TO = "signposted_to"
    QUESTION = "question"
    ANSWER = "answer"


INDICATOR_FIELDS: dict[Level, FormField] = {
    Level.UNIVERSAL_PLUS: FormField.INDICATORS_UP,
    Level.COMPLEX: FormField.INDICATORS_COMPLEX,
    Level.UNIVERSAL: FormField.INDICATORS_PROTECTIVE,
}
"""One multi-select per framework level, concerns first."""

FREE_TEXT = (
    FormField.NAME,
    FormField.AREA,
    FormField.DESCRIPTION,
    FormField.CONCERNS,
    FormField.AGENCY,
    FormField.SHARING_REASON,
    ScreenField.DECLINE_REASON,
    ScreenField.SIGNPOSTED_TO,
    ScreenField.QUESTION,
    ScreenField.ANSWER,
)
"""The fields checked for a date of birth, a full name or a home address (bot.core.freetext)."""

_DATE_LIKE = re.compile(
    r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\bd\.?o\.?b\b|\bborn\b"
    r"|\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s,;]+")
_WORDISH = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*$")


@dataclass(frozen=True)
class ReferralForm:
    """A referral form that passed validation."""

    kind: ContextKind
    name: str
    area: str
    description: str
    concerns: str
    indicator_ids: tuple[str, ...]
    harm_types: tuple[HarmType, ...]
    young_people: tuple[str, ...]
    agency: str
    urgency: Urgency
    sharing_basis: SharingBasis
    sharing_reason: str


@dataclass(frozen=True)
class AcceptForm:
    """How a coordinator accepts: the open context to join, or None for a new context."""

    join_context_id: int | None


@dataclass(frozen=True)
class DeclineForm:
    """Why a coordinator declines, and where the concern was signposted."""

    reason: str
    signposted_to: str


@dataclass(frozen=True)
class TextForm:
    """A form of one required text: a coordinator's question, or the referrer's answer."""

    text: str


def parse_referral(
    values: dict[str, Any],
    *,
    framework: Framework,
    today: date,
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN,
) -> ReferralForm:
    """Validate a submitted referral form (field ID -> value); InvalidInput names every field at fault."""
    errors = personal_data_errors(values, FREE_TEXT, today=today)
    kind = _enum(values, FormField.KIND, ContextKind, "the kind of context", errors)
    name = _text(values, FormField.NAME, "the context's name", NAME_MAX, errors)
    area = _text(values, FormField.AREA, "where it is", AREA_MAX, errors)
    description = _text(values, FormField.DESCRIPTION, "what is happening", TEXT_MAX, errors)
    concerns = _text(values, FormField.CONCERNS, "your concerns", TEXT_MAX, errors)
    indicator_ids = _indicators(values, errors, framework)
    harms = _harms(values, errors)
    young_people: tuple[str, ...] = ()
    try:
        young_people = parse_young_people(
            values.get(FormField.YOUNG_PEOPLE), today=today, case_ref_pattern=case_ref_pattern
        )
    except InvalidInput as exc:
        errors.update(exc.field_errors)
    agency = _text(values, FormField.AGENCY, "your agency", AGENCY_MAX, errors)
    urgency = _enum(values, FormField.URGENCY, Urgency, "red, amber or green", errors)
    basis = _enum(values, FormField.SHARING_BASIS, SharingBasis, "the basis for sharing", errors)
    reason = _text(values, FormField.SHARING_REASON, "a reason", TEXT_MAX, errors, required=False)
    if basis is SharingBasis.SAFEGUARDING and not reason and FormField.SHARING_REASON not in errors:
        errors[FormField.SHARING_REASON] = (
            "Sharing without consent needs a short reason: why it is necessary and proportionate "
            "(DPA 2018 Sch. 1 para 18)."
        )
    if errors:
        raise InvalidInput("Some fields need attention.", errors)
    return ReferralForm(
        kind=kind,
        name=name,
        area=area,
        description=description,
        concerns=concerns,
        indicator_ids=indicator_ids,
        harm_types=harms,
        young_people=young_people,
        agency=agency,
        urgency=urgency,
        sharing_basis=basis,
        sharing_reason=reason,
    )


def parse_young_people(
    raw: str | None, *, today: date, case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN
) -> tuple[str, ...]:
    """Case-system references (EFRP_CASE_REF_PATTERN) from free text; InvalidInput for anything else."""
    text = (raw or "").strip()
    if not text:
        return ()
    problem = _young_people_problem(text, today, _reference(case_ref_pattern))
    if problem:
        raise InvalidInput(problem, {FormField.YOUNG_PEOPLE: problem})
    refs: list[str] = []
    for token in _SEPARATORS.split(text.upper()):
        if token and token not in refs:
            refs.append(token)
    if len(refs) > YOUNG_PEOPLE_MAX:
        message = f"At most {YOUNG_PEOPLE_MAX} references; the panel can add more later."
        raise InvalidInput(message, {FormField.YOUNG_PEOPLE: message})
    return tuple(refs)


def parse_accept(values: dict[str, Any]) -> AcceptForm:
    """The context to join (its ID), or None to open a new context."""
    raw = str(values.get(ScreenField.TARGET) or NEW_CONTEXT)
    if raw == NEW_CONTEXT:
        return AcceptForm(join_context_id=None)
    if raw.startswith(EXISTING_PREFIX) and raw[len(EXISTING_PREFIX) :].isdigit():
        return AcceptForm(join_context_id=int(raw[len(EXISTING_PREFIX) :]))
    raise InvalidInput("Please choose again.", {ScreenField.TARGET: "Please choose again."})


def parse_decline(values: dict[str, Any], *, today: date) -> DeclineForm:
    """A reason and where the concern was signposted, both required; InvalidInput names each missing."""
    errors = personal_data_errors(values, FREE_TEXT, today=today)
    reason = _required(values, ScreenField.DECLINE_REASON, TEXT_MAX, "a reason", errors)
    signposted = _required(
        values, ScreenField.SIGNPOSTED_TO, SIGNPOST_MAX, "where the concern was signposted", errors
    )
    if errors:
        raise InvalidInput("Some fields need attention.", errors)
    return DeclineForm(reason=reason, signposted_to=signposted)


def parse_question(values: dict[str, Any], *, today: date) -> TextForm:
    """A coordinator's question to the referrer."""
    return _one_text(values, ScreenField.QUESTION, "your question", today)


def parse_answer(values: dict[str, Any], *, today: date) -> TextForm:
    """The referrer's answer to a coordinator's question."""
    return _one_text(values, ScreenField.ANSWER, "your answer", today)


def _one_text(values: dict[str, Any], field: ScreenField, label: str, today: date) -> TextForm:
    errors = personal_data_errors(values, (field,), today=today)
    text = _required(values, field, TEXT_MAX, label, errors)
    if errors:
        raise InvalidInput(errors[field], errors)
    return TextForm(text=text)


def _required(
    values: dict[str, Any], field: ScreenField, limit: int, label: str, errors: dict[str, str]
) -> str:
    value = str(values.get(field) or "").strip()
    if not value:
        errors[field] = f"Please give {label}."
    elif len(value) > limit:
        errors[field] = f"Please keep this to {limit} characters (it has {len(value)})."
    return value


@cache
def _reference(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _young_people_problem(text: str, today: date, reference: re.Pattern[str]) -> str | None:
    tokens = [t for t in _SEPARATORS.split(text) if t]
    if _DATE_LIKE.search(text) or any(personal_data_problem(t, today=today) for t in tokens):
        return (
            "This looks like a date of birth. Give only case-system references such as YP-100234: "
            "never a date of birth or a name."
        )
    if any(_WORDISH.match(t) for t in tokens):
        return (
            "This looks like a name. Give only case-system references such as YP-100234 or CS123456: "
            "never a young person's name."
        )
    for token in tokens:
        if len(token) > REFERENCE_MAX or not reference.fullmatch(token):
            shown = token[:REFERENCE_MAX]
            return (
                f"“{shown}” is not a case-system reference in the council's format (such as "
                "YP-100234 or CS123456). Give only references, separated by commas or spaces: never a "
                "name or a date of birth."
            )
    return None


def _text(
    values: dict[str, Any],
    field: FormField,
    label: str,
    limit: int,
    errors: dict[str, str],
    *,
    required: bool = True,
) -> str:
    value = str(values.get(field) or "").strip()
    if required and not value:
        errors[field] = f"Please give {label}."
    elif len(value) > limit:
        errors[field] = f"Please keep this to {limit} characters (it has {len(value)})."
    return value


def _enum(values: dict[str, Any], field: FormField, kind: Any, label: str, errors: dict[str, str]) -> Any:
    try:
        return kind(values.get(field))
    except ValueError:
        errors[field] = f"Please choose {label}."
        return None


def _harms(values: dict[str, Any], errors: dict[str, str]) -> tuple[HarmType, ...]:
    harms: list[HarmType] = []
    for raw in values.get(FormField.HARM_TYPES) or []:
        try:
            harms.append(HarmType(raw))
        except ValueError:
            errors[FormField.HARM_TYPES] = "Please choose from the list."
    if not harms and FormField.HARM_TYPES not in errors:
        errors[FormField.HARM_TYPES] = "Please choose at least one type of harm (or Other)."
    return tuple(dict.fromkeys(harms))


def _indicators(values: dict[str, Any], errors: dict[str, str], framework: Framework) -> tuple[str, ...]:
    chosen: list[str] = []
    for level, field in INDICATOR_FIELDS.items():
        for raw in values.get(field) or []:
            indicator = framework.get(str(raw))
            if indicator is None or indicator.level is not level:
                errors[field] = "One of these is not an indicator of this level; please pick again."
            elif indicator.id not in chosen:
                chosen.append(indicator.id)
    if not chosen and not any(field in errors for field in INDICATOR_FIELDS.values()):
        errors[FormField.INDICATORS_UP] = (
            "Pick at least one indicator you have seen, in any of the three lists "
            "(concerns or protective signs)."
        )
    order = {indicator.id: n for n, indicator in enumerate(framework.all_indicators())}
    return tuple(sorted(chosen, key=order.__getitem__))
