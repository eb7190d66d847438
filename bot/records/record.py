"""A context's whole record (referrals, baseline, decisions with history, goals, actions, reviews)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from bot.core.deps import Deps
from bot.core.errors import NotFound, NotPermitted
from bot.core.templating import render
from bot.domain.enums import ContextKind, Level
from handlers import blocks, metadata
from handlers.meetings.ids import Button, DecisionButton
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

    @property
    def current_decision(self) -> Decision | None:
        """The latest version of the decision, if any."""
        return self.decisions[-1] if self.decisions else None


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
    )


def view_record(deps: Deps, *, user: str, ref: str) -> ContextRecord:
    """A panel member looks at a context's record; the view is audited."""
    if not deps.is_panel_member(user):
        raise NotPermitted("Only members of the panel can see a context's record.")
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        ctx = find_context(s, ref)
        if ctx is None:
            raise NotFound(f"No context or referral has the reference {ref[:40]}.")
        record = load_record(s, ctx.id or 0)
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


def record_text(deps: Deps, record: ContextRecord) -> str:
    """The record as mrkdwn."""
    c = record.context
    superseded = {d.supersedes_id for d in record.decisions if d.supersedes_id}
    return render(
        deps.jinja,
        "context_record.j2",
        c=c,
        kind=ContextKind(c.kind).label,
        level=Level(c.level).label,
        referrals=record.referrals,
        assessments=record.assessments,
        decisions=record.decisions,
        superseded=superseded,
        goals=record.goals,
        actions=record.actions,
        reviews=record.reviews,
    )


def record_message(deps: Deps, record: ContextRecord, *, user: str) -> dict[str, Any]:
    """The record as a private message; coordinators get an Amend decision button."""
    body = [blocks.header(f"Record of {record.context.ref}"), *blocks.sections(record_text(deps, record))]
    if deps.is_coordinator(user) and record.current_decision is not None and record.context.state == "open":
        value = metadata.dump(DecisionButton(context_id=record.context.id or 0))
        body.append(blocks.actions([blocks.button("Amend decision", Button.AMEND_DECISION, value)]))
    return blocks.message(f"Record of {record.context.ref}", body)
