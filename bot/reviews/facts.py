"""Everything a review summary or export says about a context, gathered from the store (no Slack)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from sqlmodel import Session, col, or_, select

from bot.core.errors import NotFound
from bot.domain.compare import (
    Comparison,
    GoalTally,
    IndicatorInfo,
    InterventionMix,
    Snapshot,
    Trend,
    baseline_of,
    compare,
    goal_tally,
    intervention_mix,
    trend,
)
from bot.domain.enums import ActionKind, ActionState, ActionTarget, GoalStatus, Level
from bot.domain.framework import Framework
from bot.domain.scales import GoalSeries, series
from storage import goal_scores
from storage import reviews as review_store
from storage.actions import Action
from storage.contexts import Assessment, Context
from storage.decisions import Decision, SafetyGoal
from storage.referrals import Referral
from storage.reviews import Review


def lookup(framework: Framework, indicator_id: str) -> IndicatorInfo | None:
    """The framework's indicator as comparison sees it (None when unknown)."""
    found = framework.get(indicator_id)
    if found is None:
        return None
    return IndicatorInfo(
        id=found.id, level=found.level, kind=found.kind, protective=found.protective, label=found.label
    )


def label_of(framework: Framework, indicator_id: str) -> str:
    """An indicator's short label, or its raw ID when the framework does not know it."""
    info = lookup(framework, indicator_id)
    return info.label if info else f"Unknown indicator {indicator_id}"


def snapshot(assessment: Assessment) -> Snapshot:
    """An assessment as a comparison snapshot."""
    return Snapshot(
        indicator_ids=frozenset(assessment.indicator_ids),
        level=Level(assessment.level),
        at=assessment.assessed_at,
    )


@dataclass(frozen=True)
class Item:
    """One indicator named in a summary: stable ID and label."""

    id: str
    label: str


@dataclass(frozen=True)
class PlannedItem:
    """An action as the intervention mix reads it."""

    kind: ActionKind
    target: ActionTarget
    state: ActionState
    due_on: date


@dataclass(frozen=True)
class GoalLine:
    """A safety goal and its status at the review."""

    id: int
    text: str
    status: GoalStatus


@dataclass(frozen=True)
class ReviewFacts:
    """A review set against the context's baseline, with goals, actions, mix and trend."""

    context: Context
    review: Review
    number: int
    comparison: Comparison
    goals: tuple[GoalLine, ...]
    tally: GoalTally
    mix: InterventionMix
    done: tuple[Action, ...]
    overdue: tuple[Action, ...]
    withdrawn: tuple[Action, ...]
    trend: Trend
    framework: Framework
    level_referred: Level
    level_agreed: Level | None  # at the panel's first decision; None before it decided
    scales: tuple[GoalSeries, ...] = ()  # each goal's scores from baseline to this review

    def items(self, ids: tuple[str, ...]) -> list[Item]:
        """IDs with their labels, for a template."""
        return [Item(i, label_of(self.framework, i)) for i in ids]


def context_by_ref(*, session: Session, ref: str) -> Context:
    """The context with a reference (case-insensitive), or NotFound."""
    wanted = ref.strip().upper()
    found = session.exec(select(Context).where(Context.ref == wanted)).first()
    if found is None:
        raise NotFound(f"There is no context {wanted[:40]}.")
    return found


def referrals_of(*, session: Session, context_id: int) -> list[Referral]:
    """Every referral accepted into or linked to a context, oldest first."""
    return list(
        session.exec(
            select(Referral)
            .where(Referral.context_id == context_id)
            .order_by(col(Referral.created_at), col(Referral.id))
        )
    )


def assessments_of(*, session: Session, context_id: int) -> list[Assessment]:
    """Every assessment of a context (referral snapshots included), oldest first."""
    referral_ids = [r.id for r in referrals_of(session=session, context_id=context_id)]
    where = col(Assessment.context_id) == context_id
    if referral_ids:
        where = or_(where, col(Assessment.referral_id).in_(referral_ids))
    return list(
        session.exec(
            select(Assessment).where(where).order_by(col(Assessment.assessed_at), col(Assessment.id))
        )
    )


def decisions_of(*, session: Session, context_id: int) -> list[Decision]:
    """Every decision version of a context, oldest first."""
    return list(
        session.exec(
            select(Decision)
            .where(Decision.context_id == context_id)
            .order_by(col(Decision.decided_at), col(Decision.version))
        )
    )


def baseline(*, session: Session, context_id: int) -> Snapshot:
    """The context's baseline: its referral snapshots taken before the first panel decision."""
    assessments = assessments_of(session=session, context_id=context_id)
    referral_snaps = [snapshot(a) for a in assessments if a.source == "referral"]
    if not referral_snaps:
        if not assessments:
            raise NotFound("This context has no recorded assessment to compare with.")
        referral_snaps = [snapshot(assessments[0])]
    decisions = decisions_of(session=session, context_id=context_id)
    first = min((d.decided_at for d in decisions), default=None)
    try:
        return baseline_of(referral_snaps, before=first)
    except ValueError:  # every referral came after the first decision (e.g. a later linked referral)
        return baseline_of(referral_snaps)


def agreed_level(*, session: Session, context_id: int) -> Level | None:
    """The level the panel agreed at its first decision on the context (None before any decision)."""
    first = session.exec(
        select(Decision)
        .where(Decision.context_id == context_id)
        .order_by(col(Decision.decided_at), col(Decision.version))
    ).first()
    return Level(first.level) if first is not None else None


def latest_assessment(*, session: Session, context_id: int) -> Assessment | None:
    """The most recent assessment of a context (referral, decision or review)."""
    found = assessments_of(session=session, context_id=context_id)
    return found[-1] if found else None


def active_goals(*, session: Session, context_id: int) -> list[SafetyGoal]:
    """A context's active safety goals, oldest first."""
    return list(
        session.exec(
            select(SafetyGoal)
            .where(SafetyGoal.context_id == context_id, col(SafetyGoal.active).is_(True))
            .order_by(col(SafetyGoal.id))
        )
    )


def actions_of(*, session: Session, context_id: int) -> list[Action]:
    """Every action agreed for a context, oldest first."""
    return list(session.exec(select(Action).where(Action.context_id == context_id).order_by(col(Action.id))))


@dataclass(frozen=True)
class _Shared:
    """What every review of one context is set against, read once (baseline, goals, actions, reviews)."""

    context: Context
    base: Snapshot  # the referral's indicators with the level the panel agreed (the referred one before)
    referred: Level
    agreed: Level | None
    goals: list[SafetyGoal]
    actions: list[Action]
    reviews: list[Review]
    assessments: dict[int, Assessment]
    points: list[goal_scores.Point]


def _shared(session: Session, context_id: int) -> _Shared:
    context = session.get(Context, context_id)
    if context is None:
        raise NotFound("The review's context or assessment is missing.")
    reviews = review_store.for_context(session=session, context_id=context_id)
    ids = {r.assessment_id for r in reviews}
    found = session.exec(select(Assessment).where(col(Assessment.id).in_(ids))).all() if ids else []
    referred = baseline(session=session, context_id=context_id)
    agreed = agreed_level(session=session, context_id=context_id)
    return _Shared(
        context,
        replace(referred, level=agreed) if agreed is not None else referred,
        referred.level,
        agreed,
        active_goals(session=session, context_id=context_id),
        actions_of(session=session, context_id=context_id),
        reviews,
        {a.id or 0: a for a in found},
        goal_scores.of_context(session=session, context_id=context_id),
    )


def _facts(shared: _Shared, review: Review, today: date, framework: Framework) -> ReviewFacts:
    current = shared.assessments.get(review.assessment_id)
    if current is None:
        raise NotFound("The review's context or assessment is missing.")
    known = partial(lookup, framework)
    cmp = compare(shared.base, snapshot(current), known, framework.canonical_id)
    goals = [
        GoalLine(
            id=goal.id or 0,
            text=goal.text,
            status=GoalStatus(review.goal_statuses.get(str(goal.id), GoalStatus.OPEN)),
        )
        for goal in shared.goals
    ]
    actions = shared.actions
    planned = [
        PlannedItem(ActionKind(a.kind), ActionTarget(a.target), ActionState(a.state), a.due_on)
        for a in actions
    ]
    upto = [r for r in shared.reviews if (r.reviewed_at, r.id or 0) <= (review.reviewed_at, review.id or 0)]
    snaps = [shared.base] + [
        snapshot(shared.assessments[r.assessment_id]) for r in upto if r.assessment_id in shared.assessments
    ]
    return ReviewFacts(
        context=shared.context,
        review=review,
        number=len(upto),
        comparison=cmp,
        goals=tuple(goals),
        tally=goal_tally(g.status for g in goals),
        mix=intervention_mix(planned, today),
        done=tuple(a for a in actions if a.state == ActionState.DONE),
        overdue=tuple(a for a in actions if a.state == ActionState.OPEN and a.due_on < today),
        withdrawn=tuple(a for a in actions if a.state == ActionState.WITHDRAWN),
        trend=trend(snaps, known, framework.canonical_id),
        framework=framework,
        level_referred=shared.referred,
        level_agreed=shared.agreed,
        scales=tuple(
            series((p.text, p.viewpoint, p.score, p.at) for p in shared.points if p.at <= review.reviewed_at)
        ),
    )


def gather(*, session: Session, review: Review, today: date, framework: Framework) -> ReviewFacts:
    """The facts of one review, as of a local date (for overdue actions)."""
    return _facts(_shared(session, review.context_id), review, today, framework)


def gather_all(
    *, session: Session, context_id: int, today: date, framework: Framework
) -> tuple[ReviewFacts, ...]:
    """The facts of every review of a context, oldest first, in a fixed number of queries."""
    shared = _shared(session, context_id)
    return tuple(_facts(shared, r, today, framework) for r in shared.reviews)
