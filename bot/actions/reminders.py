"""The reminder sweep: decide what is due, claim it in the database, owe the messages; never twice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.settings import Settings
from bot.core.templating import render
from bot.domain.calendar import WorkingHours, parse_working_hours
from bot.domain.enums import ActionState, ContextState
from bot.domain.reminders import (
    ActionDue,
    DueReminder,
    ReminderKind,
    ReminderPolicy,
    ReviewDue,
    due_action_reminders,
    due_review_notices,
    parse_reminder_policy,
)
from handlers import blocks
from handlers.actions.forms import action_buttons
from handlers.delivery import USER_GONE_ERRORS, FailureHook
from handlers.templating import make_slack_environment
from storage import actions as repo
from storage import audit, outbox
from storage import reminders as store
from storage.contexts import Context
from storage.db import session_scope
from storage.outbox import Op, OutboxMessage

REVIEW_LEAD_DAYS = 5
LIST_LIMIT = 40  # lines listed in one panel message; the rest are counted
_ACTION_KEY = re.compile(r"^(?:reminder:action:|action:)(\d+):")


@lru_cache(maxsize=16)
def working_hours(spec: str, tz: str) -> WorkingHours:
    """The parsed working hours (cached: the calendar caches bank holidays per instance)."""
    return parse_working_hours(spec, tz)


@lru_cache(maxsize=16)
def reminder_policy(spec: str) -> ReminderPolicy:
    """The parsed reminder policy."""
    return parse_reminder_policy(spec)


def hours_of(settings: Settings) -> WorkingHours:
    """The panel's working hours from its settings."""
    return working_hours(settings.working_hours, settings.timezone)


@dataclass
class SweepResult:
    """What one sweep claimed and owes: owner reminders, escalations, review notices."""

    now: datetime
    owner_reminders: list[tuple[store.Claimed, repo.ActionBrief]] = field(default_factory=list)
    escalations: list[tuple[store.Claimed, repo.ActionBrief]] = field(default_factory=list)
    reviews: list[tuple[store.Claimed, str, str, date]] = field(default_factory=list)
    panel_keys: list[str] = field(default_factory=list)

    @property
    def outbox_keys(self) -> list[str]:
        """Every outbox key this sweep enqueued."""
        return [c.outbox_key for c, _ in self.owner_reminders] + self.panel_keys

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
        return out


def sweep(deps: Deps, *, now: datetime | None = None) -> SweepResult:
    """One sweep, in one transaction: load, decide, claim (INSERT … ON CONFLICT DO NOTHING), enqueue."""
    now = now or deps.clock.now()
    hours = hours_of(deps.settings)
    policy = reminder_policy(deps.settings.reminder_policy)
    result = SweepResult(now=now)
    if not hours.is_open(now):
        return result  # nothing is due outside working hours; it goes at the next opening
    with session_scope(deps.engine) as s:
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
    now = result.now
    today = hours.local_date(now)
    action_ids = [by_key[(c.subject, ReminderKind(c.kind), c.day)].action_id for c in claimed]
    briefs = repo.briefs(session=s, ids=[i for i in action_ids if i is not None])
    messages: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for c in claimed:
        item = by_key[(c.subject, ReminderKind(c.kind), c.day)]
        if item.kind is ReminderKind.REVIEW_DUE:
            continue
        a = briefs[item.action_id or 0]
        if item.kind is ReminderKind.ESCALATION:
            result.escalations.append((c, a))
        else:
            result.owner_reminders.append((c, a))
            days = abs(hours.working_days_between(today, a.due_on))
            text = render(
                deps.jinja,
                "reminder_dm.j2",
                kind=c.kind,
                due_on=a.due_on,
                days=days,
                ref=a.ref,
                description=a.description,
            )
            payload = blocks.message(text, [*blocks.sections(text), *action_buttons(a.id)])
            messages.append(
                {
                    "key": c.outbox_key,
                    "op": Op.DM,
                    "channel": a.owner_id,
                    "payload": payload,
                    "summary": f"{c.kind.replace('_', ' ')} reminder for action {a.id} ({a.ref})",
                }
            )
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
    reviews = [c for c in claimed if c.kind == ReminderKind.REVIEW_DUE]
    if reviews:
        ctx_ids = [by_key[(c.subject, ReminderKind.REVIEW_DUE, c.day)].context_id for c in reviews]
        names = {
            int(i): (r, n)
            for i, r, n in s.execute(
                select(col(Context.id), col(Context.ref), col(Context.name)).where(
                    col(Context.id).in_(ctx_ids)
                )
            )
        }
        for c, cid in zip(reviews, ctx_ids, strict=True):
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
    panel = deps.settings.panel_channel
    if panel and result.escalations:
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
        messages.append(
            _listing(
                deps,
                "reminder_escalation.j2",
                items,
                panel,
                key=f"reminders:escalation:{result.escalations[0][0].id}",
                summary=f"escalation of {len(items)} overdue action(s)",
                after=reminder_policy(deps.settings.reminder_policy).escalate_after_days,
            )
        )
    if panel and result.reviews:
        items = [{"ref": ref, "name": name, "review_on": on} for _, ref, name, on in result.reviews]
        messages.append(
            _listing(
                deps,
                "reminder_reviews.j2",
                items,
                panel,
                key=f"reminders:reviews:{result.reviews[0][0].id}",
                summary=f"{len(items)} review(s) due",
            )
        )
    result.panel_keys = [m["key"] for m in messages if m["op"] == Op.POST]
    outbox.enqueue_many(session=s, messages=messages, now=now)
    audit.record_many(session=s, events=events, at=now)
    if result.escalations or result.reviews:
        from handlers.home.views import queue_refresh

        queue_refresh(session=s, deps=deps, user_ids=deps.settings.coordinators, now=now)


def _listing(
    deps: Deps,
    template: str,
    items: list[dict[str, Any]],
    channel: str,
    *,
    key: str,
    summary: str,
    **extra: Any,
) -> dict[str, Any]:
    """One panel message listing many items (the rest counted, to stay inside Slack's limits)."""
    shown = items[:LIST_LIMIT]
    text = render(deps.jinja, template, items=shown, total=len(items), **extra)
    if len(items) > LIST_LIMIT:
        text += f"\n…and {len(items) - LIST_LIMIT} more (see the App Home)."
    return {
        "key": key,
        "op": Op.POST,
        "channel": channel,
        "payload": blocks.message(text, blocks.sections(text)),
        "summary": summary,
    }


def escalate_gone_owner(settings: Settings) -> FailureHook:
    """A failure hook: a reminder/assignment DM to an owner who has left goes to the coordinators at once."""
    jinja = make_slack_environment(settings.timezone)

    def hook(session: Session, row: OutboxMessage, error: str, now: datetime) -> bool:
        if error not in USER_GONE_ERRORS or row.op != Op.DM or not settings.panel_channel:
            return False
        match = _ACTION_KEY.match(row.key)
        if match is None:
            return False
        a = repo.brief(session=session, action_id=int(match.group(1)))
        if a is None or a.state != ActionState.OPEN:
            return False
        today = now.astimezone(settings.tz).date()
        claimed = store.claim(session=session, keys=[(f"action:{a.id}", "owner_gone", today)], now=now)
        if not claimed:
            return True  # already escalated today (several DMs to the same owner can fail)
        text = render(
            jinja,
            "reminder_owner_gone.j2",
            error=error,
            owner=a.owner_id,
            agency=a.owner_agency,
            ref=a.ref,
            description=a.description,
            due_on=a.due_on,
        )
        outbox.enqueue(
            session=session,
            key=claimed[0].outbox_key,
            op=Op.POST,
            channel=settings.panel_channel,
            payload=blocks.message(text, blocks.sections(text)),
            now=now,
            summary=f"owner of action {a.id} unreachable",
        )
        audit.record(
            session=session,
            at=now,
            actor=audit.SYSTEM,
            action="action.owner_unreachable",
            record_type="action",
            record_id=a.id,
            ref=a.ref,
            detail={"error": error, "owner": a.owner_id},
        )
        return True

    return hook


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
