"""One check every form and slash command runs on what people type: no date of birth, full name or address.

Each stage's `forms.py` calls `personal_data_errors` (or `refuse_personal_data`) with the IDs of its
free-text fields; the refusal sits under the field, says what it found and how to write it instead, and
nothing is stored. The finding itself is made by `bot.domain.personal_data`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from bot.core.errors import InvalidInput
from bot.domain.personal_data import Finding, Kind, find_personal_data

__all__ = ["personal_data_errors", "personal_data_problem", "refuse_personal_data"]

SHOWN_MAX = 40

_INSTEAD = {
    Kind.DATE_OF_BIRTH: (
        "Please leave dates of birth out: use the young person's case reference, e.g. YP-100234, "
        "and an age if it matters (\u201caged 14\u201d)."
    ),
    Kind.FULL_NAME: (
        "Please leave names out: use the young person's case reference, e.g. YP-100234, and describe "
        "adults by their role (\u201can adult male in his 20s\u201d, \u201cthe shop's manager\u201d)."
    ),
    Kind.ADDRESS: (
        "Please leave home addresses out: name the street or the place without a house or flat number "
        "(\u201ca flat on Acacia Avenue\u201d, \u201cthe Fields Estate\u201d)."
    ),
}


def personal_data_problem(text: str, *, today: date) -> str | None:
    """The field error for text holding a date of birth, a full name or a home address, else None."""
    finding = find_personal_data(text, today=today)
    return None if finding is None else _message(finding)


def personal_data_errors(values: Mapping[str, Any], fields: Iterable[str], *, today: date) -> dict[str, str]:
    """A field error for each of `fields` whose text holds personal data (field ID -> message)."""
    errors: dict[str, str] = {}
    for field in fields:
        value = values.get(field)
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            problem = personal_data_problem(str(text), today=today) if isinstance(text, str) else None
            if problem:
                errors[field] = problem
                break
    return errors


def refuse_personal_data(values: Mapping[str, Any], fields: Iterable[str], *, today: date) -> None:
    """Raise InvalidInput naming every field of `fields` whose text holds personal data."""
    errors = personal_data_errors(values, fields, today=today)
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors)


def _message(finding: Finding) -> str:
    shown = finding.text if len(finding.text) <= SHOWN_MAX else finding.text[: SHOWN_MAX - 1] + "\u2026"
    return f"This looks like a {finding.kind} (\u201c{shown}\u201d). {_INSTEAD[finding.kind]}"
