"""Review analysis: an assessment against its baseline, and the trend (pure); re-exports plan balance."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.enums import IndicatorKind, Level, Outcome
from bot.domain.plan import (
    DISRUPTION_WARNING,
    INDIVIDUAL_WARNING,
    GoalTally,
    InterventionMix,
    PlannedAction,
    goal_tally,
    intervention_mix,
)

__all__ = [
    "DISRUPTION_WARNING",
    "INDIVIDUAL_WARNING",
    "Canonical",
    "Comparison",
    "GoalTally",
    "IndicatorInfo",
    "InterventionMix",
    "LevelKindCounts",
    "Lookup",
    "PlannedAction",
    "Snapshot",
    "Trend",
    "TrendDirection",
    "TrendPoint",
    "Verdict",
    "baseline_of",
    "compare",
    "goal_tally",
    "identity",
    "intervention_mix",
    "trend",
]


@dataclass(frozen=True)
class IndicatorInfo:
    """What comparison needs to know about one catalogue indicator."""

    id: str
    level: Level
    kind: IndicatorKind
    protective: bool
    label: str


Lookup = Callable[[str], IndicatorInfo | None]
"""Finds an indicator by its (canonical) stable ID; None when the ID is unknown."""

Canonical = Callable[[str], str]
"""Maps a retired or renamed indicator ID to its current stable ID (identity for current IDs)."""


def identity(indicator_id: str) -> str:
    """The ID unchanged: the default `canonical` when no IDs were retired or renamed."""
    return indicator_id


@dataclass(frozen=True)
class Snapshot:
    """An assessment at a moment: indicator IDs observed (concerns and protective) and the level judged."""

    indicator_ids: frozenset[str]
    level: Level
    at: datetime


class Verdict(StrEnum):
    """Whether a context looks safer than at its baseline."""

    SAFER = "safer"
    PARTLY_SAFER = "partly safer"
    NO_CHANGE = "no change"
    LESS_SAFE = "less safe"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.capitalize()

    @property
    def outcome(self) -> Outcome:
        """The closing outcome this verdict suggests (people decide)."""
        if self is Verdict.SAFER:
            return Outcome.SAFER
        if self is Verdict.PARTLY_SAFER:
            return Outcome.PARTLY_SAFER
        return Outcome.NOT_SAFER


LevelKindCounts = Mapping[tuple[Level, IndicatorKind], int]
"""Known indicators per (level, kind); every pair present, zero included, in enum order (for a chart)."""


@dataclass(frozen=True)
class Comparison:
    """A current assessment against the baseline; every ID tuple sorted by (level rank desc, id).

    Verdict rule (a suggestion; the panel decides):
    1. The agreed level decides when it moved: down is "safer", up is "less safe"; but never "safer"
       while new Complex / High Risk concerns appeared (then at most "partly safer").
    2. Level unchanged: "less safe" if new concerns outnumber resolved ones, or if nothing was
       resolved, nothing is new and more protective factors were lost than gained.
    3. "safer" if the baseline had concerns, none are new, at least half of them are resolved
       and no protective factor was lost.
    4. "partly safer" if some concern was resolved, or more protective factors gained than lost.
    5. Otherwise "no change".
    Unknown IDs are left out of the concern/protective tuples, the counts and the verdict.
    """

    level_then: Level
    level_now: Level
    then_at: datetime
    now_at: datetime
    concerns_resolved: tuple[str, ...]
    concerns_persisting: tuple[str, ...]
    concerns_new: tuple[str, ...]
    protective_gained: tuple[str, ...]
    protective_lost: tuple[str, ...]
    protective_kept: tuple[str, ...]
    counts_then: LevelKindCounts
    counts_now: LevelKindCounts
    unknown_ids: tuple[str, ...]
    complex_new: tuple[str, ...] = ()
    """The new concerns at Complex / High Risk (a subset of concerns_new)."""

    @property
    def level_change(self) -> int:
        """Change in level rank, -2..+2; negative means safer."""
        return self.level_now.rank - self.level_then.rank

    @property
    def baseline_concerns(self) -> int:
        """How many known concerns the baseline recorded."""
        return len(self.concerns_resolved) + len(self.concerns_persisting)

    @property
    def current_concerns(self) -> int:
        """How many known concerns the current assessment records."""
        return len(self.concerns_persisting) + len(self.concerns_new)

    @property
    def unchanged(self) -> bool:
        """True when level and every known indicator are the same as at baseline."""
        return not (
            self.level_change
            or self.concerns_resolved
            or self.concerns_new
            or self.protective_gained
            or self.protective_lost
        )

    @property
    def verdict(self) -> Verdict:
        """Suggested verdict by the rule in the class docstring."""
        if self.level_change < 0:
            return Verdict.PARTLY_SAFER if self.complex_new else Verdict.SAFER
        if self.level_change > 0:
            return Verdict.LESS_SAFE
        resolved, new = len(self.concerns_resolved), len(self.concerns_new)
        gained, lost = len(self.protective_gained), len(self.protective_lost)
        if new > resolved or (resolved == 0 and new == 0 and lost > gained):
            return Verdict.LESS_SAFE
        if self.baseline_concerns and new == 0 and 2 * resolved >= self.baseline_concerns and lost == 0:
            return Verdict.SAFER
        if resolved or gained > lost:
            return Verdict.PARTLY_SAFER
        return Verdict.NO_CHANGE


def _rank_key(info: IndicatorInfo) -> tuple[int, str]:
    """Sort key: most serious level first, then ID."""
    return (-info.level.rank, info.id)


def _sorted_ids(infos: Iterable[IndicatorInfo]) -> tuple[str, ...]:
    """IDs sorted by (level rank desc, id)."""
    return tuple(info.id for info in sorted(infos, key=_rank_key))


def _resolve(
    ids: Iterable[str], lookup: Lookup, canonical: Canonical
) -> tuple[dict[str, IndicatorInfo], set[str]]:
    """Canonical IDs split into known (with their info) and unknown."""
    known: dict[str, IndicatorInfo] = {}
    unknown: set[str] = set()
    for raw in ids:
        cid = canonical(raw)
        info = lookup(cid)
        if info is None:
            unknown.add(cid)
        else:
            known[cid] = info
    return known, unknown


def _counts(infos: Iterable[IndicatorInfo]) -> dict[tuple[Level, IndicatorKind], int]:
    """Known indicators per (level, kind), every pair present."""
    counts = {(level, kind): 0 for level in Level for kind in IndicatorKind}
    for info in infos:
        counts[(info.level, info.kind)] += 1
    return counts


def compare(
    baseline: Snapshot, current: Snapshot, lookup: Lookup, canonical: Canonical = identity
) -> Comparison:
    """Compare a current assessment with the baseline by canonical stable IDs."""
    then, unknown_then = _resolve(baseline.indicator_ids, lookup, canonical)
    now, unknown_now = _resolve(current.indicator_ids, lookup, canonical)
    concerns_then = {k: v for k, v in then.items() if not v.protective}
    concerns_now = {k: v for k, v in now.items() if not v.protective}
    protective_then = {k: v for k, v in then.items() if v.protective}
    protective_now = {k: v for k, v in now.items() if v.protective}
    return Comparison(
        level_then=baseline.level,
        level_now=current.level,
        then_at=baseline.at,
        now_at=current.at,
        concerns_resolved=_sorted_ids(v for k, v in concerns_then.items() if k not in concerns_now),
        concerns_persisting=_sorted_ids(v for k, v in concerns_now.items() if k in concerns_then),
        concerns_new=_sorted_ids(v for k, v in concerns_now.items() if k not in concerns_then),
        protective_gained=_sorted_ids(v for k, v in protective_now.items() if k not in protective_then),
        protective_lost=_sorted_ids(v for k, v in protective_then.items() if k not in protective_now),
        protective_kept=_sorted_ids(v for k, v in protective_now.items() if k in protective_then),
        counts_then=_counts(then.values()),
        counts_now=_counts(now.values()),
        unknown_ids=tuple(sorted(unknown_then | unknown_now)),
        complex_new=_sorted_ids(
            v for k, v in concerns_now.items() if k not in concerns_then and v.level is Level.COMPLEX
        ),
    )


def baseline_of(referral_snapshots: Sequence[Snapshot], before: datetime | None = None) -> Snapshot:
    """The baseline of a context with several referrals: union of IDs, highest level, earliest time.

    Only snapshots taken before `before` (the first panel decision) count, when it is given.
    """
    taken = [s for s in referral_snapshots if before is None or s.at < before]
    if not taken:
        raise ValueError("no referral snapshot taken before the first panel decision")
    return Snapshot(
        indicator_ids=frozenset().union(*(s.indicator_ids for s in taken)),
        level=max((s.level for s in taken), key=lambda level: level.rank),
        at=min(s.at for s in taken),
    )


# ---------------------------------------------------------------------------- trend


class TrendDirection(StrEnum):
    """Overall direction of a context across its assessments."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    STABLE = "stable"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.capitalize()


@dataclass(frozen=True)
class TrendPoint:
    """One assessment in a trend."""

    at: datetime
    level: Level
    concerns: int
    protective: int
    unknown: int = 0


@dataclass(frozen=True)
class Trend:
    """Assessments in time order and the overall direction.

    Direction compares the first and last point: a lower level is improving and a higher one
    worsening; at the same level fewer concerns improve and more worsen; with equal concerns
    more protective factors improve and fewer worsen; otherwise (or under two points) stable.
    """

    points: tuple[TrendPoint, ...]
    direction: TrendDirection


def trend(snapshots: Sequence[Snapshot], lookup: Lookup, canonical: Canonical = identity) -> Trend:
    """Level, concern and protective counts per snapshot in time order, with the overall direction."""
    points = []
    for snap in sorted(snapshots, key=lambda s: s.at):
        known, unknown = _resolve(snap.indicator_ids, lookup, canonical)
        protective = sum(1 for info in known.values() if info.protective)
        points.append(
            TrendPoint(
                at=snap.at,
                level=snap.level,
                concerns=len(known) - protective,
                protective=protective,
                unknown=len(unknown),
            )
        )
    return Trend(points=tuple(points), direction=_direction(points))


def _direction(points: Sequence[TrendPoint]) -> TrendDirection:
    """First point against last, by level, then concerns, then protective factors."""
    if len(points) < 2:
        return TrendDirection.STABLE
    first, last = points[0], points[-1]
    for delta in (
        last.level.rank - first.level.rank,
        last.concerns - first.concerns,
        first.protective - last.protective,
    ):
        if delta < 0:
            return TrendDirection.IMPROVING
        if delta > 0:
            return TrendDirection.WORSENING
    return TrendDirection.STABLE
