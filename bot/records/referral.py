"""A referral's details (what the referrer wrote, the indicators, the suggestion), for panel members."""

from __future__ import annotations

from typing import Any

from bot.core.deps import Deps
from bot.core.errors import NotFound, NotPermitted
from bot.core.owed import jsonable
from bot.records.link_notes import referral_links
from bot.referrals.owing import panel_facts
from storage import audit
from storage.db import session_scope
from storage.referrals import get_referral


def view_referral(deps: Deps, *, user: str, referral_id: int) -> dict[str, Any]:
    """A panel member reads a referral in full (the panel post shows only its summary); audited."""
    if not deps.is_panel_member(user):
        raise NotPermitted("Only members of the panel can read a referral's details.")
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        referral = get_referral(session=s, referral_id=referral_id)
        if referral is None:
            raise NotFound("That referral no longer exists.")
        facts: dict[str, Any] = jsonable(panel_facts(s, referral, deps.framework))
        facts["links"] = referral_links(deps, s, referral)
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="referral.viewed",
            record_type="referral",
            record_id=referral.id,
            ref=referral.ref,
        )
    return facts
