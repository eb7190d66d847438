"""Referral intake: store a referral and its baseline once per submitted form, and owe the panel its post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core.deps import Deps
from bot.domain import catalogue
from handlers.referrals import messages
from handlers.referrals.form import ReferralForm
from storage import audit, outbox
from storage.contexts import Assessment, add_assessment, get_context, next_reference
from storage.db import session_scope
from storage.referrals import Referral, add_referral, find_by_view, info_requests_of

BASELINE_SOURCE = "referral"


def panel_slot(referral_id: int) -> str:
    """Outbox slot of a referral's post in the panel channel (posted once, then updated in place)."""
    return f"referral:{referral_id}:panel"


def dm_key(referral_id: int, what: str) -> str:
    """Outbox key of a DM to the referrer about a referral (submitted, accepted, declined)."""
    return f"referral:{referral_id}:dm:{what}"


def panel_channel(deps: Deps) -> str:
    """The private panel channel (checked at start-up)."""
    channel = deps.settings.panel_channel
    if not channel:
        raise RuntimeError("EFRP_PANEL_CHANNEL is not set")
    return channel


def refresh_panel_post(*, session: Session, deps: Deps, referral: Referral, now: datetime) -> None:
    """Owe the panel an up-to-date post for a referral: the first post, or a chat.update of it."""
    assert referral.id is not None
    context = get_context(session=session, context_id=referral.context_id) if referral.context_id else None
    screening = messages.Screening(
        context=context, requests=tuple(info_requests_of(session=session, referral_id=referral.id))
    )
    outbox.put_message(
        session=session,
        slot=panel_slot(referral.id),
        op=outbox.Op.POST,
        channel=panel_channel(deps),
        payload=messages.panel_message(deps.jinja, referral, screening),
        now=now,
        summary=f"referral {referral.ref} in the panel channel",
    )


def submit_referral(deps: Deps, *, form: ReferralForm, referrer: str, view_id: str) -> tuple[Referral, bool]:
    """Store a referral, its baseline, audit event, panel post and receipt DM; one per submitted view.

    Returns the referral and whether this call created it (False for a repeated submission).
    """
    now = deps.clock.now()
    try:
        with session_scope(deps.engine) as s:
            existing = find_by_view(session=s, view_id=view_id)
            if existing is not None:
                return existing, False
            referral = _store(s, deps, form, referrer, view_id, now)
    except IntegrityError:
        # Two submissions of one view raced past the check above: the database kept only one.
        with session_scope(deps.engine) as s:
            existing = find_by_view(session=s, view_id=view_id)
        if existing is None:
            raise
        return existing, False
    return referral, True


def _store(
    s: Session, deps: Deps, form: ReferralForm, referrer: str, view_id: str, now: datetime
) -> Referral:
    suggestion = catalogue.suggest_level(form.indicator_ids)
    ref = next_reference(session=s, year=now.astimezone(deps.settings.tz).year)
    referral = add_referral(
        session=s,
        referral=Referral(
            ref=ref,
            view_id=view_id,
            referrer_id=referrer,
            referrer_agency=form.agency,
            context_kind=form.kind.value,
            context_name=form.name,
            area=form.area,
            description=form.description,
            concerns=form.concerns,
            harm_types=[h.value for h in form.harm_types],
            young_people=list(form.young_people),
            indicator_ids=list(form.indicator_ids),
            urgency=form.urgency.value,
            sharing_basis=form.sharing_basis.value,
            sharing_reason=form.sharing_reason,
            suggested_level=suggestion.level.value,
            status="submitted",
            created_at=now,
        ),
    )
    assert referral.id is not None
    add_assessment(
        session=s,
        assessment=Assessment(
            context_id=None,
            referral_id=referral.id,
            source=BASELINE_SOURCE,
            indicator_ids=list(form.indicator_ids),
            level=suggestion.level.value,
            catalogue_version=catalogue.CATALOGUE_VERSION,
            assessed_by=referrer,
            assessed_at=now,
        ),
    )
    audit.record(
        session=s,
        at=now,
        actor=referrer,
        action="referral.submitted",
        record_type="referral",
        record_id=referral.id,
        ref=ref,
        detail={
            "kind": form.kind.value,
            "urgency": form.urgency.value,
            "suggested_level": suggestion.level.value,
            "indicators": list(form.indicator_ids),
            "sharing_basis": form.sharing_basis.value,
            "young_people_count": len(form.young_people),
        },
    )
    refresh_panel_post(session=s, deps=deps, referral=referral, now=now)
    outbox.enqueue(
        session=s,
        key=dm_key(referral.id, "submitted"),
        op=outbox.Op.DM,
        channel=referrer,
        payload=messages.submitted_dm(deps.jinja, referral),
        now=now,
        summary=f"receipt for referral {ref}",
    )
    return referral
