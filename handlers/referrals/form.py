"""The `/efh-refer` form: the modal (within Slack's limits) and the validation of what was submitted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.core.errors import InvalidInput
from bot.domain import catalogue
from bot.domain.enums import ContextKind, HarmType, Level, SharingBasis, Urgency
from handlers import blocks
from handlers.referrals.ids import Callback, FormField

NAME_MAX = 200  # Referral.context_name / Context.name
AREA_MAX = 200  # Referral.area / Context.area
AGENCY_MAX = 120  # Referral.referrer_agency
TEXT_MAX = blocks.INPUT_MAX  # description, concerns, sharing reason (Text columns)
YOUNG_PEOPLE_MAX = 50
REFERENCE_MAX = 20

INDICATOR_FIELDS: dict[Level, FormField] = {
    Level.UNIVERSAL_PLUS: FormField.INDICATORS_UP,
    Level.COMPLEX: FormField.INDICATORS_COMPLEX,
    Level.UNIVERSAL: FormField.INDICATORS_PROTECTIVE,
}
"""One multi-select per framework level, concerns first."""

_INDICATOR_LABELS: dict[Level, str] = {
    Level.UNIVERSAL_PLUS: "Concerns: Universal Plus / Universal Partnership Plus",
    Level.COMPLEX: "Concerns: Complex / High Risk",
    Level.UNIVERSAL: "Protective signs (Universal)",
}

_REFERENCE = re.compile(r"^[A-Z]{0,4}-?[0-9]{4,16}$")
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


def referral_modal(*, name: str = "") -> dict[str, Any]:
    """The referral form, with the context's name filled in when the command gave one."""
    kinds = [blocks.option(k.label, k.value) for k in ContextKind]
    harms = [blocks.option(h.label, h.value) for h in HarmType]
    urgencies = [blocks.option(u.label, u.value) for u in Urgency]
    bases = [blocks.option(b.label, b.value) for b in SharingBasis]
    body: list[blocks.Block] = [
        blocks.section(
            "Refer a *place, group, school or online space* where young people may be unsafe. "
            "Refer young people only by their *case-system reference* (e.g. `YP-100234`): "
            "never a name or date of birth, in any field."
        ),
        blocks.input_block(FormField.KIND, "Kind of context", blocks.static_select(FormField.KIND, kinds)),
        blocks.input_block(
            FormField.NAME,
            "Name of the context",
            blocks.text_input(
                FormField.NAME,
                initial=name.strip() or None,
                max_length=NAME_MAX,
                placeholder="e.g. Stairwell, block C, Fields Estate",
            ),
        ),
        blocks.input_block(
            FormField.AREA,
            "Where it is",
            blocks.text_input(FormField.AREA, max_length=AREA_MAX),
            hint="Area, street or postcode; for an online space, the platform.",
        ),
        blocks.input_block(
            FormField.DESCRIPTION,
            "What is happening",
            blocks.text_input(FormField.DESCRIPTION, multiline=True, max_length=TEXT_MAX),
        ),
        blocks.input_block(
            FormField.CONCERNS,
            "Your concerns",
            blocks.text_input(FormField.CONCERNS, multiline=True, max_length=TEXT_MAX),
            hint="What worries you about this context and the young people who spend time there.",
        ),
        blocks.section(
            "*Indicators observed* (Context Wellbeing Framework). Pick every one you have seen, in any of "
            "the three lists; at least one. The bot suggests a level from them; the panel decides."
        ),
    ]
    groups = catalogue.option_groups()
    for level, field in INDICATOR_FIELDS.items():
        level_groups = [
            (label, [blocks.option(i.label, i.id) for i in members])
            for label, members in groups
            if members and members[0].level is level
        ]
        body.append(
            blocks.input_block(
                field,
                _INDICATOR_LABELS[level],
                blocks.multi_select(field, groups=level_groups, placeholder="Choose indicators…"),
                optional=True,
            )
        )
    body += [
        blocks.input_block(
            FormField.HARM_TYPES, "Types of harm", blocks.multi_select(FormField.HARM_TYPES, options=harms)
        ),
        blocks.input_block(
            FormField.YOUNG_PEOPLE,
            "Young people linked (case-system references only)",
            blocks.text_input(
                FormField.YOUNG_PEOPLE, max_length=1000, placeholder="e.g. YP-100234, CS123456"
            ),
            optional=True,
            hint="References only, separated by commas or spaces. Never a name or a date of birth.",
        ),
        blocks.input_block(
            FormField.AGENCY,
            "Your agency",
            blocks.text_input(
                FormField.AGENCY, max_length=AGENCY_MAX, placeholder="e.g. Education, Police, Housing"
            ),
        ),
        blocks.input_block(FormField.URGENCY, "Urgency", blocks.radio(FormField.URGENCY, urgencies)),
        blocks.input_block(
            FormField.SHARING_BASIS,
            "Basis for sharing this information",
            blocks.radio(FormField.SHARING_BASIS, bases),
        ),
        blocks.input_block(
            FormField.SHARING_REASON,
            "Why sharing is necessary",
            blocks.text_input(FormField.SHARING_REASON, multiline=True, max_length=TEXT_MAX),
            optional=True,
            hint="Required when sharing without consent: a short reason why it is necessary and "
            "proportionate.",
        ),
    ]
    return blocks.modal(Callback.REFER, "Refer a context", body, submit="Send referral")


def parse_young_people(raw: str | None) -> tuple[str, ...]:
    """Case-system references from free text; InvalidInput when it looks like a name or date of birth."""
    text = (raw or "").strip()
    if not text:
        return ()
    problem = _young_people_problem(text)
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


def _young_people_problem(text: str) -> str | None:
    if _DATE_LIKE.search(text):
        return (
            "This looks like a date of birth. Give only case-system references such as YP-100234: "
            "never a date of birth or a name."
        )
    tokens = [t for t in _SEPARATORS.split(text) if t]
    if any(_WORDISH.match(t) for t in tokens):
        return (
            "This looks like a name. Give only case-system references such as YP-100234 or CS123456: "
            "never a young person's name."
        )
    for token in tokens:
        if len(token) > REFERENCE_MAX or not _REFERENCE.match(token.upper()):
            shown = token[:REFERENCE_MAX]
            return (
                f"“{shown}” is not a case-system reference. Use letters and digits with an optional "
                "prefix, such as YP-100234 or CS123456, separated by commas or spaces."
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


def _indicators(values: dict[str, Any], errors: dict[str, str]) -> tuple[str, ...]:
    chosen: list[str] = []
    for level, field in INDICATOR_FIELDS.items():
        for raw in values.get(field) or []:
            indicator = catalogue.get(str(raw))
            if indicator is None or indicator.level is not level:
                errors[field] = "One of these is not an indicator of this level; please pick again."
            elif indicator.id not in chosen:
                chosen.append(indicator.id)
    if not chosen and not any(field in errors for field in INDICATOR_FIELDS.values()):
        errors[FormField.INDICATORS_UP] = (
            "Pick at least one indicator you have seen, in any of the three lists "
            "(concerns or protective signs)."
        )
    order = {indicator.id: n for n, indicator in enumerate(catalogue.all_indicators())}
    return tuple(sorted(chosen, key=order.__getitem__))


def parse_referral(values: dict[str, Any]) -> ReferralForm:
    """Validate a submitted form (block_id -> value); InvalidInput names every field at fault."""
    errors: dict[str, str] = {}
    kind = _enum(values, FormField.KIND, ContextKind, "the kind of context", errors)
    name = _text(values, FormField.NAME, "the context's name", NAME_MAX, errors)
    area = _text(values, FormField.AREA, "where it is", AREA_MAX, errors)
    description = _text(values, FormField.DESCRIPTION, "what is happening", TEXT_MAX, errors)
    concerns = _text(values, FormField.CONCERNS, "your concerns", TEXT_MAX, errors)
    indicator_ids = _indicators(values, errors)
    harms: list[HarmType] = []
    for raw in values.get(FormField.HARM_TYPES) or []:
        try:
            harms.append(HarmType(raw))
        except ValueError:
            errors[FormField.HARM_TYPES] = "Please choose from the list."
    if not harms and FormField.HARM_TYPES not in errors:
        errors[FormField.HARM_TYPES] = "Please choose at least one type of harm (or Other)."
    young_people: tuple[str, ...] = ()
    try:
        young_people = parse_young_people(values.get(FormField.YOUNG_PEOPLE))
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
        harm_types=tuple(dict.fromkeys(harms)),
        young_people=young_people,
        agency=agency,
        urgency=urgency,
        sharing_basis=basis,
        sharing_reason=reason,
    )
