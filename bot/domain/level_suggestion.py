"""Suggesting a framework level from the indicators observed; the framework guides, the panel decides.

``Framework.suggest_level`` (and ``catalogue.suggest_level`` for the default framework) call
``suggest_level`` here with the framework's indicators and its lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.domain.catalogue_model import Indicator
from bot.domain.enums import IndicatorKind, Level

CUMULATIVE_UP_THRESHOLD = 5
"""This many Universal Plus concerns together suggest Complex / High Risk (cumulative weight)."""

CUMULATIVE_UP_SPANNING_THRESHOLD = 3
"""This many Universal Plus concerns suggest Complex when they span all three framework columns
(behaviours, role of adults, structural factors): harm in the group, adults not guarding against it and
systems not supporting a response together weigh as much as a single complex concern."""


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


def _resolve(
    indicator_ids: Iterable[str], lookup: Callable[[str], Indicator | None], reasons: list[str]
) -> tuple[set[str], list[str]]:
    """The current IDs chosen (retired ones read through their alias, noted in ``reasons``) and the
    unknown IDs in the order first given."""
    unknown: list[str] = []
    chosen: set[str] = set()
    for raw in indicator_ids:
        indicator = lookup(raw)
        if indicator is None:
            if raw not in unknown:
                unknown.append(raw)
            continue
        if indicator.id != str(raw).strip().upper() and indicator.id not in chosen:
            reasons.append(f"Retired indicator ID {raw} read as {indicator.id}.")
        chosen.add(indicator.id)
    return chosen, unknown


def _weigh_concerns(found_concerns: list[Indicator], reasons: list[str]) -> tuple[Level, bool]:
    """The highest concern level, raised to Complex by cumulative Universal Plus weight; reasons added."""
    if not found_concerns:
        reasons.append(f"No concerns recorded, so {Level.UNIVERSAL.label} is suggested.")
        return Level.UNIVERSAL, False
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
            reasons.append(why)
            return Level.COMPLEX, True
    return level, False


def suggest_level(
    indicators: Sequence[Indicator],
    lookup: Callable[[str], Indicator | None],
    indicator_ids: Iterable[str],
) -> LevelSuggestion:
    """Suggest a level for ``indicator_ids`` within a framework (its ``indicators`` in order, its ``lookup``):
    the highest concern level, raised to Complex by cumulative Universal Plus weight."""
    reasons: list[str] = []
    chosen, unknown = _resolve(indicator_ids, lookup, reasons)
    present = [indicator for indicator in indicators if indicator.id in chosen]
    found_concerns = [indicator for indicator in present if not indicator.protective]
    protective_count = len(present) - len(found_concerns)
    counts = {level: sum(1 for c in found_concerns if c.level is level) for level in Level}
    level, raised = _weigh_concerns(found_concerns, reasons)
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
