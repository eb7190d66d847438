"""What no form field may hold, whatever the form: control characters, and dates outside any plausible range.

Slack lets a person (or a forged client) put a NUL character in a text input or a date from year 1 in a
date picker; the database refuses the one and date arithmetic overflows on the other. Both are refused
next to the field, before any form's own rules run.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.core.errors import InvalidInput
from bot.domain.calendar import EARLIEST_DAY, LATEST_DAY

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EARLIEST = EARLIEST_DAY
LATEST = LATEST_DAY

CONTROL_PROBLEM = (
    "This has an invisible control character in it (often from a pasted document); please retype it."
)
DATE_PROBLEM = f"Please pick a date between {EARLIEST.year} and {LATEST.year}."


def check_values(values: dict[str, Any], dates: set[str]) -> None:
    """Raise InvalidInput naming every field with a control character or an implausible date."""
    errors: dict[str, str] = {}
    for block_id, value in values.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and _CONTROL.search(t) for t in texts):
            errors[block_id] = CONTROL_PROBLEM
        elif block_id in dates and value is not None and not _plausible(str(value)):
            errors[block_id] = DATE_PROBLEM
    if errors:
        raise InvalidInput("Some fields need attention.", errors)


def check_text(text: str) -> None:
    """Refuse what a slash command carries when it holds a control character (a NUL the database refuses)."""
    if _CONTROL.search(text):
        raise InvalidInput(CONTROL_PROBLEM)


def _plausible(raw: str) -> bool:
    try:
        return EARLIEST <= date.fromisoformat(raw) <= LATEST
    except ValueError:
        return False
