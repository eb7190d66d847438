"""Spotting personal data typed into free text: a date of birth, a person's full name, a home address.

Young people are named only by case reference; a narrative must not carry their date of birth, anyone's
full name or a home address. These are heuristics tuned for few false refusals of ordinary panel text:
place names that start with a first name ("Victoria Park", "St Mary's School") and dates that cannot be a
young person's birth date (a meeting last week, a review next month) pass. Time is passed in (`today`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources

__all__ = ["Finding", "Kind", "find_personal_data", "first_names"]

OLDEST_AGE = 26
"""A full date this many years before today or fewer may be a young person's date of birth."""
YOUNGEST_AGE = 3
"""A full date fewer years back than this is taken for an event (a meeting, an incident), not a birth."""


class Kind(StrEnum):
    """What kind of personal data was found."""

    DATE_OF_BIRTH = "date of birth"
    FULL_NAME = "full name"
    ADDRESS = "home address"


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found: its kind and the text that looks like it."""

    kind: Kind
    text: str


_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}|'?\d{2}"

_NUMERIC = re.compile(r"(?<![\w/.\-])(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\w/]|[.\-]\d)")
_ISO = re.compile(r"(?<![\w/.\-])((?:19|20)\d{2})([/.\-])(\d{1,2})\2(\d{1,2})(?![\w/]|[.\-]\d)")
_COMPACT = re.compile(r"(?<![\w\-/.])(\d{8})(?![\w\-/])")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTH}),?\s+({_YEAR})\b(?!:)", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}){_ORD},?\s+({_YEAR})\b(?!:)", re.IGNORECASE)
_DOB_WORDS = re.compile(r"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date)", re.IGNORECASE)
_BORN = re.compile(
    rf"\b(?:born|birthday)\b(?:\s+(?:on|in|is|was))?(?:\s+the)?\s+"
    rf"(?:\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}|{_MONTH}\s+(?:19|20)\d{{2}}|"
    rf"(?:19|20)\d{{2}}|\d{{1,2}}\s?[/.\-]\s?\d{{1,2}})",
    re.IGNORECASE,
)

_STREET_TYPES = (
    "road|rd|street|st|avenue|ave|av|lane|ln|close|cl|drive|dr|way|crescent|cres|grove|gr|gardens|gdns|"
    "place|pl|terrace|ter|terr|court|ct|walk|row|mews|square|sq|hill|rise|green|parade|park|view|vale|"
    "approach|grn|house|estate|buildings|mansions|wharf"
)
_ADDRESS = re.compile(
    rf"(?<![\w£$.,/\-])(\d{{1,4}}[a-z]?)(?:\s*,)?\s+((?:[A-Z][\w'’\-]*\s+){{1,3}}(?:{_STREET_TYPES}))\b\.?",
    re.IGNORECASE,
)
_FLAT = re.compile(r"\b(?:flat|apartment|apt|unit)\.?\s+\d{1,4}[a-z]?\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*\.?")
_INITIAL = re.compile(r"[A-Z]\.?")
_CAPITALISED = re.compile(r"[A-Z][a-z]+|[A-Z]{2,}")
_SURNAME = re.compile(
    r"(?:(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)(?:['’][sS])?"
)

# Words that follow a first name in a place, group or organisation's name, never a surname.
_NOT_SURNAMES = frozenset(
    """
    road street avenue ave lane close drive way crescent grove gardens place terrace court walk row mews
    square hill rise green garden parade park view vale estate house centre center college school academy
    primary secondary high university nursery church chapel mosque temple gurdwara synagogue hall library
    station
    line bridge market gate cross common fields field end wharf tower towers building buildings mansions
    hospital clinic surgery practice ward club fc united city town village group team project trust
    foundation youth services service unit sports leisure pool gym stadium arena shopping mall retail plaza
    cafe café restaurant kitchen chicken pizza burger shop store stores express metro street's lodge farm
    wood woods common's island quay dock docks canal river lake marsh heath downs manor mount
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december year term police council partnership panel board
    network forum campaign programme initiative bus route holiday holidays period rating alert harbour
    """.split()  # noqa: SIM905 (a word list reads as the list it is)
)
# A capitalised word before a first name that makes it part of a place's or saint's name.
_PLACE_PREFIXES = frozenset({"st", "saint", "queen", "king", "lady", "lord", "prince", "princess", "port"})


@cache
def first_names() -> frozenset[str]:
    """The curated first names (lower case) shipped in `bot/domain/wordlists/first_names.txt`."""
    text = resources.files("bot.domain").joinpath("wordlists/first_names.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def find_personal_data(text: str, *, today: date) -> Finding | None:
    """The first date of birth, full name or home address in `text`, or None when it has none."""
    for finder in (_date_of_birth, _address, _full_name):
        found = finder(text, today)
        if found is not None:
            return found
    return None


def _date_of_birth(text: str, today: date) -> Finding | None:
    for pattern in (_DOB_WORDS, _BORN):
        match = pattern.search(text)
        if match:
            return Finding(Kind.DATE_OF_BIRTH, _around(text, match))
    return _numeric_birth_date(text, today) or _written_birth_date(text, today)


def _numeric_birth_date(text: str, today: date) -> Finding | None:
    for match in _NUMERIC.finditer(text):
        day, month, year = int(match[1]), int(match[3]), _full_year(match[4], today)
        if _birth_like(year, month, day, today) or _birth_like(year, day, month, today):
            return Finding(Kind.DATE_OF_BIRTH, match[0])
    for match in _ISO.finditer(text):
        if _birth_like(int(match[1]), int(match[3]), int(match[4]), today):
            return Finding(Kind.DATE_OF_BIRTH, match[0])
    for match in _COMPACT.finditer(text):
        digits = match[1]
        dmy = (int(digits[4:]), int(digits[2:4]), int(digits[:2]))
        ymd = (int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if _birth_like(*dmy, today) or _birth_like(*ymd, today):
            return Finding(Kind.DATE_OF_BIRTH, match[0])
    return None


def _written_birth_date(text: str, today: date) -> Finding | None:
    for match in _DAY_MONTH.finditer(text):
        if _birth_like(_full_year(match[3], today), _month(match[2]), int(match[1]), today):
            return Finding(Kind.DATE_OF_BIRTH, match[0])
    for match in _MONTH_DAY.finditer(text):
        if _birth_like(_full_year(match[3], today), _month(match[1]), int(match[2]), today):
            return Finding(Kind.DATE_OF_BIRTH, match[0])
    return None


def _around(text: str, match: re.Match[str]) -> str:
    """The matched words and what follows them up to the end of the clause (a DOB label and its date)."""
    tail = re.match(r"[\s:\-]*[^,;()\n]{0,20}", text[match.end() :])
    return (match[0] + (tail[0] if tail else "")).strip()


def _full_year(raw: str, today: date) -> int:
    digits = raw.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _birth_like(year: int, month: int, day: int, today: date) -> bool:
    """Whether this is a real date a young person known to the panel could have been born on."""
    try:
        when = date(year, month, day)
    except ValueError:
        return False
    return today.year - OLDEST_AGE <= when.year and when <= _years_before(today, YOUNGEST_AGE)


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _address(text: str, today: date) -> Finding | None:
    # A full postcode alone is not refused: a context's area (a park, a school) rightly carries one.
    for pattern in (_FLAT, _ADDRESS):
        for match in pattern.finditer(text):
            if pattern is _ADDRESS and not _house_number(text, match):
                continue
            return Finding(Kind.ADDRESS, match[0].strip())
    return None


def _house_number(text: str, match: re.Match[str]) -> bool:
    """Whether the number before a street name is a house number (not a bus route, year group or count)."""
    before = text[: match.start()].rstrip().lower()
    if re.search(r"\b(?:year|yr|route|bus|number|no\.?|line|platform|junction|exit|gate|bay|the|n)$", before):
        return False
    words = match[2].split()
    first = words[0].lower()
    # "12 Acacia Ave": a number then a capitalised street name; "3 boys on Mare Street" is not an address.
    return words[0][:1].isupper() and first not in {"of", "on", "in", "at", "and", "to", "from", "the"}


def _full_name(text: str, today: date) -> Finding | None:
    names = first_names()
    words = list(_WORD.finditer(text))
    for i, word in enumerate(words[:-1]):
        if not _CAPITALISED.fullmatch(word[0]) or word[0].lower() not in names:
            continue
        j = i + 1
        if _INITIAL.fullmatch(words[j][0]) and j + 1 < len(words) and _spaced(text, words[j], words[j + 1]):
            j += 1  # a middle initial: "Jayden P. Smith"
        last = words[j][0].rstrip(".")
        if not (_spaced(text, words[j - 1], words[j]) and _SURNAME.fullmatch(last)) or _not_a_surname(last):
            continue
        if i and words[i - 1][0].lower().rstrip(".") in _PLACE_PREFIXES and _spaced(text, words[i - 1], word):
            continue  # "St Mary's", "Queen Elizabeth": a saint's or a royal's name, so a place
        following = words[j + 1] if j + 1 < len(words) else None
        if following and _spaced(text, words[j], following) and _names_a_place(last, following[0]):
            continue  # "Jack Petchey Centre": the name of a place
        return Finding(Kind.FULL_NAME, text[word.start() : words[j].start() + len(last)])
    return None


def _spaced(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether two words are separated by spaces only (not a comma, full stop or line break)."""
    between = text[left.end() : right.start()]
    return bool(between) and between.strip(" \t") == ""


def _names_a_place(last: str, following: str) -> bool:
    """Whether a capitalised place word follows the name (not after a possessive: "Jayden Smith's Gym")."""
    bare = following.strip(".,;:)")
    possessive = last.endswith(("'s", "’s"))
    return not possessive and bare[:1].isupper() and bare.lower() in _NOT_SURNAMES


def _not_a_surname(word: str) -> bool:
    bare = re.sub(r"['’]s$", "", word).lower()
    return bare in _NOT_SURNAMES or bare in {"and", "or", "the"}
