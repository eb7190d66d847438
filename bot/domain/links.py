"""Links between contexts: shared case references, and places or groups referred again (pure, stdlib)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

SMALL_COUNT = 3
"""Ties with fewer shared references than this are suppressed in anything that leaves the panel channel."""

_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b")
_PUNCT = re.compile(r"[^\w\s]|_")
_STOPWORDS = frozenset({"the", "a", "an", "of", "and", "at", "on", "in", "near", "by"})


@dataclass(frozen=True)
class Node:
    """A context in the network."""

    ref: str
    name: str
    kind: str
    level: str
    state: str


@dataclass(frozen=True)
class Tie:
    """Two contexts tied by the case references they share (a and b in reference order)."""

    a: str
    b: str
    refs: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many case references the two contexts share."""
        return len(self.refs)


@dataclass(frozen=True)
class Place:
    """A context or referral as a place or group: what it is called and where."""

    ref: str
    kind: str
    name: str
    area: str
    state: str = "open"
    closed_at: datetime | None = None
    outcome: str | None = None


def case_ref(value: str) -> str:
    """A case reference as compared: upper case, no spaces."""
    return "".join(value.split()).upper()


def postcode(text: str) -> str:
    """The first UK postcode in the text, upper case without its space ('' if none)."""
    m = _POSTCODE.search(text.upper())
    return f"{m.group(1)}{m.group(2)}" if m else ""


def place_key(name: str) -> str:
    """A name as compared: case, accents, punctuation, 'the'/'of' and spacing ignored; postcodes dropped."""
    text = _POSTCODE.sub(" ", unicodedata.normalize("NFKD", name).upper())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = _PUNCT.sub(" ", text.casefold()).split()
    return " ".join(w for w in words if w not in _STOPWORDS)


def same_place(a: Place, b: Place) -> bool:
    """Whether two referrals name the same place or group: same kind, and same name or same postcode."""
    if a.kind != b.kind:
        return False
    if place_key(a.name) and place_key(a.name) == place_key(b.name):
        return True
    code = postcode(f"{a.name} {a.area}")
    return bool(code) and code == postcode(f"{b.name} {b.area}")


def months_between(earlier: datetime, later: datetime) -> int:
    """Whole calendar months from one moment to a later one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def recurrences(place: Place, others: Iterable[Place], *, now: datetime, months: int) -> list[Place]:
    """Other contexts naming the same place: open ones, and those closed within the last `months` months."""
    found = [
        o
        for o in others
        if o.ref != place.ref
        and same_place(place, o)
        and (o.closed_at is None or months_between(o.closed_at, now) < months)
    ]
    return sorted(found, key=lambda o: o.ref)


def shared_with(
    refs: Iterable[str], memberships: Mapping[str, set[str]], *, besides: str
) -> dict[str, list[str]]:
    """For each case reference, the other contexts it is linked to (sorted), leaving out `besides`."""
    wanted = {case_ref(r) for r in refs if r.strip()}
    out: dict[str, list[str]] = {}
    for ref in sorted(wanted):
        others = sorted(ctx for ctx, members in memberships.items() if ctx != besides and ref in members)
        if others:
            out[ref] = others
    return out


def ties(memberships: Mapping[str, set[str]]) -> list[Tie]:
    """Every pair of contexts that share at least one case reference, most shared first."""
    found = []
    for a, b in combinations(sorted(memberships), 2):
        shared = memberships[a] & memberships[b]
        if shared:
            found.append(Tie(a, b, tuple(sorted(shared))))
    return sorted(found, key=lambda t: (-t.count, t.a, t.b))


def around(ref: str, all_ties: Iterable[Tie]) -> list[Tie]:
    """The ties of one context, and the ties among the contexts it is tied to (its neighbourhood)."""
    all_ties = list(all_ties)
    near = {ref} | {t.b if t.a == ref else t.a for t in all_ties if ref in (t.a, t.b)}
    return [t for t in all_ties if t.a in near and t.b in near]


def suppressed(all_ties: Iterable[Tie], minimum: int = SMALL_COUNT) -> list[Tie]:
    """Only the ties of at least `minimum` shared references (small counts could identify a young person)."""
    return [t for t in all_ties if t.count >= minimum]
