"""Screening: coordinators accept (new or existing context), decline, or ask the referrer for information."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core.changed import at, name, refusal
from bot.core.deps import Deps
from bot.core.errors import Conflict, NotFound, NotPermitted
from bot.core.templating import render
from bot.domain.enums import ContextState, ReferralStatus
from bot.referrals import owing
from bot.referrals.matching import similar_open_contexts
from bot.referrals.unchanged import check_answerable, check_no_new_question
from storage import audit
from storage.contexts import Context, add_context, attach_referral_assessment, get_context
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
    latest_info_request,
    lock_referral,
    mark_screened,
    record_answer,
    set_open_status,
)


class _Raced(Exception):
    """Another coordinator screened the referral between our read and our write."""


def open_for_screening(
    deps: Deps, *, referral_id: int, user: str
) -> tuple[Referral, list[Context], int | None]:
    """A referral still waiting for screening, the open contexts it might join and its latest question.

    The form carries that question's ID: a question asked after it opened refuses it. Conflict if screened.
    Opening the form shows the referral: the view is audited.
    """
    with session_scope(deps.engine) as s:
        referral = _load_open(deps, s, referral_id)
        latest = latest_info_request(session=s, referral_id=referral_id)
        audit.viewed(
            session=s,
            at=deps.clock.now(),
            actor=user,
            record_type="referral",
            record_id=referral_id,
            ref=referral.ref,
            via="screening form",
        )
        return referral, similar_open_contexts(session=s, referral=referral), latest.id if latest else None


def accept(
    deps: Deps,
    *,
    referral_id: int,
    by: str,
    join_context_id: int | None = None,
    last_question_id: int | None = None,
) -> Context:
    """Accept a referral: open a new context (queued for the next agenda) or join an open one.

    Refused (Conflict, naming who) when it was screened, or a question asked, after the form opened.
    """
    now = deps.clock.now()
    try:
        with session_scope(deps.engine) as s:
            referral = _load_open(deps, s, referral_id)
            check_no_new_question(deps, s, referral, last_question_id)
            context = _context_for(s, referral, join_context_id, now)
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
            _audit_accepted(s, referral, context, joined=join_context_id is not None, by=by, now=now)
            owing.panel_post(session=s, referral=referral, framework=deps.framework, now=now)
            owing.accepted(session=s, referral=referral, context=context, now=now)
            return context
    except (_Raced, IntegrityError):  # PostgreSQL: a simultaneous accept opened the context first
        raise _conflict_after_race(deps, referral_id) from None


def decline(
    deps: Deps,
    *,
    referral_id: int,
    by: str,
    reason: str,
    signposted_to: str,
    last_question_id: int | None = None,
) -> Referral:
    """Decline a referral with a reason and where the concern was signposted; tells the referrer.

    Refused (Conflict, naming who) when it was screened, or a question asked, after the form opened.
    """
    now = deps.clock.now()
    try:
        with session_scope(deps.engine) as s:
            referral = _load_open(deps, s, referral_id)
            check_no_new_question(deps, s, referral, last_question_id)
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
                detail={"signposted": bool(signposted_to.strip())},  # the words stay on the referral
            )
            owing.panel_post(session=s, referral=referral, framework=deps.framework, now=now)
            owing.declined(session=s, referral=referral, now=now)
            return referral
    except _Raced:
        raise _conflict_after_race(deps, referral_id) from None


def ask(
    deps: Deps,
    *,
    referral_id: int,
    by: str,
    question: str,
    view_id: str,
    last_question_id: int | None = None,
) -> InfoRequest:
    """Ask the referrer a question (DM with an Answer button, copy in the panel thread); one per view.

    Refused (Conflict, naming who) when it was screened, or another question asked, after the form opened.
    """
    now = deps.clock.now()
    try:
        with session_scope(deps.engine) as s:
            lock_referral(session=s, referral_id=referral_id)  # one screening step at a time
            existing = find_info_request_by_view(session=s, ask_view_id=view_id)
            if existing is not None:
                return existing
            referral = _load_open(deps, s, referral_id)
            check_no_new_question(deps, s, referral, last_question_id)
            request = add_info_request(
                session=s,
                request=InfoRequest(
                    referral_id=referral_id, question=question, asked_by=by, asked_at=now, ask_view_id=view_id
                ),
            )
            assert request.id is not None
            set_open_status(session=s, referral_id=referral_id, status=ReferralStatus.INFO_REQUESTED.value)
            s.refresh(referral)
            _audit_info(s, referral, "referral.info_requested", request.id, actor=by, now=now)
            owing.question(session=s, referral=referral, request=request, now=now)
            owing.panel_post(
                session=s,
                referral=referral,
                framework=deps.framework,
                now=now,
                coordinators=deps.coordinator_ids(),
            )
            return request
    except IntegrityError:
        with session_scope(deps.engine) as s:
            existing = find_info_request_by_view(session=s, ask_view_id=view_id)
        if existing is None:
            raise
        return existing


def open_question(deps: Deps, *, request_id: int, user: str) -> tuple[InfoRequest, Referral]:
    """A question its referrer may still answer; NotPermitted for others, Conflict if answered or screened."""
    with session_scope(deps.engine) as s:
        request, referral = _answerable(s, request_id, user)
        check_answerable(deps, referral, request)
        audit.viewed(
            session=s,
            at=deps.clock.now(),
            actor=user,
            record_type="referral",
            record_id=referral.id,
            ref=referral.ref,
            via="answer form",
        )
        return request, referral


def answer(deps: Deps, *, request_id: int, user: str, text: str, view_id: str) -> InfoRequest:
    """Add the referrer's answer to the referral and post it to the panel thread; one answer per question.

    Refused (Conflict, naming who and when) once the question was answered, or the referral screened.
    """
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        request = get_info_request(session=s, request_id=request_id)
        if request is not None and request.answer_view_id == view_id:
            return request  # the same answer submitted twice
        request, referral = _answerable(s, request_id, user)
        lock_referral(session=s, referral_id=referral.id or 0)  # one step at a time: an accept waits, or us
        s.refresh(request)
        if request.answer_view_id == view_id:
            return request  # the same answer, submitted twice at once
        check_answerable(deps, referral, request)
        if not record_answer(session=s, request_id=request_id, answer=text, at=now, view_id=view_id):
            raise Conflict("That question changed as you answered it. Nothing was added; please try again.")
        s.refresh(request)
        _reopen_if_all_answered(s, referral)
        _audit_info(s, referral, "referral.info_answered", request_id, actor=user, now=now)
        owing.answer(session=s, referral=referral, request=request, now=now)
        owing.panel_post(
            session=s,
            referral=referral,
            framework=deps.framework,
            now=now,
            coordinators=deps.coordinator_ids(),
        )
        return request


def _load_open(deps: Deps, session: Session, referral_id: int) -> Referral:
    referral = lock_referral(session=session, referral_id=referral_id)  # the row as it is, held till commit
    if referral is None:
        raise NotFound("I can't find that referral. Nothing was changed.")
    if referral.status not in OPEN_STATUSES:
        raise _already_screened(deps, referral)
    return referral


def _context_for(s: Session, referral: Referral, join_context_id: int | None, now: datetime) -> Context:
    """The open context to join, or a new one opened from the referral."""
    if join_context_id is not None:
        context = get_context(session=s, context_id=join_context_id)
        if context is None or context.state != ContextState.OPEN:
            raise Conflict("That context is no longer open. Nothing was changed; please accept again.")
        return context
    return add_context(
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


def _audit_accepted(
    s: Session, referral: Referral, context: Context, *, joined: bool, by: str, now: datetime
) -> None:
    audit.record(
        session=s,
        at=now,
        actor=by,
        action="referral.accepted",
        record_type="referral",
        record_id=referral.id,
        ref=referral.ref,
        detail={"context_ref": context.ref, "joined_existing_context": joined},
    )
    if joined:
        action = "context.assessment_added"
        detail = {"referral_ref": referral.ref, "indicators": referral.indicator_ids}
    else:
        action = "context.opened"
        detail = {"referral_ref": referral.ref, "level": context.level, "kind": context.kind}
    audit.record(
        session=s,
        at=now,
        actor=by,
        action=action,
        record_type="context",
        record_id=context.id,
        ref=context.ref,
        detail=detail,
    )


def _audit_info(
    s: Session, referral: Referral, action: str, request_id: int, *, actor: str, now: datetime
) -> None:
    audit.record(
        session=s,
        at=now,
        actor=actor,
        action=action,
        record_type="referral",
        record_id=referral.id,
        ref=referral.ref,
        detail={"info_request_id": request_id},
    )


def _reopen_if_all_answered(s: Session, referral: Referral) -> None:
    """Back to 'submitted' once every question to the referrer has its answer."""
    still_open = [r for r in info_requests_of(session=s, referral_id=referral.id or 0) if r.answer is None]
    if referral.status == ReferralStatus.INFO_REQUESTED and not still_open:
        set_open_status(session=s, referral_id=referral.id or 0, status=ReferralStatus.SUBMITTED.value)
        s.refresh(referral)


def _answerable(s: Session, request_id: int, user: str) -> tuple[InfoRequest, Referral]:
    request = get_info_request(session=s, request_id=request_id)
    referral = get_referral(session=s, referral_id=request.referral_id) if request else None
    if request is None or referral is None:
        raise NotFound("I can't find that question. Nothing was changed.")
    if referral.referrer_id != user:
        raise NotPermitted("Only the person who made the referral can answer this question.")
    return request, referral


def _already_screened(deps: Deps, referral: Referral) -> Conflict:
    return refusal(
        deps,
        render(
            deps.jinja,
            "screening_refusal_screened.mrkdwn.j2",
            ref=referral.ref,
            verb="accepted" if referral.status == ReferralStatus.ACCEPTED else "declined",
            by=name(referral.screened_by or ""),
            when=at(referral.screened_at, tz=deps.settings.tz, now=deps.clock.now()),
        ),
    )


def _conflict_after_race(deps: Deps, referral_id: int) -> Conflict:
    with session_scope(deps.engine) as s:
        referral = get_referral(session=s, referral_id=referral_id)
    if referral is None or referral.status in OPEN_STATUSES:
        return Conflict(
            "That referral changed while you were screening it. Nothing was changed; please try again."
        )
    return _already_screened(deps, referral)
