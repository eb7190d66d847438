"""Scaled safety goals: where a goal stands on 0–10, from which viewpoint, and how it moved over time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from statistics import median

LOW, HIGH = 0, 10
SCORES = tuple(range(LOW, HIGH + 1))
ANCHORS = {
    LOW: "the harm is happening and nothing protects",
    HIGH: "the goal is fully met and holding",
}
QUESTION = f"Where things stand now, {LOW}–{HIGH} ({LOW}: {ANCHORS[LOW]}; {HIGH}: {ANCHORS[HIGH]})"


class Viewpoint(StrEnum):
    """Whose view a score gives: the panel's is required, the others are optional."""

    PANEL = "panel"
    YOUNG_PEOPLE = "young_people"
    PARTNERS = "partners"

    @property
    def label(self) -> str:
        """How a form asks for it."""
        return {
            Viewpoint.PANEL: "the panel",
            Viewpoint.YOUNG_PEOPLE: "young people's own view, as reported",
            Viewpoint.PARTNERS: "partners on the ground",
        }[self]

    @property
    def short(self) -> str:
        """How a series names it."""
        return {
            Viewpoint.PANEL: "panel",
            Viewpoint.YOUNG_PEOPLE: "young people",
            Viewpoint.PARTNERS: "partners",
        }[self]


def option_label(score: int) -> str:
    """A score as a select shows it, with the meaning of the two ends."""
    return f"{score}: {ANCHORS[score]}" if score in ANCHORS else str(score)


def parse_score(raw: object) -> int | None:
    """A submitted score: None when left empty; ValueError when it is not a whole number from 0 to 10."""
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return None
    if not text.isdigit() or int(text) not in SCORES:
        raise ValueError(text)
    return int(text)


@dataclass
class GoalSeries:
    """One goal's scores from baseline to now, per viewpoint, in the order they were given."""

    text: str
    scores: dict[Viewpoint, list[int]] = field(default_factory=dict)
    times: dict[Viewpoint, list[datetime]] = field(default_factory=dict)  # when each score was given

    def panel(self) -> list[int]:
        """The panel's scores, baseline first."""
        return self.scores.get(Viewpoint.PANEL, [])

    def panel_times(self) -> list[datetime]:
        """When the panel gave each of its scores, baseline first."""
        return self.times.get(Viewpoint.PANEL, [])

    def describe(self) -> str:
        """E.g. "panel 2 → 4 → 6; young people 3 → 5"."""
        return "; ".join(
            f"{vp.short} " + " → ".join(str(s) for s in self.scores[vp])
            for vp in Viewpoint
            if vp in self.scores
        )

    def change(self) -> int | None:
        """The panel's latest score less its baseline; None before a second score."""
        panel = self.panel()
        return panel[-1] - panel[0] if len(panel) > 1 else None


def series(points: Iterable[tuple[str, str, int, datetime]]) -> list[GoalSeries]:
    """Group (goal text, viewpoint, score, when) points, oldest first, into one series per goal text."""
    out: dict[str, GoalSeries] = {}
    for text, viewpoint, score, at in points:
        one = out.setdefault(text, GoalSeries(text))
        one.scores.setdefault(Viewpoint(viewpoint), []).append(score)
        one.times.setdefault(Viewpoint(viewpoint), []).append(at)
    return list(out.values())


@dataclass(frozen=True)
class Outcomes:
    """The board's outcome figures: goals scored, and how the panel's score moved from baseline."""

    goals_scored: int
    compared: int
    rose: int
    stayed: int
    fell: int
    median_change: float | None


def outcomes(all_series: Sequence[GoalSeries]) -> Outcomes:
    """Count the goals scored and those whose panel score rose, stayed or fell from baseline to latest."""
    changes = [c for s in all_series if (c := s.change()) is not None]
    return Outcomes(
        goals_scored=sum(1 for s in all_series if s.panel()),
        compared=len(changes),
        rose=sum(1 for c in changes if c > 0),
        stayed=sum(1 for c in changes if c == 0),
        fell=sum(1 for c in changes if c < 0),
        median_change=float(median(changes)) if changes else None,
    )


def by_viewpoint(scores: Mapping[str, int]) -> dict[Viewpoint, int]:
    """Scores keyed by viewpoint name, as viewpoints (unknown names left out)."""
    return {Viewpoint(k): v for k, v in scores.items() if k in {vp.value for vp in Viewpoint}}
