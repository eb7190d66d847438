"""What referral intake and screening owe people: the panel post, its thread replies, the referrer's DMs.

Each message is recorded chat-agnostically (`bot.core.owed`: a kind and the facts it shows); the chat
adapter renders it when it delivers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.core import keys
from bot.core.owed import owed
from bot.domain.enums import Level
from bot.domain.framework import Framework
from storage import outbox
from storage.contexts import Context, get_context
from storage.referrals import InfoRequest, Referral, info_requests_of


def panel_post(
    *,
    session: Session,
    referral: Referral,
    framework: Framework,
    now: datetime,
    coordinators: Iterable[str] = (),
) -> None:
    """Owe the panel an up-to-date post for a referral (a Red one mentions the coordinators while open)."""
    assert referral.id is not None
    facts = panel_facts(session, referral, framework)
    facts["alert"] = sorted(coordinators) if referral.urgency == "red" else []
    outbox.put_message(
        session=session,
        slot=keys.referral_panel(referral.id),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed("referral.panel", **facts),
        now=now,
        summary=f"referral {referral.ref} in the panel channel",
    )


def submitted(*, session: Session, referral: Referral, now: datetime) -> None:
    """Owe the referrer a receipt with the referral's reference."""
    _to_referrer(
        session,
        referral,
        "submitted",
        now,
        summary=f"receipt for referral {referral.ref}",
        context_kind=referral.context_kind,
        urgency=referral.urgency,
    )


def urgent(*, session: Session, referral: Referral, coordinators: Iterable[str], now: datetime) -> None:
    """Owe each coordinator a DM that a Red referral needs screening today (reference, kind, urgency)."""
    to_coordinators(session=session, referral=referral, coordinators=coordinators, what="urgent", now=now)


def to_coordinators(
    *, session: Session, referral: Referral, coordinators: Iterable[str], what: str, now: datetime
) -> None:
    """One DM per coordinator about a referral awaiting screening (urgent, screen_soon); no narrative."""
    assert referral.id is not None
    for user in sorted(coordinators):
        outbox.enqueue(
            session=session,
            key=keys.referral_coordinator_dm(referral.id, what, user),
            op=outbox.Op.DM,
            channel=user,
            payload=owed(
                "referral.screen_dm",
                what=what,
                ref=referral.ref,
                context_kind=referral.context_kind,
                urgency=referral.urgency,
                screen_by=referral.screen_by,
            ),
            now=now,
            summary=f"screening {what.replace('_', ' ')} for referral {referral.ref}",
        )


def accepted(*, session: Session, referral: Referral, context: Context, now: datetime) -> None:
    """Owe the referrer the news that their referral was accepted, and under which context."""
    _to_referrer(
        session,
        referral,
        "accepted",
        now,
        summary=f"referral {referral.ref} accepted",
        by=referral.screened_by or "",
        context_ref=context.ref,
    )


def declined(*, session: Session, referral: Referral, now: datetime) -> None:
    """Owe the referrer the news that their referral was declined, why, and where it was signposted."""
    _to_referrer(
        session,
        referral,
        "declined",
        now,
        summary=f"referral {referral.ref} declined",
        by=referral.screened_by or "",
        reason=referral.decline_reason or "",
        signposted_to=referral.signposted_to or "",
    )


def _to_referrer(
    session: Session, referral: Referral, what: str, now: datetime, *, summary: str, **facts: Any
) -> None:
    """One DM to the referrer about their referral (kind `referral.<what>_dm`), recorded once."""
    assert referral.id is not None
    outbox.enqueue(
        session=session,
        key=keys.referral_dm(referral.id, what),
        op=outbox.Op.DM,
        channel=referral.referrer_id,
        payload=owed(f"referral.{what}_dm", ref=referral.ref, name=referral.context_name, **facts),
        now=now,
        summary=summary,
    )


def question(*, session: Session, referral: Referral, request: InfoRequest, now: datetime) -> None:
    """Owe the panel thread a copy of a coordinator's question, and the referrer the question itself."""
    assert referral.id is not None and request.id is not None
    outbox.enqueue(
        session=session,
        key=keys.info_request_panel(request.id, "question"),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed(
            "referral.question_panel",
            ref=referral.ref,
            asked_by=request.asked_by,
            asked_at=request.asked_at,
            question=request.question,
        ),
        now=now,
        thread_of=keys.referral_panel(referral.id),
        summary=f"question about {referral.ref}",
    )
    _question_dm(session=session, referral=referral, request=request, now=now, summary="")


def answer(*, session: Session, referral: Referral, request: InfoRequest, now: datetime) -> None:
    """Owe the panel thread the referrer's answer, and update the question DM to say it was answered."""
    assert referral.id is not None and request.id is not None
    outbox.enqueue(
        session=session,
        key=keys.info_request_panel(request.id, "answer"),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed(
            "referral.answer_panel",
            ref=referral.ref,
            referrer=referral.referrer_id,
            answered_at=request.answered_at,
            question=request.question,
            answer=request.answer or "",
        ),
        now=now,
        thread_of=keys.referral_panel(referral.id),
        summary=f"answer about {referral.ref}",
    )
    _question_dm(session=session, referral=referral, request=request, now=now, summary=" (answered)")


def _question_dm(
    *, session: Session, referral: Referral, request: InfoRequest, now: datetime, summary: str
) -> None:
    # One slot: posted with an Answer button, then updated in place once answered.
    assert request.id is not None
    outbox.put_message(
        session=session,
        slot=keys.info_request_dm(request.id),
        op=outbox.Op.DM,
        channel=referral.referrer_id,
        payload=owed(
            "referral.question_dm",
            request_id=request.id,
            ref=referral.ref,
            name=referral.context_name,
            asked_by=request.asked_by,
            question=request.question,
            answered=request.answer is not None,
            answered_at=request.answered_at,
        ),
        now=now,
        summary=f"question about referral {referral.ref}{summary}",
    )


def panel_facts(session: Session, referral: Referral, framework: Framework) -> dict[str, Any]:
    """Everything the panel is shown about a referral, as plain facts (its post, and its Details)."""
    assert referral.id is not None
    context = get_context(session=session, context_id=referral.context_id) if referral.context_id else None
    requests = info_requests_of(session=session, referral_id=referral.id)
    return {
        "referral_id": referral.id,
        "ref": referral.ref,
        "status": referral.status,
        "context_kind": referral.context_kind,
        "name": referral.context_name,
        "area": referral.area,
        "urgency": referral.urgency,
        "referrer": referral.referrer_id,
        "agency": referral.referrer_agency,
        "created_at": referral.created_at,
        "harm_types": list(referral.harm_types),
        "young_people": list(referral.young_people),
        "sharing_basis": referral.sharing_basis,
        "sharing_reason": referral.sharing_reason,
        "description": referral.description,
        "concerns": referral.concerns,
        "suggested_level": referral.suggested_level,
        "indicator_ids": list(referral.indicator_ids),
        "suggestion_reasons": list(framework.suggest_level(referral.indicator_ids).reasons),
        "indicator_groups": indicator_groups(framework, referral.indicator_ids),
        "screened_by": referral.screened_by,
        "screened_at": referral.screened_at,
        "decline_reason": referral.decline_reason,
        "signposted_to": referral.signposted_to,
        "context_ref": context.ref if context else None,
        "context_name": context.name if context else None,
        "questions_asked": len(requests),
        "questions_answered": sum(1 for r in requests if r.answer is not None),
        "screen_by": referral.screen_by,
    }


def indicator_groups(framework: Framework, indicator_ids: list[str]) -> list[dict[str, Any]]:
    """The chosen indicators grouped by level, highest first, protective signs last (as plain facts)."""
    chosen = {i.id for i in (framework.get(x) for x in indicator_ids) if i is not None}
    groups: list[dict[str, Any]] = []
    for level in (Level.COMPLEX, Level.UNIVERSAL_PLUS, Level.UNIVERSAL):
        items = [i for i in framework.all_indicators() if i.id in chosen and i.level is level]
        if items:
            nature = "protective signs" if level is Level.UNIVERSAL else "concerns"
            groups.append(
                {
                    "level": level.value,
                    "title": f"{level.label}: {nature}",
                    "items": [{"id": i.id, "label": i.label} for i in items],
                }
            )
    return groups
