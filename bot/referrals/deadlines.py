"""Screening deadlines in the reminder sweep: remind the coordinators, then tell the panel, once each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from bot.domain.screening import SCREEN_OVERDUE, ScreeningDue, due_screening_reminders
from bot.referrals import owing
from storage import audit, outbox
from storage import reminders as store
from storage.outbox_mentions import REFERRAL
from storage.referrals import Referral, unscreened_with_deadline

__all__ = ["ScreeningClaim", "sweep_screening"]

LIST_LIMIT = 40  # referrals listed in one panel message; the rest are counted


@dataclass(frozen=True, slots=True)
class ScreeningClaim:
    """A screening reminder this sweep claimed, and the referral it is about."""

    claimed: store.Claimed
    ref: str
    screen_by: datetime


def sweep_screening(s: Session, deps: Deps, now: datetime) -> list[ScreeningClaim]:
    """Claim the screening reminders due now and owe their messages, in the sweep's transaction."""
    rows = unscreened_with_deadline(session=s)
    due = due_screening_reminders(
        (ScreeningDue(i, created, by) for i, created, by in rows), now, deps.settings.hours
    )
    if not due:
        return []
    claimed = store.claim(session=s, keys=(d.key for d in due), now=now)
    if not claimed:
        return []
    ids = {d.key: d.referral_id for d in due}
    referrals = {
        r.id: r
        for r in s.exec(
            select(Referral).where(col(Referral.id).in_([ids[c.subject, c.kind, c.day] for c in claimed]))
        )
    }
    out: list[ScreeningClaim] = []
    overdue: list[Referral] = []
    coordinators = deps.coordinator_ids()
    for c in claimed:
        referral = referrals[ids[c.subject, c.kind, c.day]]
        assert referral.screen_by is not None
        out.append(ScreeningClaim(c, referral.ref, referral.screen_by))
        if c.kind == SCREEN_OVERDUE:
            overdue.append(referral)
        else:
            owing.to_coordinators(
                session=s, referral=referral, coordinators=coordinators, what=c.kind, now=now
            )
        _audit(s, c, referral, now)
    if overdue and deps.settings.panel_channel:
        outbox.enqueue(session=s, now=now, **_overdue_listing(claimed[0].id, overdue))
    return out


def _audit(s: Session, c: store.Claimed, referral: Referral, now: datetime) -> None:
    audit.record(
        session=s,
        at=now,
        actor=audit.SYSTEM,
        action=f"reminder.{c.kind}",
        record_type="referral",
        record_id=referral.id,
        ref=referral.ref,
        detail={
            "day": c.day.isoformat(),
            "screen_by": referral.screen_by.isoformat() if referral.screen_by else None,
        },
    )


def _overdue_listing(first_claim_id: int, overdue: list[Referral]) -> dict[str, Any]:
    """One panel message for this sweep's referrals past their screening deadline."""
    items = [
        {"ref": r.ref, "context_kind": r.context_kind, "urgency": r.urgency, "screen_by": r.screen_by}
        for r in overdue
    ]
    return {
        "key": keys.screening_overdue(first_claim_id),
        "op": outbox.Op.POST,
        "channel": outbox.PANEL,
        "payload": owed("referral.screen_overdue", items=items[:LIST_LIMIT], total=len(items)),
        "summary": f"{len(items)} referral(s) past their screening deadline",
        "names": [(REFERRAL, r.id or 0) for r in overdue[:LIST_LIMIT]],
    }
