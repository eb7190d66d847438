"""A young person's rights: every record naming their case reference, exported (correction: correction.py).

Found: referrals listing the reference among their young people or naming it in their text, the contexts
they opened or joined, and the contexts whose decisions, goals, actions, updates or reviews name it. The
audit says who exported or corrected which record, never the case reference itself (the audit is kept
for ever and may not hold what a purge must delete).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, or_
from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.documents import DocumentFormat, Printed
from bot.core.errors import InvalidInput
from bot.core.templating import render
from bot.records import export
from storage import audit
from storage.actions import Action, ActionUpdate, ExtensionRequest
from storage.contexts import Context
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from storage.referrals import InfoRequest, Referral
from storage.reviews import Review

FORMATS = (DocumentFormat.MARKDOWN, DocumentFormat.HTML)
# Free text that may name a case reference: a referral's and its questions', a context's record's, and
# the text of an action's updates and extension requests.
REFERRAL_TEXT = (
    "context_name", "area", "description", "concerns", "sharing_reason", "decline_reason", "signposted_to",
)  # fmt: skip
QUESTION_TEXT = ("question", "answer")
CONTEXT_TEXT: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (Context, ("name", "area", "outcome_reason", "reopen_reason")),
    (Decision, ("partners_note",)),
    (SafetyGoal, ("text",)),
    (Action, ("description", "done_note")),
    (Review, ("narrative", "outcome_reason")),
)
ACTION_TEXT: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (ActionUpdate, ("text",)),
    (ExtensionRequest, ("reason",)),
)
ALL_TEXT = ((Referral, REFERRAL_TEXT), (InfoRequest, QUESTION_TEXT), *CONTEXT_TEXT, *ACTION_TEXT)


def word(ref: str) -> re.Pattern[str]:
    """The reference as a whole word, in any case."""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(ref)}(?![A-Za-z0-9])", re.IGNORECASE)


def clean_ref(ref: str) -> str:
    """A case reference as typed, upper-cased; refused if it cannot be one."""
    ref = ref.strip().upper()
    if not ref or len(ref) > 40 or not ref.isprintable() or " " in ref:
        raise InvalidInput("Give one case reference, e.g. YP-100234.")
    return ref


def naming(session: Session, model: Any, columns: tuple[str, ...], ref: str) -> list[Any]:
    """Rows of a table whose text (or, for referrals, young people) names the reference as a whole word."""
    like = [col(getattr(model, c)).contains(ref, autoescape=True) for c in columns]
    if model is Referral:
        like.append(cast(Referral.young_people, String).contains(f'"{ref}"', autoescape=True))
    pattern = word(ref)
    rows = session.exec(select(model).where(or_(*like)))
    return [
        r
        for r in rows
        if any(pattern.search(str(getattr(r, c) or "")) for c in columns)
        or (model is Referral and ref in [y.upper() for y in r.young_people])
    ]


@dataclass(frozen=True)
class Found:
    """The records naming one case reference."""

    referrals: tuple[Referral, ...]  # every referral naming it (those in a context are in its record too)
    context_ids: tuple[int, ...]


def find(session: Session, ref: str) -> Found:
    """Every referral naming a case reference, and every context whose record names it."""
    referrals = {r.id: r for r in naming(session, Referral, REFERRAL_TEXT, ref)}
    for question in naming(session, InfoRequest, QUESTION_TEXT, ref):
        referral = session.get(Referral, question.referral_id)
        if referral is not None:
            referrals[referral.id] = referral
    contexts = {r.context_id for r in referrals.values() if r.context_id}
    for model, columns in CONTEXT_TEXT:
        contexts |= {
            row.id if model is Context else row.context_id for row in naming(session, model, columns, ref)
        }
    for model, columns in ACTION_TEXT:
        for row in naming(session, model, columns, ref):
            action = session.get(Action, row.action_id)
            contexts.add(action.context_id if action else None)
    return Found(
        tuple(sorted(referrals.values(), key=lambda r: r.id or 0)),
        tuple(sorted(c for c in contexts if c is not None)),
    )


def subject_access(deps: Deps, *, case_ref: str, fmt: str, actor: str) -> str:
    """Every record naming a case reference, as one document; each record's export is audited."""
    ref, chosen = clean_ref(case_ref), DocumentFormat.parse(fmt, FORMATS)
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        found = find(s, ref)
        contexts = [c for c in (s.get(Context, cid) for cid in found.context_ids) if c is not None]
        for ctx in contexts:
            _audit(s, actor, now, "context.exported", "context", ctx.id, ctx.ref, chosen.value)
        loose = [r for r in found.referrals if not r.context_id]
        for r in loose:
            _audit(s, actor, now, "referral.exported", "referral", r.id, r.ref, chosen.value)
        s.flush()
        records = [export.gather_record(s, deps, ctx, actor, now) for ctx in contexts]
    people = {actor, *(r.referrer_id for r in loose), *(r.screened_by or "" for r in loose)}
    for record in records:
        people |= record.people()
    names = deps.names(people)
    records = [replace(r, names=names, coordinators=deps.settings.coordinators) for r in records]
    name = "subject.md.j2" if chosen is DocumentFormat.MARKDOWN else "subject.html.j2"
    return (
        render(
            deps.jinja,
            name,
            case_ref=ref,
            records=records,
            loose=loose,
            who=lambda uid: names.get(uid, uid),
            exported_at=now,
            exported_by=actor,
            catalogue_version=deps.framework.version,
            marking=deps.settings.protective_marking,
            printed=Printed(deps.settings.protective_marking, "EFRP subject access"),
        )
        + "\n"
    )


def _audit(
    s: Session, actor: str, now: datetime, action: str, kind: str, rid: object, ref: str, fmt: str
) -> None:
    detail = {"format": fmt, "subject_access": True}
    audit.record(
        session=s, at=now, actor=actor, action=action, record_type=kind, record_id=rid, ref=ref, detail=detail
    )
