"""The Context Wellbeing Framework catalogue: lookup by stable ID, Slack option groups, level suggestion.

The data and its provenance live in ``bot.domain.catalogue_data``. The framework guides professional
judgement: ``suggest_level`` only suggests, and the panel decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.domain.catalogue_data import CATALOGUE_VERSION, INDICATORS, RETIRED_ALIASES
from bot.domain.catalogue_model import (
    ID_PATTERN,
    MAX_LABEL_CHARS,
    MAX_POSITIVE_CHARS,
    Indicator,
)
from bot.domain.enums import IndicatorKind, Level

__all__ = [
    "CATALOGUE_VERSION",
    "CUMULATIVE_UP_SPANNING_THRESHOLD",
    "CUMULATIVE_UP_THRESHOLD",
    "MAX_GROUP_OPTIONS",
    "MAX_OPTION_GROUPS",
    "RETIRED_ALIASES",
    "Indicator",
    "LevelSuggestion",
    "all_indicators",
    "by_level",
    "canonical_id",
    "concerns",
    "get",
    "group_label",
    "option_groups",
    "protective",
    "suggest_level",
    "validate_catalogue",
]

MAX_GROUP_OPTIONS = 100
"""Slack allows at most 100 options in one option group."""

MAX_OPTION_GROUPS = 100
"""Slack allows at most 100 option groups in one select."""

CUMULATIVE_UP_THRESHOLD = 5
"""This many Universal Plus concerns together suggest Complex / High Risk (cumulative weight)."""

CUMULATIVE_UP_SPANNING_THRESHOLD = 3
"""This many Universal Plus concerns suggest Complex when they span all three framework columns
(behaviours, role of adults, structural factors): harm in the group, adults not guarding against it and
systems not supporting a response together weigh as much as a single complex concern."""

_LEVEL_SHORT = {
    Level.UNIVERSAL: "Universal",
    Level.UNIVERSAL_PLUS: "Universal Plus",
    Level.COMPLEX: "Complex / High Risk",
}
_KIND_SHORT = {
    IndicatorKind.BEHAVIOUR: "behaviours",
    IndicatorKind.ROLE_OF_ADULTS: "role of adults",
    IndicatorKind.STRUCTURAL: "structural factors",
}

_BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}


def canonical_id(indicator_id: str) -> str:
    """The current stable ID for an ID: retired/renamed IDs follow RETIRED_ALIASES; others are unchanged."""
    current = indicator_id.strip().upper()
    seen: set[str] = set()
    while current in RETIRED_ALIASES and current not in seen:
        seen.add(current)
        current = RETIRED_ALIASES[current]
    return current


def get(indicator_id: str) -> Indicator | None:
    """The indicator for an ID (after alias resolution), or None when the ID is unknown; never raises."""
    if not isinstance(indicator_id, str):
        return None
    return _BY_ID.get(canonical_id(indicator_id))


def all_indicators() -> tuple[Indicator, ...]:
    """Every current indicator, ordered by level, framework column and ID."""
    return INDICATORS


def concerns() -> tuple[Indicator, ...]:
    """Every concern indicator (Universal Plus and Complex / High Risk)."""
    return tuple(indicator for indicator in INDICATORS if not indicator.protective)


def protective() -> tuple[Indicator, ...]:
    """Every protective indicator (Universal)."""
    return tuple(indicator for indicator in INDICATORS if indicator.protective)


def by_level(level: Level) -> tuple[Indicator, ...]:
    """The indicators of one framework level."""
    return tuple(indicator for indicator in INDICATORS if indicator.level is level)


def group_label(level: Level, kind: IndicatorKind, is_protective: bool) -> str:
    """Slack option-group label for one level and column, e.g. 'Universal Plus – concerns: role of adults'."""
    nature = "protective" if is_protective else "concerns"
    return f"{_LEVEL_SHORT[level]} – {nature}: {_KIND_SHORT[kind]}"


def option_groups(*, include_protective: bool = True) -> list[tuple[str, list[Indicator]]]:
    """Indicators grouped for Slack selects: (label ≤ 75 chars, ≤ 100 indicators), lowest level first."""
    groups: list[tuple[str, list[Indicator]]] = []
    for level in Level:
        for kind in IndicatorKind:
            for is_protective in (True, False):
                if is_protective and not include_protective:
                    continue
                members = [
                    indicator
                    for indicator in INDICATORS
                    if indicator.level is level
                    and indicator.kind is kind
                    and indicator.protective is is_protective
                ]
                groups.extend(_chunk(group_label(level, kind, is_protective), members))
    return groups[:MAX_OPTION_GROUPS]


def _chunk(label: str, members: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    """Split one group into parts of at most MAX_GROUP_OPTIONS, numbering the parts when there are several."""
    if not members:
        return []
    parts = [
        members[start : start + MAX_GROUP_OPTIONS] for start in range(0, len(members), MAX_GROUP_OPTIONS)
    ]
    if len(parts) == 1:
        return [(label, parts[0])]
    return [(f"{label} ({number}/{len(parts)})", part) for number, part in enumerate(parts, start=1)]


def validate_catalogue(
    indicators: Iterable[Indicator] = INDICATORS, aliases: Mapping[str, str] = RETIRED_ALIASES
) -> tuple[str, ...]:
    """Problems with a catalogue and its alias map (empty when sound): IDs, labels, goals, provenance."""
    problems: list[str] = []
    items = list(indicators)
    ids: set[str] = set()
    labels: set[str] = set()
    seeds: set[str] = set()
    for item in items:
        if not ID_PATTERN.match(item.id):
            problems.append(f"{item.id}: malformed ID")
        elif not item.id.startswith(item.id_prefix + "-"):
            problems.append(f"{item.id}: ID prefix does not match level/kind ({item.id_prefix})")
        if item.id in ids:
            problems.append(f"{item.id}: duplicate ID")
        ids.add(item.id)
        folded = item.label.casefold()
        if folded in labels:
            problems.append(f"{item.id}: duplicate label {item.label!r}")
        labels.add(folded)
        if not item.label.strip() or len(item.label) > MAX_LABEL_CHARS:
            problems.append(f"{item.id}: label empty or longer than {MAX_LABEL_CHARS} characters")
        if not item.text.strip():
            problems.append(f"{item.id}: empty text")
        if item.protective != (item.level is Level.UNIVERSAL):
            problems.append(f"{item.id}: only Universal indicators are protective")
        if item.protective and item.positive is not None:
            problems.append(f"{item.id}: protective indicator has a positive restatement")
        if not item.protective and (not item.positive or len(item.positive) > MAX_POSITIVE_CHARS):
            problems.append(
                f"{item.id}: concern needs a positive restatement of 1–{MAX_POSITIVE_CHARS} chars"
            )
        if not item.seed_text:
            problems.append(f"{item.id}: no seed_text")
        for seed in item.seed_text:
            if seed in seeds:
                problems.append(f"{item.id}: seed text used by two entries: {seed!r}")
            seeds.add(seed)
    for old, new in aliases.items():
        if old in ids:
            problems.append(f"alias {old}: a retired ID must not also be a current ID")
        target, hops = new, 0
        while target in aliases and hops <= len(aliases):
            target, hops = aliases[target], hops + 1
        if target not in ids:
            problems.append(f"alias {old}: does not resolve to a current ID (cycle or unknown {target})")
    return tuple(problems)


@dataclass(frozen=True)
class LevelSuggestion:
    """A suggested framework level for a set of indicators, with the reasons; the panel decides."""

    level: Level
    reasons: tuple[str, ...]
    concern_count: int
    by_level: dict[Level, int] = field(hash=False)
    """Concern indicators per level (every level present, protective ones not counted)."""
    protective_count: int = 0
    unknown_ids: tuple[str, ...] = ()
    raised_by_cumulative_weight: bool = False


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    """'1 concern', '2 concerns'."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _cumulative_reason(up_concerns: list[Indicator]) -> str | None:
    """Why several Universal Plus concerns together suggest Complex / High Risk, or None if they do not."""
    count = len(up_concerns)
    complex_label = Level.COMPLEX.label
    if count >= CUMULATIVE_UP_THRESHOLD:
        return (
            f"{count} Universal Plus concerns together: the framework asks panels to weigh cumulative "
            f"concerns, so {complex_label} is suggested."
        )
    kinds = {indicator.kind for indicator in up_concerns}
    if count >= CUMULATIVE_UP_SPANNING_THRESHOLD and kinds == set(IndicatorKind):
        return (
            f"{count} Universal Plus concerns spanning behaviours, role of adults and structural factors: "
            f"the framework asks panels to weigh cumulative concerns, so {complex_label} is suggested."
        )
    return None


def suggest_level(indicator_ids: Iterable[str]) -> LevelSuggestion:
    """Suggest a level: the highest concern level, raised to Complex by cumulative Universal Plus weight."""
    reasons: list[str] = []
    unknown: list[str] = []
    chosen: dict[str, Indicator] = {}
    for raw in indicator_ids:
        indicator = get(raw)
        if indicator is None:
            if raw not in unknown:
                unknown.append(raw)
            continue
        if indicator.id != str(raw).strip().upper() and indicator.id not in chosen:
            reasons.append(f"Retired indicator ID {raw} read as {indicator.id}.")
        chosen[indicator.id] = indicator
    present = [indicator for indicator in INDICATORS if indicator.id in chosen]
    found_concerns = [indicator for indicator in present if not indicator.protective]
    protective_count = len(present) - len(found_concerns)
    counts = {level: sum(1 for c in found_concerns if c.level is level) for level in Level}

    level = Level.UNIVERSAL
    raised = False
    if not found_concerns:
        reasons.append(f"No concerns recorded, so {Level.UNIVERSAL.label} is suggested.")
    else:
        level = max((c.level for c in found_concerns), key=lambda lv: lv.rank)
        for each in sorted(Level, key=lambda lv: lv.rank, reverse=True):
            at_level = [c for c in found_concerns if c.level is each]
            if at_level:
                names = "; ".join(c.label for c in at_level)
                reasons.append(f"{_plural(len(at_level), each.label + ' concern')}: {names}.")
        reasons.append(f"Highest level among the concerns recorded: {level.label}.")
        if level is Level.UNIVERSAL_PLUS:
            why = _cumulative_reason([c for c in found_concerns if c.level is Level.UNIVERSAL_PLUS])
            if why is not None:
                level, raised = Level.COMPLEX, True
                reasons.append(why)
    if protective_count:
        reasons.append(
            f"{_plural(protective_count, 'protective indicator')} noted; protective indicators never "
            "raise the level."
        )
    if unknown:
        reasons.append(
            f"Ignored {_plural(len(unknown), 'unknown indicator ID')}: {', '.join(map(str, unknown))}."
        )
    return LevelSuggestion(
        level=level,
        reasons=tuple(reasons),
        concern_count=len(found_concerns),
        by_level=counts,
        protective_count=protective_count,
        unknown_ids=tuple(unknown),
        raised_by_cumulative_weight=raised,
    )
