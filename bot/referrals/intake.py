"""Referral intake: store a referral and its baseline once per submitted form, and owe the panel its post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core.deps import Deps
from bot.domain.calendar import local_date
from bot.domain.enums import Level, Urgency
from bot.domain.screening import screen_by
from bot.referrals import owing
from bot.referrals.forms import ReferralForm
from storage import audit
from storage.contexts import Assessment, add_assessment, next_reference
from storage.db import session_scope
from storage.meetings import next_scheduled
from storage.referrals import Referral, add_referral, find_by_view

BASELINE_SOURCE = "referral"


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
    suggestion = deps.framework.suggest_level(form.indicator_ids)
    ref = next_reference(session=s, year=local_date(now, deps.settings.tz).year)
    referral = _referral(form, ref, referrer, view_id, suggestion.level, now)
    referral.screen_by = _deadline(s, deps, form.urgency, now)
    add_referral(session=s, referral=referral)
    assert referral.id is not None
    add_assessment(
        session=s,
        assessment=Assessment(
            context_id=None,
            referral_id=referral.id,
            source=BASELINE_SOURCE,
            indicator_ids=list(form.indicator_ids),
            level=suggestion.level.value,
            catalogue_version=deps.framework.version,
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
            "screen_by": referral.screen_by.isoformat() if referral.screen_by else None,
        },
    )
    coordinators = deps.coordinator_ids()
    owing.panel_post(
        session=s, referral=referral, framework=deps.framework, now=now, coordinators=coordinators
    )
    owing.submitted(session=s, referral=referral, now=now)
    if form.urgency is Urgency.RED:
        owing.urgent(session=s, referral=referral, coordinators=coordinators, now=now)
    return referral


def _deadline(s: Session, deps: Deps, urgency: Urgency, now: datetime) -> datetime:
    """When this referral must be screened by, in working time (Green: before the next meeting)."""
    meeting = next_scheduled(session=s, since=now) if urgency is Urgency.GREEN else None
    return screen_by(
        urgency,
        now,
        deps.settings.hours,
        amber_days=deps.settings.amber_screen_days,
        next_meeting_at=meeting.starts_at if meeting else None,
    )


def _referral(
    form: ReferralForm, ref: str, referrer: str, view_id: str, level: Level, now: datetime
) -> Referral:
    return Referral(
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
        suggested_level=level.value,
        status="submitted",
        created_at=now,
    )
