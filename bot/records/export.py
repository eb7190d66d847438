"""A context's complete record for the council's case-management system (Markdown or HTML)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.documents import DocumentFormat, Printed, to_pdf
from bot.core.templating import render
from bot.domain import catalogue
from bot.domain.calendar import local_date
from bot.domain.compare import Snapshot
from bot.domain.enums import Level
from bot.domain.wording import audit_sentence, humanise
from bot.reviews import facts as facts_of
from bot.reviews.facts import ReviewFacts
from storage import audit
from storage import reviews as review_store
from storage.actions import Action, ActionUpdate
from storage.audit import AuditEvent
from storage.contexts import Assessment, Context
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from storage.referrals import Referral

FORMATS = (DocumentFormat.MARKDOWN, DocumentFormat.HTML, DocumentFormat.PDF)
# Who else the bot or the command line is, when they appear as the actor of an event.
_NOT_PEOPLE = {audit.SYSTEM: "the bot", "cli": "an operator (command line)"}


@dataclass(frozen=True)
class ActionRecord:
    """An action and its updates."""

    action: Action
    updates: tuple[ActionUpdate, ...]


@dataclass(frozen=True)
class DecisionRecord:
    """One decision version and the goals it set."""

    decision: Decision
    goals: tuple[SafetyGoal, ...]


@dataclass(frozen=True)
class ContextRecord:
    """Everything the bot holds about one context."""

    context: Context
    referrals: tuple[Referral, ...]
    baseline: Snapshot
    assessments: tuple[Assessment, ...]
    decisions: tuple[DecisionRecord, ...]
    actions: tuple[ActionRecord, ...]
    reviews: tuple[ReviewFacts, ...]
    events: tuple[AuditEvent, ...]
    exported_at: datetime
    exported_by: str
    names: Mapping[str, str] = field(default_factory=dict)
    coordinators: frozenset[str] = frozenset()

    def who(self, user_id: str | None) -> str:
        """A person by name (their ID when the directory cannot name them)."""
        uid = str(user_id or "")
        return _NOT_PEOPLE.get(uid) or self.names.get(uid, uid) or "nobody recorded"

    def sentence(self, event: AuditEvent) -> str:
        """An audit event as a sentence, e.g. 'Sam (coordinator) accepted referral EFRP-2026-0001.'"""
        return audit_sentence(
            actor=event.actor,
            action=event.action,
            ref=event.ref,
            record=f"{humanise(event.record_type)} {event.record_id}",
            name_of=self.who,
            coordinators=self.coordinators,
        )

    def people(self) -> set[str]:
        """Every user ID the record mentions (to be named)."""
        ids = {self.exported_by, *(e.actor for e in self.events)}
        for ref in self.referrals:
            ids |= {ref.referrer_id, ref.screened_by or ""}
        ids |= {a.assessed_by for a in self.assessments}
        ids |= {d.decision.decided_by for d in self.decisions}
        for ar in self.actions:
            ids |= {ar.action.owner_id, *(u.author for u in ar.updates)}
        for f in self.reviews:
            ids |= {f.review.reviewed_by, f.review.decided_by or ""}
        return {i for i in ids if i and i not in _NOT_PEOPLE}

    @staticmethod
    def label(indicator_id: str) -> str:
        """An indicator's label (for templates)."""
        return facts_of.label_of(indicator_id)

    @staticmethod
    def level_label(value: str | None) -> str:
        """A stored level's human label (the raw value if unknown)."""
        try:
            return Level(str(value)).label
        except ValueError:
            return str(value or "")


def _record(session: Session, deps: Deps, context: Context, actor: str, now: datetime) -> ContextRecord:
    cid = context.id or 0
    referrals = facts_of.referrals_of(session=session, context_id=cid)
    decisions = []
    for d in facts_of.decisions_of(session=session, context_id=cid):
        goals = session.exec(
            select(SafetyGoal).where(SafetyGoal.decision_id == d.id).order_by(col(SafetyGoal.id))
        )
        decisions.append(DecisionRecord(d, tuple(goals)))
    actions = []
    for a in facts_of.actions_of(session=session, context_id=cid):
        updates = session.exec(
            select(ActionUpdate).where(ActionUpdate.action_id == a.id).order_by(col(ActionUpdate.created_at))
        )
        actions.append(ActionRecord(a, tuple(updates)))
    today = local_date(now, deps.settings.tz)
    reviews = tuple(
        facts_of.gather(session=session, review=r, today=today)
        for r in review_store.for_context(session=session, context_id=cid)
    )
    refs = sorted({context.ref, *(r.ref for r in referrals)})
    return ContextRecord(
        context=context,
        referrals=tuple(referrals),
        baseline=facts_of.baseline(session=session, context_id=cid),
        assessments=tuple(facts_of.assessments_of(session=session, context_id=cid)),
        decisions=tuple(decisions),
        actions=tuple(actions),
        reviews=reviews,
        events=tuple(audit.list_events(session=session, refs=refs)),
        exported_at=now,
        exported_by=actor,
    )


def export_record(deps: Deps, *, ref: str, fmt: str, actor: str, now: datetime) -> str | bytes:
    """The context's complete record as Markdown, HTML or PDF; the export itself is audited first."""
    chosen = DocumentFormat.parse(fmt, FORMATS)
    with session_scope(deps.engine) as session:
        context = facts_of.context_by_ref(session=session, ref=ref)
        audit.record(
            session=session,
            at=now,
            actor=actor,
            action="context.exported",
            record_type="context",
            record_id=context.id,
            ref=context.ref,
            detail={"format": chosen.value},
        )
        session.flush()
        record = _record(session, deps, context, actor, now)
    # Named after the transaction: the directory may ask Slack and write its cache.
    record = replace(record, names=deps.names(record.people()), coordinators=deps.settings.coordinators)
    template = "export.md.j2" if chosen is DocumentFormat.MARKDOWN else "export.html.j2"
    text = render(
        deps.jinja,
        template,
        r=record,
        catalogue_version=catalogue.CATALOGUE_VERSION,
        marking=deps.settings.protective_marking,
        printed=Printed(deps.settings.protective_marking, f"EFRP context record {record.context.ref}"),
    )
    return to_pdf(text) if chosen is DocumentFormat.PDF else text + "\n"
