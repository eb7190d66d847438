"""The agencies the council lists, and the one spelling each is stored under.

`EFRP_AGENCIES` is a comma-separated list; an entry may name other spellings after `|` (for example
`Police|Met Police|Metropolitan Police`), which are stored as the first. Matching ignores case and
spacing. Anything else a person types (the form's "Other") is kept as typed, tidied of spaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

DEFAULT_AGENCIES = (
    "Children's social care|Social care|CSC, Police|Met Police|Metropolitan Police, Education|School, "
    "Health|NHS, Youth service, Youth justice|Youth offending service|YOS, Community safety, Housing, "
    "Transport, Parks and leisure, Voluntary sector"
)
OTHER = "other"
"""The form's value for an agency not on the list (no listed agency may be called this)."""
MAX_AGENCIES = 99  # with "Other", one select's 100 options
NAME_MAX = 75  # a select option's text
AGENCY_MAX = 120  # Action.owner_agency


def tidy(text: str) -> str:
    """The text with runs of spaces made one and the ends trimmed."""
    return " ".join(str(text or "").split())


def fold(text: str) -> str:
    """The form two spellings are compared in: tidied, case folded."""
    return tidy(text).casefold()


@dataclass(frozen=True)
class Agencies:
    """The listed agencies, in the council's order, and every spelling that means each."""

    names: tuple[str, ...]
    _spellings: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def canonical(self, text: str) -> str:
        """The listed name this text means, or the text itself, tidied (an agency not on the list)."""
        tidied = tidy(text)
        return self._spellings.get(fold(tidied), tidied)[:AGENCY_MAX]

    def is_listed(self, text: str) -> bool:
        """Whether this text means a listed agency."""
        return fold(text) in self._spellings


def agencies_of(entries: Iterable[tuple[str, Iterable[str]]]) -> Agencies:
    """Agencies from (name, other spellings) pairs; ValueError naming the first problem."""
    names: list[str] = []
    spellings: dict[str, str] = {}
    for raw_name, others in entries:
        name = tidy(raw_name)
        if not name:
            raise ValueError("an entry has no agency name")
        if len(name) > NAME_MAX:
            raise ValueError(f"agency names are at most {NAME_MAX} characters")
        for spelling in (name, *others):
            key = fold(spelling)
            if not key:
                continue
            if key == OTHER:
                raise ValueError("'Other' is offered by the form itself; leave it out of the list")
            if key in spellings:
                raise ValueError("an agency or spelling is listed twice")
            spellings[key] = name
        names.append(name)
    if not names:
        raise ValueError("list at least one agency")
    if len(names) > MAX_AGENCIES:
        raise ValueError(f"at most {MAX_AGENCIES} agencies")
    return Agencies(tuple(names), spellings)


def parse_agencies(spec: str) -> Agencies:
    """Parse 'Police|Met Police, Education, Health' (names, with other spellings after '|')."""
    entries = []
    for item in spec.split(","):
        if not item.strip():
            continue
        name, *others = item.split("|")
        entries.append((name, others))
    return agencies_of(entries)


def default_agencies() -> Agencies:
    """The shipped list (`DEFAULT_AGENCIES`)."""
    return parse_agencies(DEFAULT_AGENCIES)
