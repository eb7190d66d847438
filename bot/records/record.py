"""A context's whole record (referrals, baseline, decisions with history, goals, actions, reviews)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlmodel import Session, col, or_, select

from bot.core.deps import Deps
from bot.core.errors import NotFound, NotPermitted
from bot.domain.enums import ContextState, Level
from bot.records.link_notes import context_notes
from bot.reviews import scales
from storage import audit
from storage import decisions as decision_repo
from storage.actions import Action
from storage.contexts import Assessment, Context
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from storage.referrals import Referral
from storage.reviews import Review


@dataclass(frozen=True)
class ContextRecord:
    """Everything stored about one context, each part oldest first."""

    context: Context
    referrals: tuple[Referral, ...]
    assessments: tuple[Assessment, ...]
    decisions: tuple[Decision, ...]
    goals: tuple[SafetyGoal, ...]
    actions: tuple[Action, ...]
    reviews: tuple[Review, ...]
    links: tuple[str, ...] = ()  # what ties it to other contexts; only on a panel member's view
    scales: tuple[str, ...] = ()  # each goal's 0–10 scores from baseline to now, one line per goal

    @property
    def current_decision(self) -> Decision | None:
        """The latest version of the decision, if any."""
        return self.decisions[-1] if self.decisions else None

    @property
    def baseline_levels(self) -> tuple[Level | None, Level | None]:
        """The level referred (the highest referral snapshot's) and the level the panel first agreed."""
        referred = [Level(a.level) for a in self.assessments if a.source == "referral"]
        first = min(self.decisions, key=lambda d: (d.decided_at, d.version), default=None)
        highest = max(referred, key=lambda level: level.rank, default=None)
        return highest, Level(first.level) if first is not None else None

    @property
    def amendable(self) -> bool:
        """Whether the current decision may be amended (there is one, and the context is open)."""
        return self.current_decision is not None and self.context.state == ContextState.OPEN


def find_context(session: Session, ref: str) -> Context | None:
    """A context by its own reference or the reference of any referral linked to it."""
    ref = ref.strip().upper()
    linked = select(Referral.context_id).where(Referral.ref == ref)
    return session.exec(
        select(Context).where(or_(col(Context.ref) == ref, col(Context.id).in_(linked.scalar_subquery())))
    ).first()


def load_record(session: Session, context_id: int) -> ContextRecord:
    """The whole record of a context."""
    ctx = session.get(Context, context_id)
    if ctx is None:
        raise NotFound("No such context.")
    referrals = session.exec(
        select(Referral).where(Referral.context_id == context_id).order_by(col(Referral.created_at))
    )
    assessments = session.exec(
        select(Assessment)
        .where(Assessment.context_id == context_id)
        .order_by(col(Assessment.assessed_at), col(Assessment.id))
    )
    decisions = decision_repo.history(session=session, context_id=context_id)
    goals = decision_repo.goals_of(session=session, decision_ids=[d.id or 0 for d in decisions])
    actions = session.exec(select(Action).where(Action.context_id == context_id).order_by(col(Action.id)))
    reviews = session.exec(
        select(Review)
        .where(Review.context_id == context_id)
        .order_by(col(Review.reviewed_at), col(Review.id))
    )
    return ContextRecord(
        ctx,
        tuple(referrals),
        tuple(assessments),
        tuple(decisions),
        tuple(goals),
        tuple(actions),
        tuple(reviews),
        scales=tuple(scales.lines(scales.series_of(session, context_id=context_id))),
    )


def view_record(deps: Deps, *, user: str, ref: str) -> ContextRecord:
    """A panel member looks at a context's record; the view is audited."""
    return _viewed(
        deps, user, lambda s: find_context(s, ref), f"No context or referral has the reference {ref[:40]}."
    )


def view_record_of(deps: Deps, *, user: str, context_id: int) -> ContextRecord:
    """A panel member opens a context's record from a button; the view is audited."""
    return _viewed(deps, user, lambda s: s.get(Context, context_id), "That context no longer exists.")


def _viewed(
    deps: Deps, user: str, lookup: Callable[[Session], Context | None], missing: str
) -> ContextRecord:
    deps.refuse_outsider(user)
    if not deps.is_panel_member(user):
        raise NotPermitted("Only members of the panel can see a context's record.")
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        ctx = lookup(s)
        if ctx is None:
            raise NotFound(missing)
        record = replace(load_record(s, ctx.id or 0), links=tuple(context_notes(deps, s, ctx=ctx)))
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="context.viewed",
            record_type="context",
            record_id=ctx.id,
            ref=ctx.ref,
        )
    return record
