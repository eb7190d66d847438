"""The Home tab: each person is owed a fresh one with their open actions (coordinators: the caseload)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.actions.worklist import worklist
from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from bot.domain.calendar import local_date
from bot.domain.enums import ContextState, Level
from bot.referrals.mine import referrals_of
from bot.report.agency import owner_agency_facts
from storage import actions as repo
from storage import audit, outbox, receipts
from storage.contexts import Context
from storage.db import read_scope, session_scope
from storage.meetings import Meeting

REVIEW_HORIZON_DAYS = 14  # reviews due within two weeks are shown to coordinators
LIST_LIMIT = 8  # lines of each caseload list
ACTIONS_LISTED = 50  # a person's own actions listed; the rest are counted


def queue_refresh(*, session: Session, deps: Deps, user_ids: Iterable[str], now: datetime) -> None:
    """Owe each person a fresh Home tab, built when it is delivered; one already waiting covers it."""
    # Cheap inside the change's transaction: the Home is read and built after commit, by the deliverer
    # (`home_facts`), so many changes for one person before it is delivered give one views.publish.
    outbox.owe_fresh(
        session=session,
        op=outbox.Op.HOME,
        owed=[(keys.home(user), user, owed("home.owed", user=user)) for user in set(user_ids)],
        now=now,
        summary="App Home refresh",
    )


def home_facts(deps: Deps, *, user_id: str) -> dict[str, Any]:
    """What one person's Home tab shows now, read from the record when it is delivered (plain JSON facts)."""
    now = deps.clock.now()
    with read_scope(deps.engine) as s:
        return dict(owed("home.tab", **_facts(s, deps, user_id, now))["data"])


def home_opened(deps: Deps, *, user_id: str, event_id: str) -> bool:
    """Owe a person their Home tab when they open it; a retried event (same event_id) does nothing.

    A coordinator's Home shows the whole caseload: opening it is audited as a view of it."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        if not receipts.first_time(session=s, key=keys.event_receipt(event_id), now=now):
            return False
        queue_refresh(session=s, deps=deps, user_ids=[user_id], now=now)
        if deps.is_coordinator(user_id):
            audit.viewed(
                session=s,
                at=now,
                actor=user_id,
                record_type="caseload",
                record_id="all",
                ref=None,
                via="home",
            )
    return True


def _facts(session: Session, deps: Deps, user_id: str, now: datetime) -> dict[str, Any]:
    """What one person's Home tab shows as of now."""
    today = local_date(now, deps.settings.tz)
    mine = repo.open_for_owner(session=session, owner_id=user_id)
    mine.sort(key=lambda a: (a.due_on >= today, a.due_on, a.id))  # overdue first, then soonest due
    return {
        "today": today,
        "open_count": len(mine),
        "overdue_count": sum(1 for a in mine if a.due_on < today),
        "actions": [
            {"id": a.id, "ref": a.ref, "description": a.description, "due_on": a.due_on}
            for a in mine[:ACTIONS_LISTED]
        ],
        "caseload": _caseload(session, now, today) if deps.is_coordinator(user_id) else None,
        "agency_record": owner_agency_facts(session=session, deps=deps, owner_id=user_id, now=now),
        "referrals": _referrals(session, deps, user_id, now),
        "worklist": worklist(session=session, today=today) if deps.is_coordinator(user_id) else None,
    }


def _referrals(session: Session, deps: Deps, user_id: str, now: datetime) -> dict[str, Any]:
    """The person's own referrals (anyone may refer), with the date of the next meeting discussing them."""
    meeting = _next_meeting(session, now)
    meets_on = local_date(meeting["starts_at"], deps.settings.tz) if meeting else None
    return referrals_of(session=session, referrer=user_id, next_meeting_on=meets_on)


def _caseload(session: Session, now: datetime, today: date) -> dict[str, Any]:
    """The coordinators' view of the whole caseload."""
    overdue = repo.overdue_by_agency(session=session, today=today)
    reviews = _reviews(session, today)
    failed = outbox.failed_messages(session=session, limit=LIST_LIMIT)
    return {
        "levels": _levels(session),
        "reviews": reviews[:LIST_LIMIT],
        "more_reviews": len(reviews) > LIST_LIMIT,
        "overdue_total": sum(n for _, n in overdue),
        "overdue_by_agency": [[agency, n] for agency, n in overdue[:LIST_LIMIT]],
        "more_agencies": max(0, len(overdue) - LIST_LIMIT),
        "meeting": _next_meeting(session, now),
        "failed": [
            {
                "what": row.summary or row.op,
                "to": row.channel,
                "person": row.op in (outbox.Op.DM, outbox.Op.HOME),
                "error": row.last_error or "?",
            }
            for row in failed
        ],
    }


def _levels(session: Session) -> list[list[Any]]:
    """Open contexts by level, as [label, count], in the levels' order (unknown levels last)."""
    by_level = session.execute(
        select(col(Context.level), func.count(col(Context.id)))
        .where(col(Context.state) == ContextState.OPEN)
        .group_by(col(Context.level))
    ).all()
    counts = {str(level): int(n) for level, n in by_level}
    known = [[level.label, counts[level]] for level in Level if counts.get(level)]
    return known + [[level, n] for level, n in counts.items() if level not in set(Level)]


def _reviews(session: Session, today: date) -> list[dict[str, Any]]:
    rows = session.execute(
        select(col(Context.ref), col(Context.name), col(Context.next_review_on), col(Context.id))
        .where(
            col(Context.state) == ContextState.OPEN,
            col(Context.next_review_on).is_not(None),
            col(Context.next_review_on) <= today + timedelta(days=REVIEW_HORIZON_DAYS),
        )
        .order_by(col(Context.next_review_on), col(Context.ref))
        .limit(LIST_LIMIT + 1)
    ).all()
    return [{"ref": ref, "name": name, "review_on": on, "context_id": cid} for ref, name, on, cid in rows]


def _next_meeting(session: Session, now: datetime) -> dict[str, Any] | None:
    meeting = session.exec(
        select(Meeting)
        .where(Meeting.state == "scheduled", col(Meeting.starts_at) >= now)
        .order_by(col(Meeting.starts_at))
        .limit(1)
    ).first()
    if meeting is None:
        return None
    return {
        "starts_at": meeting.starts_at,
        "location": meeting.location,
        "agenda_posted_at": meeting.agenda_posted_at,
    }
