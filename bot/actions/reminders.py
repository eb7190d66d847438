"""The reminder sweep: decide what is due, claim it in the database, owe the messages; never twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.actions.digest import owed_digests
from bot.actions.home import queue_refresh
from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from bot.domain.calendar import WorkingHours
from bot.domain.enums import ActionState, ContextState
from bot.domain.reminders import (
    ActionDue,
    DueReminder,
    ReminderKind,
    ReviewDue,
    due_action_reminders,
    due_review_notices,
)
from bot.referrals.deadlines import ScreeningClaim, sweep_screening
from storage import actions as repo
from storage import audit, outbox
from storage import reminders as store
from storage.contexts import Context
from storage.db import session_scope
from storage.outbox import Op, OutboxMessage
from storage.outbox_mentions import CONTEXT

__all__ = ["SweepResult", "delivery_report", "sweep"]

REVIEW_LEAD_DAYS = 5
LIST_LIMIT = 40  # lines listed in one panel message; the rest are counted


@dataclass
class SweepResult:
    """What one sweep claimed and owes: owner reminders, escalations, review notices."""

    now: datetime
    owner_reminders: list[tuple[store.Claimed, repo.ActionBrief]] = field(default_factory=list)
    escalations: list[tuple[store.Claimed, repo.ActionBrief]] = field(default_factory=list)
    reviews: list[tuple[store.Claimed, str, str, date]] = field(default_factory=list)
    panel_keys: list[str] = field(default_factory=list)
    dm_keys: list[str] = field(default_factory=list)  # one digest per owner
    screenings: list[ScreeningClaim] = field(default_factory=list)

    @property
    def outbox_keys(self) -> list[str]:
        """Every outbox key this sweep enqueued."""
        return self.dm_keys + self.panel_keys

    def lines(self) -> list[str]:
        """One line per thing claimed, for `efrp reminders send`."""
        out = [
            f"{c.kind} reminder to {a.owner_id} for action {a.id} ({a.ref}, due {a.due_on})"
            for c, a in self.owner_reminders
        ]
        out += [
            f"escalation to the coordinators: action {a.id} ({a.ref}, due {a.due_on}, owner {a.owner_id})"
            for _, a in self.escalations
        ]
        out += [
            f"review notice to the coordinators: {ref} (review due {on})" for _, ref, _, on in self.reviews
        ]
        out += [f"screening {c.claimed.kind.replace('_', ' ')}: referral {c.ref}" for c in self.screenings]
        return out


def sweep(deps: Deps, *, now: datetime | None = None) -> SweepResult:
    """One sweep, in one transaction: load, decide, claim (INSERT … ON CONFLICT DO NOTHING), enqueue."""
    now = now or deps.clock.now()
    hours = deps.settings.hours
    policy = deps.settings.policy
    result = SweepResult(now=now)
    if not hours.is_open(now):
        return result  # nothing is due outside working hours; it goes at the next opening
    with session_scope(deps.engine) as s:
        result.screenings = sweep_screening(s, deps, now)
        rows = repo.open_for_sweep(session=s)
        due = due_action_reminders(
            (ActionDue(i, d, ActionState.OPEN, True) for i, d in rows), now, policy, hours
        )
        review_rows = s.execute(
            select(col(Context.id), col(Context.next_review_on)).where(
                col(Context.state) == ContextState.OPEN, col(Context.next_review_on).is_not(None)
            )
        ).all()
        due += due_review_notices(
            (ReviewDue(int(i), d, True) for i, d in review_rows), now, hours, REVIEW_LEAD_DAYS
        )
        if not due:
            return result
        claimed = store.claim(session=s, keys=(r.key for r in due), now=now)
        if not claimed:
            return result
        _owe(s, deps, result, claimed, {r.key: r for r in due}, hours)
    return result


def _owe(
    s: Session,
    deps: Deps,
    result: SweepResult,
    claimed: list[store.Claimed],
    by_key: dict[tuple[str, ReminderKind, date], DueReminder],
    hours: WorkingHours,
) -> None:
    """Enqueue the messages for what this sweep claimed, in its transaction (bulk statements)."""
    items = [(c, by_key[(c.subject, ReminderKind(c.kind), c.day)]) for c in claimed]
    messages, events = _action_reminders(s, result, items, hours)
    events += _review_notices(s, result, [(c, i) for c, i in items if i.kind is ReminderKind.REVIEW_DUE])
    messages += _panel_listings(deps, result)
    result.panel_keys = [m["key"] for m in messages if m["op"] == Op.POST]
    result.dm_keys = [m["key"] for m in messages if m["op"] == Op.DM]
    outbox.enqueue_many(session=s, messages=messages, now=result.now)
    audit.record_many(session=s, events=events, at=result.now)
    if result.escalations or result.reviews:
        queue_refresh(session=s, deps=deps, user_ids=deps.coordinator_ids(), now=result.now)


def _action_reminders(
    s: Session,
    result: SweepResult,
    items: list[tuple[store.Claimed, DueReminder]],
    hours: WorkingHours,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The owners' reminders (one digest DM each) and the escalations, with their audit events (one query)."""
    today = hours.local_date(result.now)
    briefs = repo.briefs(session=s, ids=[i.action_id for _, i in items if i.action_id is not None])
    messages: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for c, item in items:
        if item.kind is ReminderKind.REVIEW_DUE:
            continue
        a = briefs[item.action_id or 0]
        if item.kind is ReminderKind.ESCALATION:
            result.escalations.append((c, a))
        else:
            result.owner_reminders.append((c, a))
        events.append(
            {
                "actor": audit.SYSTEM,
                "action": f"reminder.{c.kind}",
                "record_type": "action",
                "record_id": a.id,
                "ref": a.ref,
                "detail": {"day": c.day.isoformat(), "to": a.owner_id},
            }
        )
    messages += owed_digests(result.owner_reminders, today, hours)
    return messages, events


def _review_notices(
    s: Session, result: SweepResult, reviews: list[tuple[store.Claimed, DueReminder]]
) -> list[dict[str, Any]]:
    """The reviews coming due, named for the coordinators (one query), with their audit events."""
    if not reviews:
        return []
    ctx_ids = [item.context_id for _, item in reviews]
    names = {
        int(i): (r, n)
        for i, r, n in s.execute(
            select(col(Context.id), col(Context.ref), col(Context.name)).where(col(Context.id).in_(ctx_ids))
        )
    }
    events: list[dict[str, Any]] = []
    for (c, _), cid in zip(reviews, ctx_ids, strict=True):
        ref, name = names[cid or 0]
        result.reviews.append((c, ref, name, c.day))
        events.append(
            {
                "actor": audit.SYSTEM,
                "action": "reminder.review_due",
                "record_type": "context",
                "record_id": cid,
                "ref": ref,
                "detail": {"review_on": c.day.isoformat()},
            }
        )
    return events


def _panel_listings(deps: Deps, result: SweepResult) -> list[dict[str, Any]]:
    """One message to the coordinators for this sweep's escalations, and one for its reviews due."""
    if not deps.settings.panel_channel:
        return []
    out: list[dict[str, Any]] = []
    if result.escalations:
        items = [
            {
                "ref": a.ref,
                "description": a.description,
                "owner": a.owner_id,
                "agency": a.owner_agency,
                "due_on": a.due_on,
            }
            for _, a in result.escalations
        ]
        out.append(
            _listing(
                "reminders.escalation",
                items,
                key=keys.escalation(result.escalations[0][0].id),
                summary=f"escalation of {len(items)} overdue action(s)",
                names=[(CONTEXT, a.context_id) for _, a in result.escalations],
                after=deps.settings.policy.escalate_after_days,
            )
        )
    if result.reviews:
        # the subject is review_subject(context_id): the Start review button needs the context
        context_ids = [int(c.subject.rpartition(":")[2]) for c, *_ in result.reviews]
        items = [
            {"ref": ref, "name": name, "review_on": on, "context_id": cid}
            for (_, ref, name, on), cid in zip(result.reviews, context_ids, strict=True)
        ]
        out.append(
            _listing(
                "reminders.reviews_due",
                items,
                key=keys.reviews_due(result.reviews[0][0].id),
                summary=f"{len(items)} review(s) due",
                names=[(CONTEXT, cid) for cid in context_ids],
            )
        )
    return out


def _listing(
    kind: str,
    items: list[dict[str, Any]],
    *,
    key: str,
    summary: str,
    names: list[tuple[str, int]],
    **extra: Any,
) -> dict[str, Any]:
    """One panel message listing many items: the first LIST_LIMIT, and how many there are in all.

    ``names`` pairs with ``items``: the record each item names, kept for the ones the message lists.
    """
    return {
        "key": key,
        "op": Op.POST,
        "channel": outbox.PANEL,
        "payload": owed(kind, items=items[:LIST_LIMIT], total=len(items), **extra),
        "summary": summary,
        "names": names[:LIST_LIMIT],
    }


def delivery_report(deps: Deps, keys: list[str]) -> dict[str, int]:
    """How many of these outbox rows are sent, failed or still pending."""
    counts: dict[str, int] = {}
    with session_scope(deps.engine) as s:
        for start in range(0, len(keys), 5000):
            rows = s.exec(
                select(OutboxMessage.state).where(col(OutboxMessage.key).in_(keys[start : start + 5000]))
            )
            for state in rows:
                counts[state] = counts.get(state, 0) + 1
    return counts
