"""The Context Wellbeing Framework catalogue: lookup by stable ID, Slack option groups, level suggestion.

Module-level functions over the shipped framework, for callers that do not (yet) carry a ``Framework``:
each one delegates to ``default_framework()``, loaded from ``bot/domain/frameworks/context_wellbeing.toml``
on first use (nothing is read at import). The data, its provenance and its schema are described in that file
and in docs/framework.md; ``bot.domain.framework`` loads and validates any framework file. The framework
guides professional judgement: ``suggest_level`` only suggests, and the panel decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.catalogue_model import Indicator
from bot.domain.enums import Level
from bot.domain.framework import (
    MAX_GROUP_OPTIONS,
    MAX_OPTION_GROUPS,
    Framework,
    FrameworkError,
    default_framework,
    group_label,
    load_framework,
)
from bot.domain.framework_schema import check_catalogue
from bot.domain.level_suggestion import (
    CUMULATIVE_UP_SPANNING_THRESHOLD,
    CUMULATIVE_UP_THRESHOLD,
    LevelSuggestion,
)

__all__ = [
    "CATALOGUE_VERSION",
    "CUMULATIVE_UP_SPANNING_THRESHOLD",
    "CUMULATIVE_UP_THRESHOLD",
    "MAX_GROUP_OPTIONS",
    "MAX_OPTION_GROUPS",
    "RETIRED_ALIASES",
    "Framework",
    "FrameworkError",
    "Indicator",
    "LevelSuggestion",
    "all_indicators",
    "by_level",
    "canonical_id",
    "concerns",
    "default_framework",
    "get",
    "group_label",
    "load_framework",
    "missing_ids",
    "option_groups",
    "protective",
    "suggest_level",
    "validate_catalogue",
]

CATALOGUE_VERSION: str
"""Version of the default catalogue (read from its file on first access)."""

RETIRED_ALIASES: Mapping[str, str]
"""Old indicator ID -> current ID in the default catalogue (read-only; read from its file on first access)."""


def __getattr__(name: str) -> object:
    """``CATALOGUE_VERSION`` and ``RETIRED_ALIASES`` come from the default framework, loaded on first use."""
    if name == "CATALOGUE_VERSION":
        return default_framework().version
    if name == "RETIRED_ALIASES":
        return default_framework().retired_aliases
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def canonical_id(indicator_id: str) -> str:
    """The current stable ID for an ID: retired/renamed IDs follow RETIRED_ALIASES; others are unchanged."""
    return default_framework().canonical_id(indicator_id)


def get(indicator_id: str) -> Indicator | None:
    """The indicator for an ID (after alias resolution), or None when the ID is unknown; never raises."""
    return default_framework().get(indicator_id)


def all_indicators() -> tuple[Indicator, ...]:
    """Every current indicator, ordered by level, framework column and ID."""
    return default_framework().all_indicators()


def concerns() -> tuple[Indicator, ...]:
    """Every concern indicator (Universal Plus and Complex / High Risk)."""
    return default_framework().concerns()


def protective() -> tuple[Indicator, ...]:
    """Every protective indicator (Universal)."""
    return default_framework().protective()


def by_level(level: Level) -> tuple[Indicator, ...]:
    """The indicators of one framework level."""
    return default_framework().by_level(level)


def option_groups(*, include_protective: bool = True) -> list[tuple[str, list[Indicator]]]:
    """Indicators grouped for Slack selects: (label ≤ 75 chars, ≤ 100 indicators), lowest level first."""
    return default_framework().option_groups(include_protective=include_protective)


def suggest_level(indicator_ids: Iterable[str]) -> LevelSuggestion:
    """Suggest a level: the highest concern level, raised to Complex by cumulative Universal Plus weight."""
    return default_framework().suggest_level(indicator_ids)


def missing_ids(used_ids: Iterable[str]) -> list[str]:
    """The IDs in use that the default framework does not know, even through its aliases; sorted."""
    return default_framework().missing_ids(used_ids)


def validate_catalogue(
    indicators: Iterable[Indicator] | None = None, aliases: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """Problems with a catalogue and its alias map (empty when sound): IDs, labels, goals, provenance.

    Defaults to the default framework's indicators and aliases; IDs are checked against its ID scheme.
    """
    framework = default_framework()
    items = list(framework.indicators if indicators is None else indicators)
    alias_map = framework.retired_aliases if aliases is None else aliases
    return tuple(check_catalogue(items, alias_map, framework.id_scheme))
