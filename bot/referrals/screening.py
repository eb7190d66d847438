"""Screening: coordinators accept (new or existing context), decline, or ask the referrer for information."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core.deps import Deps
from bot.core.errors import Conflict, NotFound, NotPermitted
from bot.domain.enums import ContextState, ReferralStatus
from bot.referrals.intake import dm_key, panel_channel, panel_slot, refresh_panel_post
from handlers.mrkdwn import date, escape, mention
from handlers.referrals import messages
from storage import audit, outbox
from storage.contexts import (
    Context,
    add_context,
    attach_referral_assessment,
    get_context,
    open_contexts_of_kind,
)
from storage.db import session_scope
from storage.referrals import (
    OPEN_STATUSES,
    InfoRequest,
    Referral,
    add_info_request,
    find_info_request_by_view,
    get_info_request,
    get_referral,
    info_requests_of,
    mark_screened,
    record_answer,
    set_open_status,
)

MAX_MATCHES = 5
_STOPWORDS = frozenset({"the", "a", "an", "of", "and", "at", "on", "in", "near", "by"})
_WORD = re.compile(r"[^\W_]+")


def _words(name: str) -> set[str]:
    return {w for w in _WORD.findall(name.casefold()) if w not in _STOPWORDS}


def name_similarity(a: str, b: str) -> float:
    """How alike two context names are, from 0 to 1 (character likeness or shared words)."""
    ratio = SequenceMatcher(None, " ".join(a.casefold().split()), " ".join(b.casefold().split())).ratio()
    wa, wb = _words(a), _words(b)
    overlap = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
    return max(ratio, overlap)


def similar_open_contexts(*, session: Session, referral: Referral) -> list[Context]:
    """Open contexts of the referral's kind with a similar name, most alike first."""
    scored = [
        (name_similarity(referral.context_name, ctx.name), ctx)
        for ctx in open_contexts_of_kind(session=session, kind=referral.context_kind)
    ]
    close = [(score, ctx) for score, ctx in scored if score >= 0.6]
    close.sort(key=lambda pair: (-pair[0], pair[1].id or 0))
    return [ctx for _, ctx in close[:MAX_MATCHES]]


def _already_screened(referral: Referral) -> Conflict:
    verb = "accepted" if referral.status == ReferralStatus.ACCEPTED else "declined"
    when = f" {date(referral.screened_at)}" if referral.screened_at else ""
    return Conflict(
        f"Referral {escape(referral.ref)} was already {verb} by {mention(referral.screened_by or '')}"
        f"{when}. Nothing was changed."
    )


def _load_open(session: Session, referral_id: int) -> Referral:
    referral = get_referral(session=session, referral_id=referral_id)
    if referral is None:
        raise NotFound("I can't find that referral. Nothing was changed.")
    if referral.status not in OPEN_STATUSES:
        raise _already_screened(referral)
    return referral


def _conflict_after_race(deps: Deps, referral_id: int) -> Conflict:
    with session_scope(deps.engine) as s:
        referral = get_referral(session=s, referral_id=referral_id)
    if referral is None or referral.status in OPEN_STATUSES:
        return Conflict(
            "That referral changed while you were screening it. Nothing was changed; please try again."
        )
    return _already_screened(referral)


def open_for_screening(deps: Deps, *, referral_id: int) -> tuple[Referral, list[Context]]:
    """A referral still waiting for screening, with the open contexts it might join; Conflict if screened."""
    with session_scope(deps.engine) as s:
        referral = _load_open(s, referral_id)
        return referral, similar_open_contexts(session=s, referral=referral)


class _Raced(Exception):
    """Another coordinator screened the referral between our read and our write."""


def accept(deps: Deps, *, referral_id: int, by: str, join_context_id: int | None = None) -> Context:
    """Accept a referral: open a new context (queued for the next agenda) or join an open one."""
    try:
        return _accept(deps, referral_id=referral_id, by=by, join_context_id=join_context_id)
    except _Raced:
        raise _conflict_after_race(deps, referral_id) from None


def _accept(deps: Deps, *, referral_id: int, by: str, join_context_id: int | None = None) -> Context:
    """Accept inside one transaction; _Raced when another coordinator got there first."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        referral = _load_open(s, referral_id)
        if join_context_id is not None:
            context = get_context(session=s, context_id=join_context_id)
            if context is None or context.state != ContextState.OPEN:
                raise Conflict("That context is no longer open. Nothing was changed; please accept again.")
        else:
            context = add_context(
                session=s,
                context=Context(
                    ref=referral.ref,
                    kind=referral.context_kind,
                    name=referral.context_name,
                    area=referral.area,
                    state=ContextState.OPEN.value,
                    level=referral.suggested_level,
                    focus=[],
                    created_at=now,
                    accepted_at=now,
                    first_discussed_at=None,
                ),
            )
        assert context.id is not None
        if not mark_screened(
            session=s,
            referral_id=referral_id,
            status=ReferralStatus.ACCEPTED.value,
            by=by,
            at=now,
            context_id=context.id,
        ):
            raise _Raced()
        s.refresh(referral)
        attach_referral_assessment(session=s, referral_id=referral_id, context_id=context.id)
        linked = join_context_id is not None
        audit.record(
            session=s,
            at=now,
            actor=by,
            action="referral.accepted",
            record_type="referral",
            record_id=referral_id,
            ref=referral.ref,
            detail={"context_ref": context.ref, "joined_existing_context": linked},
        )
        if linked:
            audit.record(
                session=s,
                at=now,
                actor=by,
                action="context.assessment_added",
                record_type="context",
                record_id=context.id,
                ref=context.ref,
                detail={"referral_ref": referral.ref, "indicators": referral.indicator_ids},
            )
        else:
            audit.record(
                session=s,
                at=now,
                actor=by,
                action="context.opened",
                record_type="context",
                record_id=context.id,
                ref=context.ref,
                detail={"referral_ref": referral.ref, "level": context.level, "kind": context.kind},
            )
        refresh_panel_post(session=s, deps=deps, referral=referral, now=now)
        outbox.enqueue(
            session=s,
            key=dm_key(referral_id, "accepted"),
            op=outbox.Op.DM,
            channel=referral.referrer_id,
            payload=messages.accepted_dm(deps.jinja, referral, context),
            now=now,
            summary=f"referral {referral.ref} accepted",
        )
        return context


def decline(deps: Deps, *, referral_id: int, by: str, reason: str, signposted_to: str) -> Referral:
    """Decline a referral with a reason and where the concern was signposted; tells the referrer."""
    now = deps.clock.now()
    try:
        with session_scope(deps.engine) as s:
            referral = _load_open(s, referral_id)
            if not mark_screened(
                session=s,
                referral_id=referral_id,
                status=ReferralStatus.DECLINED.value,
                by=by,
                at=now,
                decline_reason=reason,
                signposted_to=signposted_to,
            ):
                raise _Raced()
            s.refresh(referral)
            audit.record(
                session=s,
                at=now,
                actor=by,
                action="referral.declined",
                record_type="referral",
                record_id=referral_id,
                ref=referral.ref,
                detail={"signposted_to": signposted_to},
            )
            refresh_panel_post(session=s, deps=deps, referral=referral, now=now)
            outbox.enqueue(
                session=s,
                key=dm_key(referral_id, "declined"),
                op=outbox.Op.DM,
                channel=referral.referrer_id,
                payload=messages.declined_dm(deps.jinja, referral),
                now=now,
                summary=f"referral {referral.ref} declined",
            )
            return referral
    except _Raced:
        raise _conflict_after_race(deps, referral_id) from None


def question_slot(request_id: int) -> str:
    """Outbox slot of the question DM (updated in place once answered)."""
    return f"info:{request_id}:dm"


def ask(deps: Deps, *, referral_id: int, by: str, question: str, view_id: str) -> InfoRequest:
    """Ask the referrer a question (DM with an Answer button, copy in the panel thread); one per view."""
    now = deps.clock.now()
    try:
        with session_scope(deps.engine) as s:
            existing = find_info_request_by_view(session=s, ask_view_id=view_id)
            if existing is not None:
                return existing
            referral = _load_open(s, referral_id)
            request = add_info_request(
                session=s,
                request=InfoRequest(
                    referral_id=referral_id, question=question, asked_by=by, asked_at=now, ask_view_id=view_id
                ),
            )
            assert request.id is not None
            set_open_status(session=s, referral_id=referral_id, status=ReferralStatus.INFO_REQUESTED.value)
            s.refresh(referral)
            audit.record(
                session=s,
                at=now,
                actor=by,
                action="referral.info_requested",
                record_type="referral",
                record_id=referral_id,
                ref=referral.ref,
                detail={"info_request_id": request.id},
            )
            outbox.enqueue(
                session=s,
                key=f"info:{request.id}:panel:question",
                op=outbox.Op.POST,
                channel=panel_channel(deps),
                payload=messages.question_thread(deps.jinja, referral, request),
                now=now,
                thread_of=panel_slot(referral_id),
                summary=f"question about {referral.ref}",
            )
            outbox.put_message(
                session=s,
                slot=question_slot(request.id),
                op=outbox.Op.DM,
                channel=referral.referrer_id,
                payload=messages.question_dm(deps.jinja, referral, request),
                now=now,
                summary=f"question about referral {referral.ref}",
            )
            refresh_panel_post(session=s, deps=deps, referral=referral, now=now)
            return request
    except IntegrityError:
        with session_scope(deps.engine) as s:
            existing = find_info_request_by_view(session=s, ask_view_id=view_id)
        if existing is None:
            raise
        return existing


def open_question(deps: Deps, *, request_id: int, user: str) -> tuple[InfoRequest, Referral]:
    """A question the referrer may still answer; NotPermitted for anyone else, Conflict once answered."""
    with session_scope(deps.engine) as s:
        request, referral = _answerable(s, request_id, user)
        if request.answer is not None:
            raise Conflict(f"You already answered this question about {escape(referral.ref)}. Thank you.")
        return request, referral


def answer(deps: Deps, *, request_id: int, user: str, text: str, view_id: str) -> InfoRequest:
    """Add the referrer's answer to the referral and post it to the panel thread; one answer per question."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        request = get_info_request(session=s, request_id=request_id)
        if request is not None and request.answer_view_id == view_id:
            return request  # the same answer submitted twice
        request, referral = _answerable(s, request_id, user)
        if not record_answer(session=s, request_id=request_id, answer=text, at=now, view_id=view_id):
            s.refresh(request)
            if request.answer_view_id == view_id:
                return request  # the same answer, submitted twice at once
            raise Conflict(f"You already answered this question about {escape(referral.ref)}. Thank you.")
        s.refresh(request)
        still_open = [
            r for r in info_requests_of(session=s, referral_id=referral.id or 0) if r.answer is None
        ]
        if referral.status == ReferralStatus.INFO_REQUESTED and not still_open:
            set_open_status(session=s, referral_id=referral.id or 0, status=ReferralStatus.SUBMITTED.value)
            s.refresh(referral)
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="referral.info_answered",
            record_type="referral",
            record_id=referral.id,
            ref=referral.ref,
            detail={"info_request_id": request_id},
        )
        outbox.enqueue(
            session=s,
            key=f"info:{request_id}:panel:answer",
            op=outbox.Op.POST,
            channel=panel_channel(deps),
            payload=messages.answer_thread(deps.jinja, referral, request),
            now=now,
            thread_of=panel_slot(referral.id or 0),
            summary=f"answer about {referral.ref}",
        )
        outbox.put_message(
            session=s,
            slot=question_slot(request_id),
            op=outbox.Op.DM,
            channel=user,
            payload=messages.question_dm(deps.jinja, referral, request),
            now=now,
            summary=f"question about referral {referral.ref} (answered)",
        )
        refresh_panel_post(session=s, deps=deps, referral=referral, now=now)
        return request


def _answerable(s: Session, request_id: int, user: str) -> tuple[InfoRequest, Referral]:
    request = get_info_request(session=s, request_id=request_id)
    referral = get_referral(session=s, referral_id=request.referral_id) if request else None
    if request is None or referral is None:
        raise NotFound("I can't find that question. Nothing was changed.")
    if referral.referrer_id != user:
        raise NotPermitted("Only the person who made the referral can answer this question.")
    return request, referral
