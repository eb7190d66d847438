"""The schema of a framework file, declared in code, and the rules a sound indicator catalogue follows.

A framework file (``bot/domain/frameworks/context_wellbeing.toml`` is the shipped one; docs/framework.md
describes the format) has top-level keys ``format``, ``name``, ``version``, optional ``id_scheme``,
``source`` and ``[retired_aliases]``, and one ``[[indicators]]`` table per indicator. ``parse_catalogue``
checks the shape of every table (``FRAMEWORK_FIELDS``, ``INDICATOR_FIELDS``), then the catalogue rules
(``check_catalogue``: IDs, unique labels within Slack's limits, protective signs and positive restatements,
provenance, aliases), and raises one ``FrameworkError`` listing every problem with the entry and the field.

A council's framework may use its own IDs: only the shipped file declares ``id_scheme =
"level-kind-number"`` (``U-B-01``, ``UP-RA-03``...). Every ID is upper case because lookups upper-case what
they are given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

from bot.domain.catalogue_model import ID_PATTERN, MAX_LABEL_CHARS, MAX_POSITIVE_CHARS, Indicator
from bot.domain.datafile import DataFileError, Field, check_table, locate, type_name
from bot.domain.enums import IndicatorKind, Level

FORMAT = 1
"""The version of the file format this code reads (the ``format`` key)."""

LEVEL_KIND_NUMBER = "level-kind-number"
ID_SCHEMES: dict[str, re.Pattern[str]] = {LEVEL_KIND_NUMBER: ID_PATTERN}
"""Named ID conventions a file may declare; ``level-kind-number`` also checks the prefix fits level/kind."""

ANY_ID_PATTERN = re.compile(r"[A-Z0-9](?:[A-Z0-9._-]{0,30}[A-Z0-9])?")
"""Any framework's IDs: 1-32 upper-case letters, digits, '.', '_' or '-', starting and ending with a letter
or digit (short enough for a Slack option value; upper case because lookups upper-case their input)."""

MAX_VERSION_CHARS = 16
"""The version is stored with every assessment (``catalogue_version``, 16 characters)."""

MAX_LEVEL_OPTIONS = 100
"""The forms offer each level's indicators in one Slack select, which holds at most 100 options."""

FRAMEWORK_FIELDS: dict[str, Field] = {
    "format": Field("number", choices=(FORMAT,)),
    "name": Field("text"),
    "version": Field("text", max_chars=MAX_VERSION_CHARS),
    "id_scheme": Field("text", required=False, choices=tuple(ID_SCHEMES)),
    "source": Field("text", required=False),
    "retired_aliases": Field("table", required=False),
    "indicators": Field("tables"),
}
"""Top-level keys of a framework file."""

INDICATOR_FIELDS: dict[str, Field] = {
    "id": Field("text"),
    "level": Field("text", choices=tuple(level.value for level in Level)),
    "kind": Field("text", choices=tuple(kind.value for kind in IndicatorKind)),
    "text": Field("text"),
    "label": Field("text", max_chars=MAX_LABEL_CHARS),
    "protective": Field("flag"),
    "positive": Field("text", required=False, max_chars=MAX_POSITIVE_CHARS),
    "seed_text": Field("texts"),
}
"""Keys of one ``[[indicators]]`` table (``positive`` only on concerns, checked by ``check_catalogue``)."""

_KIND_ORDER = {kind: index for index, kind in enumerate(IndicatorKind)}


class FrameworkError(DataFileError):
    """A framework file that cannot be read or is refused; the message names the file, each entry (its
    position among the ``[[indicators]]`` and its ID) and the field at fault, every problem at once."""


@dataclass(frozen=True, slots=True)
class CatalogueData:
    """What a sound framework file holds, indicators ordered by level and column (file order within)."""

    name: str
    version: str
    id_scheme: str | None
    source: str
    """The document the indicators trace to (the file's optional ``source`` key)."""
    indicators: tuple[Indicator, ...]
    retired_aliases: dict[str, str]


def parse_catalogue(data: Mapping[str, Any], file: str) -> CatalogueData:
    """Check a parsed framework file against the schema and the catalogue rules; FrameworkError if unsound."""
    problems = check_table(data, FRAMEWORK_FIELDS, "")
    scheme = data.get("id_scheme")
    scheme = scheme if isinstance(scheme, str) and scheme in ID_SCHEMES else None
    items, names, refused_ids = _read_indicators(data.get("indicators"), problems)
    aliases = _read_aliases(data.get("retired_aliases"), problems)
    problems += check_catalogue(items, aliases, scheme, names, also_known=refused_ids)
    if problems:
        raise FrameworkError(file, problems)
    return CatalogueData(
        name=data["name"],
        version=data["version"],
        id_scheme=scheme,
        source=data.get("source", ""),
        indicators=tuple(sorted(items, key=lambda i: (i.level.rank, _KIND_ORDER[i.kind]))),
        retired_aliases=aliases,
    )


def _where(number: int, entry: Mapping[str, Any]) -> str:
    """'[[indicators]] #4 (id "U-B-04")', or without the ID when it has none."""
    found = entry.get("id")
    return f"[[indicators]] #{number}" + (f' (id "{found}")' if isinstance(found, str) else "")


def _read_indicators(entries: object, problems: list[str]) -> tuple[list[Indicator], list[str], set[str]]:
    """The well-formed entries as indicators with how to name each, and the IDs of the other entries (whose
    problems are added), so that an alias to one of them is not reported as well."""
    items: list[Indicator] = []
    names: list[str] = []
    refused_ids: set[str] = set()
    if not isinstance(entries, list):
        return items, names, refused_ids  # already reported by the top-level check
    if not entries:
        problems.append(locate("", "indicators", "lists no indicator (add [[indicators]] entries)"))
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            continue  # already reported by the top-level check
        where = _where(number, entry)
        found = check_table(entry, INDICATOR_FIELDS, where)
        if found:
            problems.extend(found)
            if isinstance(entry.get("id"), str):
                refused_ids.add(entry["id"])
            continue
        items.append(
            Indicator(
                id=entry["id"],
                level=Level(entry["level"]),
                kind=IndicatorKind(entry["kind"]),
                text=entry["text"],
                label=entry["label"],
                protective=entry["protective"],
                positive=entry.get("positive"),
                seed_text=tuple(entry["seed_text"]),
            )
        )
        names.append(where)
    return items, names, refused_ids


def _read_aliases(table: object, problems: list[str]) -> dict[str, str]:
    """The ``[retired_aliases]`` table as old ID -> current ID; a value that is not a string is reported."""
    aliases: dict[str, str] = {}
    if not isinstance(table, dict):
        return aliases  # absent, or already reported by the top-level check
    for old, new in table.items():
        if isinstance(new, str):
            aliases[old] = new
        else:
            problems.append(locate("[retired_aliases]", old, f"must be a current ID, not {type_name(new)}"))
    return aliases


# --- the catalogue rules --------------------------------------------------------------------------


def check_catalogue(
    items: Sequence[Indicator],
    aliases: Mapping[str, str],
    id_scheme: str | None = None,
    names: Sequence[str] | None = None,
    also_known: Set[str] = frozenset(),
) -> list[str]:
    """Every problem with a catalogue and its alias map (empty when sound); ``names[i]`` names ``items[i]``
    in messages (default: its ID). Aliases may also resolve to ``also_known`` (entries refused already)."""
    named = list(zip(items, names if names is not None else [item.id for item in items], strict=True))
    problems = _check_ids(named, id_scheme) + _check_labels(named)
    for item, name in named:
        problems += _check_entry(item, name)
    problems += _check_seeds(named) + _check_level_sizes(items)
    problems += _check_aliases(aliases, {item.id for item in items} | also_known)
    return problems


def _check_ids(named: list[tuple[Indicator, str]], id_scheme: str | None) -> list[str]:
    """IDs well formed for the scheme (and, for level-kind-number, fitting level and kind) and unique."""
    pattern = ID_SCHEMES.get(id_scheme or "", ANY_ID_PATTERN)
    rule = f"the {id_scheme} scheme, e.g. UP-RA-03" if id_scheme else "1-32 upper-case letters and digits"
    problems: list[str] = []
    first: dict[str, str] = {}
    for item, name in named:
        if not pattern.fullmatch(item.id):
            problems.append(locate(name, "id", f"malformed ID {item.id!r} (expected {rule})"))
        elif id_scheme == LEVEL_KIND_NUMBER and not item.id.startswith(item.id_prefix + "-"):
            problems.append(locate(name, "id", f"ID prefix does not match level/kind ({item.id_prefix})"))
        if item.id in first:
            problems.append(locate(name, "id", f"duplicate ID {item.id} (also {first[item.id]})"))
        first.setdefault(item.id, name)
    return problems


def _check_labels(named: list[tuple[Indicator, str]]) -> list[str]:
    """Labels present, within Slack's 75 characters, and unique (ignoring case)."""
    problems: list[str] = []
    first: dict[str, str] = {}
    for item, name in named:
        folded = item.label.casefold()
        if folded in first:
            problems.append(locate(name, "label", f"duplicate label {item.label!r} (also {first[folded]})"))
        first.setdefault(folded, name)
        if not item.label.strip() or len(item.label) > MAX_LABEL_CHARS:
            length = len(item.label)
            problems.append(
                locate(name, "label", f"empty or longer than {MAX_LABEL_CHARS} characters ({length})")
            )
    return problems


def _check_entry(item: Indicator, name: str) -> list[str]:
    """One entry's text, protective flag, positive restatement and provenance."""
    problems: list[str] = []
    if not item.text.strip():
        problems.append(locate(name, "text", "is empty"))
    if item.protective and item.level is not Level.UNIVERSAL:
        problems.append(locate(name, "protective", "only Universal indicators are protective"))
    elif not item.protective and item.level is Level.UNIVERSAL:
        problems.append(locate(name, "protective", "Universal indicators are protective signs (true)"))
    if item.protective and item.positive is not None:
        problems.append(
            locate(name, "positive", "protective indicator has a positive restatement (only concerns do)")
        )
    if not item.protective and (not item.positive or len(item.positive) > MAX_POSITIVE_CHARS):
        problems.append(
            locate(name, "positive", f"concern needs a positive restatement of 1–{MAX_POSITIVE_CHARS} chars")
        )
    if not item.seed_text:
        problems.append(locate(name, "seed_text", "lists no source text"))
    return problems


def _check_seeds(named: list[tuple[Indicator, str]]) -> list[str]:
    """Each source string traces to one entry only."""
    problems: list[str] = []
    seen: set[str] = set()
    for item, name in named:
        for seed in item.seed_text:
            if seed in seen:
                problems.append(locate(name, "seed_text", f"seed text used by two entries: {seed!r}"))
            seen.add(seed)
    return problems


def _check_level_sizes(items: Sequence[Indicator]) -> list[str]:
    """No level has more indicators than its select on the forms can offer."""
    problems: list[str] = []
    for level in Level:
        count = sum(1 for item in items if item.level is level)
        if count > MAX_LEVEL_OPTIONS:
            problems.append(
                f'level "{level.value}": {count} indicators, more than the {MAX_LEVEL_OPTIONS} options a '
                "form's Slack select for one level can hold"
            )
    return problems


def _check_aliases(aliases: Mapping[str, str], ids: Set[str]) -> list[str]:
    """Retired IDs are well formed, no longer current, and resolve (without a cycle) to a current ID."""
    problems: list[str] = []
    for old, new in aliases.items():
        if not (ANY_ID_PATTERN.fullmatch(old) and ANY_ID_PATTERN.fullmatch(new)):
            problems.append(locate("[retired_aliases]", old, f"malformed ID in alias {old!r} = {new!r}"))
        if old in ids:
            problems.append(
                locate("[retired_aliases]", old, f"alias {old}: a retired ID must not also be a current ID")
            )
        target, hops = new, 0
        while target in aliases and hops <= len(aliases):
            target, hops = aliases[target], hops + 1
        if target not in ids:
            problems.append(
                locate(
                    "[retired_aliases]",
                    old,
                    f"alias {old}: does not resolve to a current ID (cycle or unknown {target})",
                )
            )
    return problems
