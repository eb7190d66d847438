"""The shape of one Context Wellbeing Framework indicator, and the rules its stable ID follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.enums import IndicatorKind, Level

MAX_LABEL_CHARS = 75
"""Slack caps option and option-group text at 75 characters."""

MAX_POSITIVE_CHARS = 200
"""Upper bound for a concern's positive restatement (used as a safety goal)."""

LEVEL_PREFIX: dict[Level, str] = {Level.UNIVERSAL: "U", Level.UNIVERSAL_PLUS: "UP", Level.COMPLEX: "C"}
"""First part of an indicator ID: the level it was introduced at."""

KIND_PREFIX: dict[IndicatorKind, str] = {
    IndicatorKind.BEHAVIOUR: "B",
    IndicatorKind.ROLE_OF_ADULTS: "RA",
    IndicatorKind.STRUCTURAL: "S",
}
"""Second part of an indicator ID: the framework column it comes from."""

ID_PATTERN = re.compile(r"^(U|UP|C)-(B|RA|S)-\d{2}$")
"""Shape of a stable indicator ID, e.g. U-B-01, UP-RA-03, C-S-02."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the Context Wellbeing Framework, under a stable ID that is never renumbered."""

    id: str
    level: Level
    kind: IndicatorKind
    text: str
    """Full wording, cleaned of OCR roughness."""
    label: str
    """Short, unique label (at most 75 characters) for Slack options."""
    protective: bool
    """True for Universal (protective) signs; False for concerns."""
    positive: str | None
    """For a concern: the safety goal the panel would hope to see. None for protective indicators."""
    seed_text: tuple[str, ...]
    """Exact seed wording(s) this entry came from (tags and bullets stripped, whitespace normalised)."""

    @property
    def is_concern(self) -> bool:
        """True when the indicator describes a concern rather than a protective sign."""
        return not self.protective

    @property
    def safety_goal(self) -> str:
        """The change the panel would hope to see: the positive restatement, or the text if protective."""
        return self.positive if self.positive is not None else self.text

    @property
    def id_prefix(self) -> str:
        """The ID prefix its level and kind imply, e.g. 'UP-RA'."""
        return f"{LEVEL_PREFIX[self.level]}-{KIND_PREFIX[self.kind]}"
