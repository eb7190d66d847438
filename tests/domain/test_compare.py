"""Baseline comparison, verdict, intervention mix, goal tally and trend, on a synthetic catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.compare import (
    DISRUPTION_WARNING,
    INDIVIDUAL_WARNING,
    IndicatorInfo,
    Snapshot,
    TrendDirection,
    Verdict,
    baseline_of,
    compare,
    goal_tally,
    intervention_mix,
    trend,
)
from bot.domain.enums import (
    ActionKind,
    ActionState,
    ActionTarget,
    GoalStatus,
    IndicatorKind,
    Level,
    Outcome,
)

B, R, S = IndicatorKind.BEHAVIOUR, IndicatorKind.ROLE_OF_ADULTS, IndicatorKind.STRUCTURAL
U, P, C = Level.UNIVERSAL, Level.UNIVERSAL_PLUS, Level.COMPLEX


def info(iid: str, level: Level, kind: IndicatorKind, protective: bool = False) -> IndicatorInfo:
    """A synthetic indicator."""
    return IndicatorInfo(id=iid, level=level, kind=kind, protective=protective, label=f"label {iid}")


CATALOGUE = {
    i.id: i
    for i in [
        info("C-B-01", C, B),
        info("C-R-01", C, R),
        info("UP-B-01", P, B),
        info("UP-B-02", P, B),
        info("UP-B-03", P, B),
        info("UP-S-01", P, S),
        info("U-R-01", U, R, protective=True),
        info("U-S-01", U, S, protective=True),
        info("U-B-01", U, B, protective=True),
    ]
}
ALIASES = {"UP-B-09": "UP-B-03", "OLD-7": "UP-B-03", "OLD-PROT": "U-R-01"}
lookup = CATALOGUE.get


def canonical(iid: str) -> str:
    """Resolve retired or renamed IDs."""
    return ALIASES.get(iid, iid)


T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)
T1 = T0 + timedelta(weeks=12)


def snap(*ids: str, level: Level = P, at: datetime = T0) -> Snapshot:
    """A synthetic snapshot."""
    return Snapshot(indicator_ids=frozenset(ids), level=level, at=at)


# ------------------------------------------------------------------ compare


def test_nothing_changed() -> None:
    ids = ("UP-B-01", "C-B-01", "UP-S-01", "U-R-01")
    cmp = compare(snap(*ids), snap(*ids, at=T1), lookup)
    assert cmp.unchanged
    assert cmp.level_change == 0
    assert cmp.concerns_persisting == ("C-B-01", "UP-B-01", "UP-S-01")  # level rank desc, then id
    assert cmp.concerns_resolved == cmp.concerns_new == ()
    assert cmp.protective_kept == ("U-R-01",)
    assert cmp.protective_gained == cmp.protective_lost == ()
    assert cmp.verdict is Verdict.NO_CHANGE
    assert cmp.then_at == T0 and cmp.now_at == T1


def test_all_resolved_is_safer() -> None:
    cmp = compare(snap("UP-B-01", "UP-B-02", "C-R-01"), snap(at=T1), lookup)
    assert cmp.concerns_resolved == ("C-R-01", "UP-B-01", "UP-B-02")
    assert cmp.concerns_persisting == cmp.concerns_new == ()
    assert cmp.baseline_concerns == 3 and cmp.current_concerns == 0
    assert cmp.verdict is Verdict.SAFER
    assert cmp.verdict.outcome is Outcome.SAFER


def test_a_lower_level_with_new_complex_concerns_is_never_safer() -> None:
    before = snap("UP-B-01", "UP-B-02", "C-R-01", level=C)
    cmp = compare(before, snap("C-B-01", level=P, at=T1), lookup)
    assert cmp.level_change < 0 and cmp.complex_new == ("C-B-01",)
    assert cmp.verdict is Verdict.PARTLY_SAFER
    assert compare(before, snap("UP-B-01", level=P, at=T1), lookup).verdict is Verdict.SAFER


def test_new_concerns_outnumbering_resolved_is_less_safe() -> None:
    cmp = compare(snap("UP-B-01"), snap("UP-B-02", "C-B-01"), lookup)
    assert cmp.concerns_resolved == ("UP-B-01",)
    assert cmp.concerns_new == ("C-B-01", "UP-B-02")
    assert cmp.verdict is Verdict.LESS_SAFE
    assert cmp.verdict.outcome is Outcome.NOT_SAFER


def test_as_many_new_as_resolved_is_partly_safer() -> None:
    cmp = compare(snap("UP-B-01", "UP-B-02"), snap("UP-B-02", "UP-S-01"), lookup)
    assert (cmp.concerns_resolved, cmp.concerns_persisting, cmp.concerns_new) == (
        ("UP-B-01",),
        ("UP-B-02",),
        ("UP-S-01",),
    )
    assert cmp.verdict is Verdict.PARTLY_SAFER


def test_level_decides_when_it_moved() -> None:
    down = compare(snap("UP-B-01", level=C), snap("UP-B-01", "UP-B-02", level=U), lookup)
    assert down.level_change == -2
    assert down.verdict is Verdict.SAFER
    up = compare(snap("UP-B-01", "UP-B-02", level=U), snap(level=C), lookup)
    assert up.level_change == 2
    assert up.verdict is Verdict.LESS_SAFE


def test_safer_needs_half_resolved_none_new_no_protective_lost() -> None:
    base = snap("UP-B-01", "UP-B-02", "UP-B-03", "UP-S-01", "U-R-01")
    half = compare(base, snap("UP-B-03", "UP-S-01", "U-R-01"), lookup)
    assert half.verdict is Verdict.SAFER
    less_than_half = compare(base, snap("UP-B-02", "UP-B-03", "UP-S-01", "U-R-01"), lookup)
    assert less_than_half.verdict is Verdict.PARTLY_SAFER
    half_but_protective_lost = compare(base, snap("UP-B-03", "UP-S-01"), lookup)
    assert half_but_protective_lost.protective_lost == ("U-R-01",)
    assert half_but_protective_lost.verdict is Verdict.PARTLY_SAFER


def test_protective_gained_lost_kept() -> None:
    cmp = compare(snap("UP-B-01", "U-R-01", "U-S-01"), snap("UP-B-01", "U-S-01", "U-B-01"), lookup)
    assert cmp.protective_gained == ("U-B-01",)
    assert cmp.protective_lost == ("U-R-01",)
    assert cmp.protective_kept == ("U-S-01",)
    assert cmp.verdict is Verdict.NO_CHANGE  # one gained, one lost, concerns the same

    gained = compare(snap("UP-B-01"), snap("UP-B-01", "U-B-01"), lookup)
    assert gained.verdict is Verdict.PARTLY_SAFER
    lost = compare(snap("UP-B-01", "U-B-01"), snap("UP-B-01"), lookup)
    assert lost.verdict is Verdict.LESS_SAFE


def test_renamed_and_retired_ids_compare_by_canonical_id() -> None:
    cmp = compare(snap("UP-B-09", "OLD-PROT"), snap("UP-B-03", "U-R-01"), lookup, canonical)
    assert cmp.concerns_persisting == ("UP-B-03",)
    assert cmp.concerns_resolved == cmp.concerns_new == ()
    assert cmp.protective_kept == ("U-R-01",)
    assert cmp.unknown_ids == ()
    assert cmp.unchanged

    # Two retired IDs folding into one current ID count once.
    merged = compare(snap("UP-B-09", "OLD-7"), snap(), lookup, canonical)
    assert merged.concerns_resolved == ("UP-B-03",)

    # Without alias resolution the old ID is unknown, not a crash.
    raw = compare(snap("UP-B-09"), snap("UP-B-03"), lookup)
    assert raw.unknown_ids == ("UP-B-09",)
    assert raw.concerns_new == ("UP-B-03",)


def test_unknown_ids_reported_and_left_out() -> None:
    cmp = compare(snap("UP-B-01", "ZZ-9"), snap("UP-B-01", "AA-1", "ZZ-9"), lookup, canonical)
    assert cmp.unknown_ids == ("AA-1", "ZZ-9")
    assert cmp.concerns_persisting == ("UP-B-01",)
    assert cmp.concerns_new == ()
    assert sum(cmp.counts_now.values()) == 1
    assert cmp.verdict is Verdict.NO_CHANGE


def test_counts_by_level_and_kind_for_a_chart() -> None:
    cmp = compare(snap("C-B-01", "UP-B-01", "UP-B-02", "U-R-01"), snap("UP-S-01"), lookup)
    assert len(cmp.counts_then) == 9
    assert next(iter(cmp.counts_then)) == (U, B)
    assert cmp.counts_then[(C, B)] == 1
    assert cmp.counts_then[(P, B)] == 2
    assert cmp.counts_then[(U, R)] == 1
    assert cmp.counts_then[(P, S)] == 0
    assert cmp.counts_now[(P, S)] == 1
    assert sum(cmp.counts_now.values()) == 1


def test_no_concerns_either_side_is_no_change() -> None:
    assert compare(snap(), snap(), lookup).verdict is Verdict.NO_CHANGE
    assert Verdict.PARTLY_SAFER.label == "Partly safer"


# ------------------------------------------------------------------ baseline


def test_several_referrals_union_into_one_baseline() -> None:
    first = snap("UP-B-01", level=P, at=T0 + timedelta(days=2))
    second = snap("C-B-01", "U-R-01", level=C, at=T0)
    third = snap("UP-B-01", "UP-S-01", level=U, at=T0 + timedelta(days=5))
    base = baseline_of([first, second, third])
    assert base.indicator_ids == {"UP-B-01", "C-B-01", "U-R-01", "UP-S-01"}
    assert base.level is C
    assert base.at == T0

    decided = T0 + timedelta(days=3)
    before_decision = baseline_of([first, second, third], before=decided)
    assert before_decision.indicator_ids == {"UP-B-01", "C-B-01", "U-R-01"}


def test_baseline_needs_a_snapshot() -> None:
    with pytest.raises(ValueError):
        baseline_of([])
    with pytest.raises(ValueError):
        baseline_of([snap(at=T1)], before=T0)


# ------------------------------------------------------------------ intervention mix


@dataclass(frozen=True)
class Act:
    """A synthetic planned action."""

    kind: ActionKind
    target: ActionTarget
    state: ActionState = ActionState.OPEN
    due_on: date = date(2026, 3, 1)


BUILD, DISRUPT = ActionKind.BUILDS_SAFETY, ActionKind.DISRUPTS
CTX, IND = ActionTarget.CONTEXT, ActionTarget.INDIVIDUALS
AS_OF = date(2026, 3, 1)


def test_mix_counts_states_disjointly_and_overdue_edge() -> None:
    mix = intervention_mix(
        [
            Act(BUILD, CTX, due_on=AS_OF),  # due today: open, not overdue
            Act(BUILD, CTX, due_on=AS_OF - timedelta(days=1)),  # overdue
            Act(DISRUPT, IND, ActionState.DONE, due_on=AS_OF - timedelta(days=30)),  # done is never overdue
            Act(DISRUPT, IND, ActionState.WITHDRAWN),  # left out of kind/target counts
        ],
        AS_OF,
    )
    assert (mix.total, mix.open, mix.overdue, mix.done, mix.withdrawn) == (4, 1, 1, 1, 1)
    assert (mix.builds_safety, mix.disrupts) == (2, 1)
    assert (mix.context_targeted, mix.individual_targeted) == (2, 1)
    assert not mix.disruption_dominates and not mix.individual_only_dominates
    assert mix.warnings == () and mix.warning is None


def test_disruption_dominates_only_when_strictly_more() -> None:
    equal = intervention_mix([Act(BUILD, CTX), Act(DISRUPT, CTX)], AS_OF)
    assert not equal.disruption_dominates
    more = intervention_mix([Act(BUILD, CTX), Act(DISRUPT, CTX), Act(DISRUPT, CTX)], AS_OF)
    assert more.disruption_dominates
    assert more.warnings == (DISRUPTION_WARNING,)
    assert "displace" in (more.warning or "")


def test_individual_only_dominates_only_when_strictly_more() -> None:
    equal = intervention_mix([Act(BUILD, CTX), Act(BUILD, IND)], AS_OF)
    assert not equal.individual_only_dominates
    more = intervention_mix([Act(BUILD, CTX), Act(BUILD, IND), Act(BUILD, IND)], AS_OF)
    assert more.individual_only_dominates
    assert more.warnings == (INDIVIDUAL_WARNING,)


def test_withdrawn_actions_do_not_tip_the_balance() -> None:
    mix = intervention_mix(
        [Act(BUILD, CTX), Act(DISRUPT, IND, ActionState.WITHDRAWN), Act(DISRUPT, IND, ActionState.WITHDRAWN)],
        AS_OF,
    )
    assert not mix.disruption_dominates and not mix.individual_only_dominates


def test_both_flags_and_empty_mix() -> None:
    both = intervention_mix([Act(DISRUPT, IND)], AS_OF)
    assert both.warnings == (DISRUPTION_WARNING, INDIVIDUAL_WARNING)
    empty = intervention_mix([], AS_OF)
    assert empty.total == 0 and empty.warning is None


# ------------------------------------------------------------------ goals


def test_goal_tally() -> None:
    tally = goal_tally(
        [GoalStatus.MET, GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET, GoalStatus.OPEN]
    )
    assert (tally.met, tally.partly_met, tally.not_met, tally.open) == (2, 1, 1, 1)
    assert tally.total == 5 and tally.assessed == 4 and not tally.all_met
    assert goal_tally([GoalStatus.MET]).all_met
    assert not goal_tally([]).all_met and goal_tally([]).total == 0


# ------------------------------------------------------------------ trend


def test_trend_points_in_time_order_and_improving() -> None:
    snaps = [
        snap("UP-B-01", "U-R-01", level=P, at=T0 + timedelta(weeks=12)),
        snap("C-B-01", "UP-B-01", "UP-B-02", level=C, at=T0),
        snap("UP-B-01", "UP-B-02", "U-R-01", "ZZ-1", level=P, at=T0 + timedelta(weeks=6)),
    ]
    tr = trend(snaps, lookup)
    assert [(p.level, p.concerns, p.protective, p.unknown) for p in tr.points] == [
        (C, 3, 0, 0),
        (P, 2, 1, 1),
        (P, 1, 1, 0),
    ]
    assert [p.at for p in tr.points] == sorted(p.at for p in tr.points)
    assert tr.direction is TrendDirection.IMPROVING


def test_trend_worsening_and_stable() -> None:
    assert trend([snap(level=U), snap(level=P, at=T1)], lookup).direction is TrendDirection.WORSENING
    same_level_more = trend([snap("UP-B-01"), snap("UP-B-01", "UP-B-02", at=T1)], lookup)
    assert same_level_more.direction is TrendDirection.WORSENING
    lost_protection = trend([snap("U-R-01"), snap(at=T1)], lookup)
    assert lost_protection.direction is TrendDirection.WORSENING
    gained_protection = trend([snap(), snap("U-R-01", at=T1)], lookup)
    assert gained_protection.direction is TrendDirection.IMPROVING
    renamed = trend([snap("UP-B-09"), snap("UP-B-03", at=T1)], lookup, canonical)
    assert renamed.direction is TrendDirection.STABLE
    assert trend([snap("UP-B-01")], lookup).direction is TrendDirection.STABLE
    assert trend([], lookup).points == ()
