"""A safety plan's balance at a review: the mix of its actions and the tally of its goals (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.domain.enums import ActionKind, ActionState, ActionTarget, GoalStatus


class PlannedAction(Protocol):
    """What the intervention mix needs from an action (a store record or a plain dataclass)."""

    @property
    def kind(self) -> ActionKind:
        """Builds safety or disrupts."""

    @property
    def target(self) -> ActionTarget:
        """The context or individuals."""

    @property
    def state(self) -> ActionState:
        """Open, done or withdrawn."""

    @property
    def due_on(self) -> date:
        """Due date (local)."""


DISRUPTION_WARNING = (
    "Most actions disrupt or enforce rather than build safety: Contextual Safeguarding warns that "
    "disruption alone tends to displace harm to another place rather than remove it."
)
INDIVIDUAL_WARNING = (
    "Most actions target individual young people rather than the context: work with individuals "
    "alone leaves the conditions that caused harm in place, so it moves on to the next young people."
)


@dataclass(frozen=True)
class InterventionMix:
    """Balance of a plan's actions; kind and target counts leave out withdrawn actions.

    State counts are disjoint: open (not yet overdue) + overdue + done + withdrawn = total.
    """

    total: int = 0
    builds_safety: int = 0
    disrupts: int = 0
    context_targeted: int = 0
    individual_targeted: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    withdrawn: int = 0

    @property
    def disruption_dominates(self) -> bool:
        """More disrupting than safety-building actions."""
        return self.disrupts > self.builds_safety

    @property
    def individual_only_dominates(self) -> bool:
        """More actions targeting individuals than the context."""
        return self.individual_targeted > self.context_targeted

    @property
    def warnings(self) -> tuple[str, ...]:
        """Explanatory warnings for each flag raised."""
        found: list[str] = []
        if self.disruption_dominates:
            found.append(DISRUPTION_WARNING)
        if self.individual_only_dominates:
            found.append(INDIVIDUAL_WARNING)
        return tuple(found)

    @property
    def warning(self) -> str | None:
        """All warnings as one text, or None when the mix is balanced."""
        return " ".join(self.warnings) or None


def intervention_mix(actions: Iterable[PlannedAction], as_of: date) -> InterventionMix:
    """Count a plan's actions; an open action due before `as_of` (a local date) is overdue."""
    counts: Counter[str] = Counter()
    for action in actions:
        counts["total"] += 1
        if action.state is ActionState.WITHDRAWN:
            counts["withdrawn"] += 1
            continue
        if action.state is ActionState.DONE:
            counts["done"] += 1
        else:
            counts["overdue" if action.due_on < as_of else "open"] += 1
        counts["builds_safety" if action.kind is ActionKind.BUILDS_SAFETY else "disrupts"] += 1
        counts["context_targeted" if action.target is ActionTarget.CONTEXT else "individual_targeted"] += 1
    return InterventionMix(**counts)


# ---------------------------------------------------------------------------- goals


@dataclass(frozen=True)
class GoalTally:
    """How a context's safety goals stand at a review."""

    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        """Number of goals."""
        return self.met + self.partly_met + self.not_met + self.open

    @property
    def assessed(self) -> int:
        """Goals given a status other than open."""
        return self.met + self.partly_met + self.not_met

    @property
    def all_met(self) -> bool:
        """True when there are goals and every one is met."""
        return self.total > 0 and self.met == self.total


def goal_tally(statuses: Iterable[GoalStatus]) -> GoalTally:
    """Count goal statuses."""
    counts = Counter(statuses)
    return GoalTally(
        met=counts[GoalStatus.MET],
        partly_met=counts[GoalStatus.PARTLY_MET],
        not_met=counts[GoalStatus.NOT_MET],
        open=counts[GoalStatus.OPEN],
    )
