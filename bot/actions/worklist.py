"""The coordinators' worklist on their Home tab: referrals to screen and open contexts with their next step.

Bounded: the most pressing few of each are listed (counted in full), so the tab stays within Slack's
100 blocks however large the caseload grows; `/efh find` reaches the rest.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from bot.domain.enums import ActionState, ContextState
from storage.actions import Action
from storage.contexts import Context
from storage.referrals import OPEN_STATUSES, Referral

REFERRALS_LISTED = 5
CONTEXTS_LISTED = 8
REVIEW_SOON_DAYS = 14  # a review due within two weeks is the context's next step


def worklist(*, session: Session, today: date) -> dict[str, Any]:
    """Unscreened referrals (oldest first) and open contexts (the ones needing the panel first)."""
    return {**_to_screen(session), **_open_contexts(session, today)}


def _to_screen(session: Session) -> dict[str, Any]:
    waiting = col(Referral.status).in_(OPEN_STATUSES)
    rows = session.exec(select(Referral).where(waiting).order_by(col(Referral.id)).limit(REFERRALS_LISTED))
    total = session.exec(select(func.count(col(Referral.id))).where(waiting)).one()
    return {
        "to_screen": [
            {"id": r.id, "ref": r.ref, "name": r.context_name, "urgency": r.urgency, "status": r.status}
            for r in rows
        ],
        "to_screen_total": int(total),
    }


def _open_contexts(session: Session, today: date) -> dict[str, Any]:
    is_open = col(Context.state) == ContextState.OPEN
    soon = today + timedelta(days=REVIEW_SOON_DAYS)
    # Never discussed first (oldest accepted), then by review date (overdue reviews first), then the rest.
    undecided_first = case((col(Context.first_discussed_at).is_(None), 0), else_=1)
    rows = list(
        session.exec(
            select(Context)
            .where(is_open)
            .order_by(
                undecided_first,
                col(Context.next_review_on).nulls_last(),
                col(Context.accepted_at),
                col(Context.id),
            )
            .limit(CONTEXTS_LISTED)
        )
    )
    total = session.exec(select(func.count(col(Context.id))).where(is_open)).one()
    overdue = _overdue_actions(session, [c.id or 0 for c in rows], today)
    return {
        "contexts": [_context(c, overdue.get(c.id or 0, 0), soon) for c in rows],
        "contexts_total": int(total),
    }


def _context(c: Context, overdue: int, soon: date) -> dict[str, Any]:
    if c.first_discussed_at is None:
        step = "decide"
    elif c.next_review_on is not None and c.next_review_on <= soon:
        step = "review"
    elif overdue:
        step = "chase"
    else:
        step = "monitor"
    return {
        "id": c.id,
        "ref": c.ref,
        "name": c.name,
        "level": c.level,
        "step": step,
        "review_on": c.next_review_on,
        "overdue_actions": overdue,
    }


def _overdue_actions(session: Session, context_ids: list[int], today: date) -> dict[int, int]:
    if not context_ids:
        return {}
    rows = session.execute(
        select(col(Action.context_id), func.count(col(Action.id)))
        .where(
            col(Action.context_id).in_(context_ids),
            col(Action.state) == ActionState.OPEN,
            col(Action.due_on) < today,
        )
        .group_by(col(Action.context_id))
    ).all()
    return {int(cid): int(n) for cid, n in rows if cid is not None}
