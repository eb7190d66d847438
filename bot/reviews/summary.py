"""A review's summary and chart, owed to the panel: the facts they show, recorded in the outbox."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from bot.domain.calendar import local_date
from bot.domain.framework import Framework
from bot.reviews import facts as facts_of
from bot.reviews.chart import chart_alt_text, review_chart
from bot.reviews.facts import ReviewFacts
from storage import outbox
from storage.db import session_scope
from storage.reviews import Review

__all__ = ["chart_owed", "current_slot", "owe_chart", "publish", "summary_facts"]


def summary_facts(f: ReviewFacts) -> dict[str, Any]:
    """What the summary shows, as plain facts (indicators with their labels, enums as values)."""
    r = f.review
    decision = None
    if r.decision is not None:
        decision = {
            "decision": r.decision,
            "next_review_on": r.next_review_on,
            "outcome": r.outcome,
            "reason": r.outcome_reason,
            "decided_by": r.decided_by or "",
            "decided_at": r.decided_at,
        }
    return {
        "review_id": r.id,
        "ref": f.context.ref,
        "name": f.context.name,
        "context_kind": f.context.kind,
        "number": f.number,
        "reviewed_by": r.reviewed_by,
        "reviewed_at": r.reviewed_at,
        "narrative": r.narrative,
        "comparison": _comparison(f),
        "goals": [{"text": g.text, "status": g.status} for g in f.goals],
        "tally": {
            "met": f.tally.met,
            "partly_met": f.tally.partly_met,
            "not_met": f.tally.not_met,
            "open": f.tally.open,
            "total": f.tally.total,
        },
        "mix": _mix(f),
        "overdue": [
            {"due_on": a.due_on, "description": a.description, "owner_id": a.owner_id} for a in f.overdue
        ],
        "trend": {
            "direction": f.trend.direction,
            "points": [
                {"at": p.at, "level": p.level, "concerns": p.concerns, "protective": p.protective}
                for p in f.trend.points
            ],
        },
        "decision": decision,
        "scales": [{"text": s.text, "series": s.describe()} for s in f.scales],
    }


def _comparison(f: ReviewFacts) -> dict[str, Any]:
    c = f.comparison
    return {
        "verdict": c.verdict,
        "level_then": c.level_then,
        "level_referred": f.level_referred,
        "level_agreed": f.level_agreed,
        "level_now": c.level_now,
        "level_change": c.level_change,
        "then_at": c.then_at,
        "unchanged": c.unchanged,
        "baseline_concerns": c.baseline_concerns,
        "concerns_resolved": _items(f.framework, c.concerns_resolved),
        "concerns_persisting": _items(f.framework, c.concerns_persisting),
        "concerns_new": _items(f.framework, c.concerns_new),
        "protective_gained": _items(f.framework, c.protective_gained),
        "protective_lost": _items(f.framework, c.protective_lost),
        "protective_kept": len(c.protective_kept),
        "unknown_ids": list(c.unknown_ids),
    }


def _items(framework: Framework, ids: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"id": i, "label": facts_of.label_of(framework, i)} for i in ids]


def _mix(f: ReviewFacts) -> dict[str, Any]:
    m = f.mix
    return {
        "done": m.done,
        "overdue": m.overdue,
        "withdrawn": m.withdrawn,
        "open": m.open,
        "total": m.total,
        "builds_safety": m.builds_safety,
        "disrupts": m.disrupts,
        "context_targeted": m.context_targeted,
        "individual_targeted": m.individual_targeted,
        "warnings": list(m.warnings),
    }


def chart_owed(f: ReviewFacts) -> dict[str, Any]:
    """The chart of baseline against now: a PNG with its file name, title and alternative text."""
    title = f"{f.context.ref}: review {f.number}, baseline against now"
    png = review_chart(f.comparison, f.trend, title=title, scales=f.scales)
    return owed(
        "reviews.chart",
        filename=f"{f.context.ref}-review-{f.number}.png",
        title=title,
        content_b64=base64.b64encode(png).decode(),
        alt_text=chart_alt_text(f.comparison, f.trend, f.scales),
    )


def current_slot(session: Session, review_id: int) -> tuple[str, bool]:
    """The summary's live slot, and whether it still reaches the panel (not if its post failed for good)."""
    base = keys.review_summary(review_id)
    rows = session.exec(
        select(outbox.OutboxMessage)
        .where(col(outbox.OutboxMessage.key).startswith(base), outbox.OutboxMessage.op == outbox.Op.POST)
        .order_by(col(outbox.OutboxMessage.id).desc())
    ).all()
    if not rows:
        return base, True
    return rows[0].key, rows[0].state != outbox.State.FAILED


def publish(
    session: Session, deps: Deps, review: Review, now: datetime, *, chart: bool, repost: bool = False
) -> str:
    """Owe the panel the review's summary (posted, or updated in place) and, if asked, its chart."""
    assert review.id is not None
    facts = facts_of.gather(
        session=session, review=review, today=local_date(now, deps.settings.tz), framework=deps.framework
    )
    slot, alive = current_slot(session, review.id)
    if not alive:
        slot = keys.review_summary(review.id, reposted_at=now)
    outbox.put_message(
        session=session,
        slot=slot,
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed("reviews.summary", **summary_facts(facts)),
        now=now,
        summary=f"review summary for {facts.context.ref}",
    )
    if chart:
        outbox.enqueue(
            session=session,
            key=keys.review_chart(review.id, reposted_at=now if repost else None),
            op=outbox.Op.FILE,
            channel=outbox.PANEL,
            thread_of=slot,
            payload=chart_owed(facts),
            now=now,
            summary=f"review chart for {facts.context.ref}",
        )
    return slot


def owe_chart(deps: Deps, *, review_id: int, now: datetime) -> None:
    """Draw a new review's chart and owe it to the panel in its summary's thread (once).

    Drawn between two short transactions, after the person was answered: a print-sharp chart takes
    seconds, and nothing may hold the context's lock (or SQLite's one writer) that long. Should the
    process stop in between, the summary's repost owes the chart again.
    """
    key = keys.review_chart(review_id)
    with session_scope(deps.engine) as session:
        review = session.get(Review, review_id)
        if review is None or outbox.find(session=session, key=key) is not None:
            return
        today = local_date(now, deps.settings.tz)
        facts = facts_of.gather(session=session, review=review, today=today, framework=deps.framework)
        slot, _ = current_slot(session, review_id)
    payload = chart_owed(facts)
    with session_scope(deps.engine) as session:
        outbox.enqueue(
            session=session,
            key=key,
            op=outbox.Op.FILE,
            channel=outbox.PANEL,
            thread_of=slot,
            payload=payload,
            now=now,
            summary=f"review chart for {facts.context.ref}",
        )
