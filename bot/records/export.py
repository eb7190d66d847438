"""A context's complete record for the council's case-management system (Markdown or HTML)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.documents import DocumentFormat, Printed, to_pdf
from bot.core.templating import render
from bot.domain.calendar import local_date
from bot.domain.compare import Snapshot
from bot.domain.enums import Level
from bot.domain.framework import Framework
from bot.domain.wording import audit_sentence, humanise, operator_name
from bot.reviews import facts as facts_of
from bot.reviews import scales
from bot.reviews.facts import ReviewFacts
from storage import audit
from storage.actions import Action, ActionUpdate
from storage.audit import AuditEvent
from storage.contexts import Assessment, Context
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from storage.referrals import Referral

T = TypeVar("T")

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
    baseline: Snapshot  # as referred
    baseline_agreed: Level | None  # the level the panel agreed at its first decision (None before it)
    assessments: tuple[Assessment, ...]
    decisions: tuple[DecisionRecord, ...]
    actions: tuple[ActionRecord, ...]
    reviews: tuple[ReviewFacts, ...]
    events: tuple[AuditEvent, ...]
    exported_at: datetime
    exported_by: str
    framework: Framework
    names: Mapping[str, str] = field(default_factory=dict)
    coordinators: frozenset[str] = frozenset()
    scales: tuple[str, ...] = ()  # each goal's 0–10 scores from baseline to now, one line per goal

    def who(self, user_id: str | None) -> str:
        """A person by name (their ID when the directory cannot name them)."""
        uid = str(user_id or "")
        operator = operator_name(uid)
        if operator is not None:
            return f"{operator} (command line)"
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
        return {i for i in ids if i and i not in _NOT_PEOPLE and operator_name(i) is None}

    def label(self, indicator_id: str) -> str:
        """An indicator's label (for templates)."""
        return facts_of.label_of(self.framework, indicator_id)

    @staticmethod
    def level_label(value: str | None) -> str:
        """A stored level's human label (the raw value if unknown)."""
        try:
            return Level(str(value)).label
        except ValueError:
            return str(value or "")


def _grouped(rows: Iterable[T], attribute: str) -> dict[int | None, list[T]]:
    """Rows by the value of one attribute (a parent's ID), each list in the order read."""
    groups: dict[int | None, list[T]] = {}
    for row in rows:
        groups.setdefault(getattr(row, attribute), []).append(row)
    return groups


def gather_record(session: Session, deps: Deps, context: Context, actor: str, now: datetime) -> ContextRecord:
    """Everything held about one context, for an export made by ``actor`` at ``now`` (names not yet added)."""
    cid = context.id or 0
    referrals = facts_of.referrals_of(session=session, context_id=cid)
    decisions = facts_of.decisions_of(session=session, context_id=cid)
    goals = _grouped(
        session.exec(
            select(SafetyGoal)
            .where(col(SafetyGoal.decision_id).in_(select(Decision.id).where(Decision.context_id == cid)))
            .order_by(col(SafetyGoal.id))
        ),
        "decision_id",
    )
    actions = facts_of.actions_of(session=session, context_id=cid)
    updates = _grouped(
        session.exec(
            select(ActionUpdate)
            .where(col(ActionUpdate.action_id).in_(select(Action.id).where(Action.context_id == cid)))
            .order_by(col(ActionUpdate.created_at), col(ActionUpdate.id))
        ),
        "action_id",
    )
    today = local_date(now, deps.settings.tz)
    reviews = facts_of.gather_all(session=session, context_id=cid, today=today, framework=deps.framework)
    refs = sorted({context.ref, *(r.ref for r in referrals)})
    return ContextRecord(
        context=context,
        referrals=tuple(referrals),
        baseline=facts_of.baseline(session=session, context_id=cid),
        baseline_agreed=facts_of.agreed_level(session=session, context_id=cid),
        assessments=tuple(facts_of.assessments_of(session=session, context_id=cid)),
        decisions=tuple(DecisionRecord(d, tuple(goals.get(d.id, ()))) for d in decisions),
        actions=tuple(ActionRecord(a, tuple(updates.get(a.id, ()))) for a in actions),
        reviews=reviews,
        events=tuple(audit.list_events(session=session, refs=refs)),
        exported_at=now,
        exported_by=actor,
        framework=deps.framework,
        scales=tuple(scales.lines(scales.series_of(session, context_id=cid))),
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
    # Committed before the record is read: the export is on the trail it prints, and audited even if
    # reading or drawing it fails.
    with session_scope(deps.engine) as session:
        record = gather_record(session, deps, context, actor, now)
    # Named after the transaction: the directory may ask Slack and write its cache.
    record = replace(record, names=deps.names(record.people()), coordinators=deps.settings.coordinators)
    template = "export.md.j2" if chosen is DocumentFormat.MARKDOWN else "export.html.j2"
    text = render(
        deps.jinja,
        template,
        r=record,
        catalogue_version=deps.framework.version,
        marking=deps.settings.protective_marking,
        printed=Printed(deps.settings.protective_marking, f"EFRP context record {record.context.ref}"),
    )
    return to_pdf(text) if chosen is DocumentFormat.PDF else text + "\n"
