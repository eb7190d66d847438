"""Invented records for tests, inserted directly (for stages that build on earlier ones)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from storage import goal_scores
from storage.actions import Action
from storage.contexts import Assessment, Context, next_reference
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from storage.meetings import Meeting
from storage.referrals import Referral


def make_context(
    engine: Engine,
    *,
    now: datetime,
    name: str = "Fields Estate stairwell",
    kind: str = "public_space",
    level: str = "universal_plus",
    indicator_ids: list[str] | None = None,
    referrer: str = "UTEACH0001",
    **fields: Any,
) -> Context:
    """An accepted context with its referral and baseline assessment."""
    ids = indicator_ids if indicator_ids is not None else ["UP-B-04", "UP-RA-04", "U-RA-02"]
    with session_scope(engine) as s:
        ref = next_reference(session=s, year=now.year)
        ctx = Context(
            ref=ref,
            kind=kind,
            name=name,
            area=fields.pop("area", "Hackney Central"),
            level=level,
            created_at=now,
            accepted_at=fields.pop("accepted_at", now),
            **fields,
        )
        s.add(ctx)
        s.flush()
        ref_row = Referral(
            ref=ref,
            view_id=f"VFACTORY{ctx.id}",
            referrer_id=referrer,
            referrer_agency="Education",
            context_kind=kind,
            context_name=name,
            area=ctx.area,
            description="Invented description.",
            concerns="Invented concerns.",
            harm_types=["cce"],
            young_people=["YP-100234"],
            indicator_ids=ids,
            urgency="amber",
            sharing_basis="safeguarding",
            sharing_reason="Invented reason.",
            suggested_level=level,
            status="accepted",
            context_id=ctx.id,
            screened_by="UCOORD0001",
            screened_at=now,
            created_at=now,
        )
        s.add(ref_row)
        s.flush()
        s.add(
            Assessment(
                context_id=ctx.id,
                referral_id=ref_row.id,
                source="referral",
                indicator_ids=ids,
                level=level,
                catalogue_version="2026.1",
                assessed_by=referrer,
                assessed_at=now,
            )
        )
    return ctx


def make_meeting(
    engine: Engine, *, starts_at: datetime, created_by: str = "UCOORD0001", **fields: Any
) -> Meeting:
    """A scheduled meeting."""
    with session_scope(engine) as s:
        m = Meeting(
            starts_at=starts_at, created_by=created_by, created_at=starts_at - timedelta(days=7), **fields
        )
        s.add(m)
    return m


def make_decision(
    engine: Engine,
    context: Context,
    *,
    now: datetime,
    meeting_id: int | None = None,
    goals: tuple[str, ...] = ("Young people feel safe using the stairwell",),
    review_on: date | None = None,
    baseline: tuple[int, ...] = (),
) -> Decision:
    """A first decision with goals for a context (and the panel's baseline scores of the first ones)."""
    with session_scope(engine) as s:
        d = Decision(
            context_id=context.id or 0,
            meeting_id=meeting_id,
            level=context.level,
            focus=["guardianship"],
            partners=["Police", "Housing"],
            next_review_on=review_on or (now.date() + timedelta(weeks=12)),
            decided_by="UCOORD0001",
            decided_at=now,
        )
        s.add(d)
        s.flush()
        rows = [
            SafetyGoal(
                context_id=context.id or 0,
                decision_id=d.id or 0,
                text=text,
                indicator_ids=["UP-B-04"],
                created_at=now,
            )
            for text in goals
        ]
        s.add_all(rows)
        s.flush()
        scores = {g.id or 0: {"panel": score} for g, score in zip(rows, baseline, strict=False)}
        goal_scores.add(
            session=s,
            context_id=context.id or 0,
            occasion=goal_scores.DECISION,
            occasion_id=d.id or 0,
            scores=scores,
            by="UCOORD0001",
            now=now,
        )
    return d


def make_action(
    engine: Engine,
    context: Context,
    *,
    now: datetime,
    owner: str = "UPOLICE001",
    due_on: date,
    description: str = "Walk-through of the stairwell with the housing officer",
    kind: str = "builds_safety",
    target: str = "context",
    state: str = "open",
    decision_id: int | None = None,
    agency: str = "Police",
) -> Action:
    """An action owned by someone, due on a date."""
    with session_scope(engine) as s:
        a = Action(
            context_id=context.id or 0,
            decision_id=decision_id,
            description=description,
            owner_id=owner,
            owner_agency=agency,
            due_on=due_on,
            kind=kind,
            target=target,
            state=state,
            created_by="UCOORD0001",
            created_at=now,
        )
        s.add(a)
    return a
