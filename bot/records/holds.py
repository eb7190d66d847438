"""Legal hold: a coordinator keeps a context (or a declined referral) from retention purges until released."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.core.deps import Deps
from bot.core.errors import Conflict, InvalidInput, NotFound
from bot.core.freetext import personal_data_problem
from bot.records.record import find_context
from storage import audit, holds
from storage.db import session_scope
from storage.referrals import Referral

REASON_LIMIT = 500
USAGE = "Usage: `/efh hold EFRP-2026-0042 why it must be kept` (a context's or a referral's reference)."


def _held_record(session: Session, ref: str) -> tuple[str, str, int]:
    """(reference, record type, id) of what a reference names: a context, else a referral of none."""
    context = find_context(session, ref)
    if context is not None:
        return context.ref, "context", context.id or 0
    referral = session.exec(select(Referral).where(Referral.ref == ref.strip().upper())).first()
    if referral is not None:
        return referral.ref, "referral", referral.id or 0
    raise NotFound(f"No context or referral has the reference {ref[:40]}.")


def hold(deps: Deps, *, ref: str, user: str, reason: str) -> str:
    """Put a record on legal hold (the reason is kept with the hold, not in the audit); returns its ref."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(USAGE)
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(f"Keep the reason under {REASON_LIMIT} characters.")
    problem = personal_data_problem(reason, today=deps.today())
    if problem:
        raise InvalidInput(f"{problem} Nothing was put on hold.")
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        held, record_type, record_id = _held_record(s, ref)
        if not holds.hold(session=s, ref=held, by=user, reason=reason, now=now):
            raise Conflict(f"{held} is already on legal hold. Nothing was changed.")
        audit.record(
            session=s,
            at=now,
            actor=user,
            action=f"{record_type}.held",
            record_type=record_type,
            record_id=record_id,
            ref=held,
        )
    return held


def release(deps: Deps, *, ref: str, user: str) -> str:
    """Lift a legal hold (the retention schedule applies again); returns the ref."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        held, record_type, record_id = _held_record(s, ref)
        if not holds.release(session=s, ref=held):
            raise Conflict(f"{held} is not on legal hold. Nothing was changed.")
        audit.record(
            session=s,
            at=now,
            actor=user,
            action=f"{record_type}.released",
            record_type=record_type,
            record_id=record_id,
            ref=held,
        )
    return held
