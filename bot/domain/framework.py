"""A Context Wellbeing Framework loaded from its data file: lookup by stable ID, Slack option groups,
level suggestion, and the IDs in use that it no longer knows.

``load_framework(path)`` reads a TOML framework file (``None``: the shipped
``bot/domain/frameworks/context_wellbeing.toml``), checks it against the schema in
``bot.domain.framework_schema`` and returns an immutable ``Framework``, or raises ``FrameworkError`` naming
the file, the entries and the fields at fault. ``default_framework()`` loads the shipped file once, on first
use: nothing is read when a module is imported. The framework guides professional judgement:
``suggest_level`` only suggests, and the panel decides.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from bot.domain.catalogue_model import Indicator
from bot.domain.datafile import read_toml
from bot.domain.enums import IndicatorKind, Level
from bot.domain.framework_schema import FrameworkError, check_catalogue, parse_catalogue
from bot.domain.level_suggestion import LevelSuggestion, suggest_level

__all__ = [
    "DEFAULT_FILE",
    "MAX_GROUP_OPTIONS",
    "MAX_OPTION_GROUPS",
    "Framework",
    "FrameworkError",
    "default_framework",
    "group_label",
    "load_framework",
]

DEFAULT_FILE = "context_wellbeing.toml"
"""The shipped framework, in ``bot/domain/frameworks/``."""

MAX_GROUP_OPTIONS = 100
"""Slack allows at most 100 options in one option group."""

MAX_OPTION_GROUPS = 100
"""Slack allows at most 100 option groups in one select."""

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


def group_label(level: Level, kind: IndicatorKind, is_protective: bool) -> str:
    """Slack option-group label for one level and column, e.g. 'Universal Plus – concerns: role of adults'."""
    nature = "protective" if is_protective else "concerns"
    return f"{_LEVEL_SHORT[level]} – {nature}: {_KIND_SHORT[kind]}"


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


@dataclass(frozen=True)
class Framework:
    """An indicator catalogue, immutable: its version, its indicators (ordered by level, then framework
    column, then file order) and the retired IDs that still resolve.

    Build one with ``load_framework``, which refuses an unsound file; ``validate()`` lists the problems of a
    framework built otherwise (e.g. in a test).
    """

    version: str
    indicators: tuple[Indicator, ...] = field(repr=False)
    retired_aliases: Mapping[str, str] = field(default_factory=dict, repr=False, hash=False)
    """Old indicator ID -> current ID, for IDs renamed or retired in later versions."""
    name: str = "Context Wellbeing Framework"
    id_scheme: str | None = None
    """'level-kind-number' when IDs follow U-B-01 / UP-RA-03 / C-S-02; None for a council's own scheme."""
    source: str = ""
    """The document the indicators trace to (the file's ``source`` key), e.g. the council's practice guide."""
    file: str = field(default="", compare=False)
    """The file it was loaded from, for messages."""
    _by_id: Mapping[str, Indicator] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        indicators = tuple(self.indicators)
        object.__setattr__(self, "indicators", indicators)
        object.__setattr__(self, "retired_aliases", MappingProxyType(dict(self.retired_aliases)))
        object.__setattr__(self, "_by_id", MappingProxyType({i.id: i for i in indicators}))

    def canonical_id(self, indicator_id: str) -> str:
        """The current stable ID for an ID: retired/renamed IDs follow the aliases; others are unchanged."""
        current = indicator_id.strip().upper()
        seen: set[str] = set()
        while current in self.retired_aliases and current not in seen:
            seen.add(current)
            current = self.retired_aliases[current]
        return current

    def get(self, indicator_id: str) -> Indicator | None:
        """The indicator for an ID (after alias resolution), or None when the ID is unknown; never raises."""
        if not isinstance(indicator_id, str):
            return None
        return self._by_id.get(self.canonical_id(indicator_id))

    def all_indicators(self) -> tuple[Indicator, ...]:
        """Every current indicator, ordered by level, framework column and (in the file) position."""
        return self.indicators

    def concerns(self) -> tuple[Indicator, ...]:
        """Every concern indicator (Universal Plus and Complex / High Risk)."""
        return tuple(indicator for indicator in self.indicators if not indicator.protective)

    def protective(self) -> tuple[Indicator, ...]:
        """Every protective indicator (Universal)."""
        return tuple(indicator for indicator in self.indicators if indicator.protective)

    def by_level(self, level: Level) -> tuple[Indicator, ...]:
        """The indicators of one framework level."""
        return tuple(indicator for indicator in self.indicators if indicator.level is level)

    @staticmethod
    def group_label(level: Level, kind: IndicatorKind, is_protective: bool) -> str:
        """Slack option-group label for one level and column (see ``group_label``)."""
        return group_label(level, kind, is_protective)

    def option_groups(self, *, include_protective: bool = True) -> list[tuple[str, list[Indicator]]]:
        """Indicators grouped for Slack selects: (label ≤ 75 chars, ≤ 100 indicators), lowest level first."""
        groups: list[tuple[str, list[Indicator]]] = []
        for level in Level:
            for kind in IndicatorKind:
                for is_protective in (True, False):
                    if is_protective and not include_protective:
                        continue
                    members = [
                        indicator
                        for indicator in self.indicators
                        if indicator.level is level
                        and indicator.kind is kind
                        and indicator.protective is is_protective
                    ]
                    groups.extend(_chunk(group_label(level, kind, is_protective), members))
        return groups[:MAX_OPTION_GROUPS]

    def suggest_level(self, indicator_ids: Iterable[str]) -> LevelSuggestion:
        """Suggest a level: the highest concern level, raised to Complex by cumulative Universal Plus
        weight. The panel decides."""
        return suggest_level(self.indicators, self.get, indicator_ids)

    def validate(self) -> tuple[str, ...]:
        """Problems with the catalogue and its aliases (empty when sound): IDs, labels, goals, provenance."""
        return tuple(check_catalogue(self.indicators, self.retired_aliases, self.id_scheme))

    def missing_ids(self, used_ids: Iterable[str]) -> list[str]:
        """The IDs in use (e.g. in stored assessments) that this framework no longer knows, neither as an
        indicator nor through its retired aliases: distinct, sorted. Empty when every one resolves."""
        return sorted({str(raw) for raw in used_ids if self.get(str(raw)) is None})

    def with_aliases(self, aliases: Mapping[str, str]) -> Framework:
        """A copy of this framework with other retired aliases (not validated: call ``validate()``)."""
        return replace(self, retired_aliases=aliases)


def load_framework(path: Path | None = None) -> Framework:
    """Load and validate a framework file (None: the shipped default); FrameworkError names every problem."""
    data, file = read_toml(path, DEFAULT_FILE, FrameworkError)
    parsed = parse_catalogue(data, file)
    return Framework(
        version=parsed.version,
        indicators=parsed.indicators,
        retired_aliases=parsed.retired_aliases,
        name=parsed.name,
        id_scheme=parsed.id_scheme,
        source=parsed.source,
        file=file,
    )


@functools.cache
def default_framework() -> Framework:
    """The shipped Context Wellbeing Framework, loaded and validated on first use, then kept."""
    return load_framework()
