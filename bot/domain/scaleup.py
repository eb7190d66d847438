"""Where the panel's system sits on the Contextual Safeguarding scale-up grid, judged from the bot's records.

``judge_grid(SystemFigures)`` places each of the 16 domain x stage cells at a ``Position`` and says which
figures and thresholds put it there. The rules and every threshold are in ``scaleup_thresholds``; the
seed's descriptions are in ``scaleup_data``. The panel's throughput (monthly counts, durations and rates)
is aggregated in ``scaleup_throughput``.

Nothing here can name a young person or carry narrative: ``SystemFigures`` holds counts only, and every
output holds numbers, enums, stable IDs and fixed text (labels, seed text, thresholds' reasons).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from enum import StrEnum
from fractions import Fraction

from bot.domain.scaleup_data import Domain, Stage, Tier, cell_id
from bot.domain.scaleup_thresholds import (
    CELL_EXTRAS,
    CELL_RULES,
    MEASURES,
    MIN_SAMPLE,
    SAMPLE_NOUNS,
    Threshold,
)


class Position(StrEnum):
    """A cell's judged position, ordered: not yet evidenced < Level 1 < Level 2 seen < consistent Level 2."""

    NOT_YET_EVIDENCED = "not_yet_evidenced"
    LEVEL_1 = "level_1"
    LEVEL_2_SEEN = "level_2_seen"
    LEVEL_2_CONSISTENT = "level_2_consistent"

    @property
    def rank(self) -> int:
        """0 not yet evidenced, 1 Level 1, 2 Level 2 practice seen, 3 consistently Level 2."""
        return list(Position).index(self)

    @property
    def label(self) -> str:
        """Human label."""
        return _POSITION_LABEL[self]

    @property
    def tier(self) -> Tier | None:
        """The seed description this position corresponds to; None when there is too little evidence."""
        return _POSITION_TIER[self]

    def __lt__(self, other: object) -> bool:
        return self.rank < other.rank if isinstance(other, Position) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= other.rank if isinstance(other, Position) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > other.rank if isinstance(other, Position) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= other.rank if isinstance(other, Position) else NotImplemented


_POSITION_LABEL = {
    Position.NOT_YET_EVIDENCED: "Not yet evidenced",
    Position.LEVEL_1: "Level 1",
    Position.LEVEL_2_SEEN: "Level 2 practice seen",
    Position.LEVEL_2_CONSISTENT: "Consistently Level 2",
}
_POSITION_TIER = {
    Position.NOT_YET_EVIDENCED: None,
    Position.LEVEL_1: Tier.L1,
    Position.LEVEL_2_SEEN: Tier.L2_PARTIAL,
    Position.LEVEL_2_CONSISTENT: Tier.L2,
}


@dataclass(frozen=True, slots=True)
class SystemFigures:
    """Counts the storage layer computes from the bot's records for one period; counts only, no text."""

    # Referrals received in the period.
    referrals_total: int = 0
    referrals_naming_context: int = 0  # context kind and name/location given, not only a child
    referrals_with_baseline: int = 0  # at least one Context Wellbeing Framework indicator recorded
    referrals_screened: int = 0  # a screening decision recorded (accepted, declined, information asked)
    referrals_from_outside_social_care: int = 0  # the referrer's agency is not children's social care
    referring_agencies: int = 0  # distinct agencies among those referrals' referrers
    # Contexts accepted in the period; "assessed" counts those the panel assessed (a level agreed).
    contexts_accepted: int = 0
    contexts_assessed: int = 0
    contexts_assessed_with_framework: int = 0  # of those assessed: framework indicators recorded
    contexts_assessed_with_focus: int = 0  # of those assessed: what most needs to change recorded
    contexts_assessed_with_partner_information: int = 0  # of those assessed: input from another agency
    # Panel decisions recorded in the period.
    decisions_total: int = 0
    decisions_with_goals: int = 0  # at least one safety goal
    decisions_with_context_actions: int = 0  # at least one action targeting the context
    decisions_with_social_care: int = 0  # children's social care among the deciding agencies
    decisions_with_young_people_parents_or_community: int = 0  # present, or their views recorded
    deciding_agencies: int = 0  # distinct agencies contributing to those decisions
    # Actions agreed in the period; "due" counts actions (agreed whenever) due in the period.
    actions_total: int = 0
    actions_builds_safety: int = 0
    actions_disrupts: int = 0
    actions_context_targeted: int = 0
    actions_individual_targeted: int = 0
    owning_agencies: int = 0  # distinct agencies owning those actions
    actions_due: int = 0
    actions_done_by_due: int = 0  # of those due: done on or before the due date
    # Reviews due in the period; "done" counts reviews held in the period.
    reviews_due: int = 0
    reviews_on_time: int = 0  # of those due: held on or before the due date
    reviews_done: int = 0
    reviews_compared_with_baseline: int = 0  # of those held: indicators compared with the baseline
    # Contexts given an outcome (safer / partly safer / not safer) at a review or closure in the period.
    contexts_reviewed: int = 0
    contexts_safer: int = 0
    contexts_partly_safer: int = 0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{field.name} must be a non-negative whole number")
        for parts, whole in _SUBSETS:
            if sum(getattr(self, part) for part in parts) > getattr(self, whole):
                raise ValueError(f"{' + '.join(parts)} cannot exceed {whole}")


_SUBSETS: tuple[tuple[tuple[str, ...], str], ...] = (
    *((d.numerator, d.denominator) for d in MEASURES.values() if d.denominator is not None),
    (("referring_agencies",), "referrals_total"),
    (("owning_agencies",), "actions_total"),
    (("actions_builds_safety", "actions_disrupts"), "actions_total"),
    (("actions_context_targeted", "actions_individual_targeted"), "actions_total"),
)
"""Counts that are parts of another count: together they cannot exceed it."""


@dataclass(frozen=True, slots=True)
class Measure:
    """One figure: a share (numerator of denominator) or a count; value None means no evidence."""

    name: str
    numerator: int
    denominator: int | None
    value: float | None
    label: str
    sample: int
    """Records the figure rests on (the denominator of a share; the base records of a count)."""
    sample_noun: str

    @property
    def text(self) -> str:
        """E.g. '7 of 10 (70%)', '3 (from 12 referrals)' or 'no evidence (0 referrals)'."""
        if self.denominator is None:
            return f"{self.numerator} (from {self.sample} {self.sample_noun})"
        if self.value is None:
            return f"no evidence (0 {self.sample_noun})"
        return f"{self.numerator} of {self.denominator} ({format_share(self.value)})"


def format_share(value: float) -> str:
    """A share as a percentage, truncated (never rounded up) to at most one decimal: 0.7996 -> '79.9%'."""
    tenths = math.floor(round(value * 1000, 6)) / 10
    return f"{tenths:.0f}%" if tenths == int(tenths) else f"{tenths:.1f}%"


def format_threshold(threshold: Threshold) -> str:
    """A threshold's minimum as shown: '80%' for a share, '4' for a count."""
    return format_share(threshold.minimum) if threshold.is_share else f"{threshold.minimum:g}"


def compute_measure(figures: SystemFigures, name: str) -> Measure:
    """One named measure from the figures; a zero denominator gives value None ('no evidence')."""
    definition = MEASURES[name]
    numerator = sum(getattr(figures, part) for part in definition.numerator)
    sample = getattr(figures, definition.sample)
    noun = SAMPLE_NOUNS[definition.sample]
    if definition.denominator is None:
        return Measure(name, numerator, None, float(numerator), definition.label, sample, noun)
    value = numerator / sample if sample else None
    return Measure(name, numerator, sample, value, definition.label, sample, noun)


def meets(measure: Measure, threshold: Threshold) -> bool:
    """Whether a measure is at or above a threshold, compared exactly; no evidence never meets one."""
    minimum = Fraction(str(threshold.minimum))
    if measure.denominator is None:
        return measure.numerator >= minimum
    return bool(measure.denominator) and Fraction(measure.numerator, measure.denominator) >= minimum


@dataclass(frozen=True, slots=True)
class CellJudgement:
    """Where one cell sits, with the figures and thresholds that put it there and a fixed-text explanation."""

    cell_id: str
    domain: Domain
    stage: Stage
    position: Position
    figures: tuple[Measure, ...]
    thresholds_used: tuple[Threshold, ...]
    explanation: str
    descriptor_id: str | None
    """ID of the seed description matching the position (``scaleup_data``); None when not yet evidenced."""


def _stated(measure: Measure) -> str:
    """A measure in a sentence, e.g. 'referrals screened at 7 of 10 (70%)'."""
    return f"{measure.label[0].lower()}{measure.label[1:]} at {measure.text}"


def _few(measure: Measure) -> str:
    """Why a measure is too thin to count, e.g. '2 referrals, fewer than the minimum of 3'."""
    return f"{measure.sample} {measure.sample_noun}, fewer than the minimum of {MIN_SAMPLE.minimum:g}"


def _place(main: Measure, cid: str, supporting: list[tuple[Threshold, Measure]]) -> tuple[Position, str]:
    """The position the cell's rule gives, and why, in fixed wording around the figures."""
    rule = CELL_RULES[cid]
    seen, consistent = format_threshold(rule.seen), format_threshold(rule.consistent)
    if main.sample < MIN_SAMPLE.minimum:
        return Position.NOT_YET_EVIDENCED, f"Not yet evidenced: {_few(main)}."
    if not meets(main, rule.seen):
        return Position.LEVEL_1, f"Level 1: {_stated(main)}, below the Level 2 'seen' threshold of {seen}."
    if not meets(main, rule.consistent):
        return Position.LEVEL_2_SEEN, (
            f"Level 2 practice seen: {_stated(main)}, meeting the 'seen' threshold of {seen} but not the "
            f"'consistent' threshold of {consistent}."
        )
    short, met = [], [f"{_stated(main)}, meeting the 'consistent' threshold of {consistent}"]
    for threshold, measure in supporting:
        if measure.sample < MIN_SAMPLE.minimum:
            short.append(f"{measure.label[0].lower()}{measure.label[1:]}: only {_few(measure)}")
        elif not meets(measure, threshold):
            short.append(f"{_stated(measure)}, below {format_threshold(threshold)}")
        else:
            met.append(f"{_stated(measure)}, meeting {format_threshold(threshold)}")
    if short:
        return Position.LEVEL_2_SEEN, f"Level 2 practice seen: {met[0]}, but " + "; ".join(short) + "."
    return Position.LEVEL_2_CONSISTENT, "Consistently Level 2: " + "; ".join(met) + "."


def judge_cell(figures: SystemFigures, domain: Domain, stage: Stage) -> CellJudgement:
    """Judge one cell of the grid from the period's figures."""
    cid = cell_id(domain, stage)
    rule = CELL_RULES[cid]
    main = compute_measure(figures, rule.seen.measure)
    supporting = [(t, compute_measure(figures, t.measure)) for t in rule.supporting]
    extras = [compute_measure(figures, name) for name in CELL_EXTRAS.get(cid, ())]
    shown: dict[str, Measure] = {m.name: m for m in [main, *(m for _, m in supporting), *extras]}
    position, explanation = _place(main, cid, supporting)
    tier = position.tier
    return CellJudgement(
        cid,
        domain,
        stage,
        position,
        tuple(shown.values()),
        (MIN_SAMPLE, rule.seen, rule.consistent, *rule.supporting),
        explanation,
        f"{cid}.{tier.value}" if tier else None,
    )


@dataclass(frozen=True, slots=True)
class Grid:
    """All 16 judged cells, in domain then stage order."""

    cells: tuple[CellJudgement, ...]

    def cell(self, domain: Domain, stage: Stage) -> CellJudgement:
        """The judgement for one cell."""
        return next(c for c in self.cells if c.domain is domain and c.stage is stage)

    def rows(self) -> tuple[tuple[Domain, tuple[int, ...]], ...]:
        """Heat-map rows: each domain with its position ranks (0-3) in ``Stage`` order."""
        return tuple((d, tuple(self.cell(d, s).position.rank for s in Stage)) for d in Domain)


def judge_grid(figures: SystemFigures) -> Grid:
    """Judge all 16 cells of the scale-up grid from the period's figures."""
    return Grid(tuple(judge_cell(figures, d, s) for d in Domain for s in Stage))
