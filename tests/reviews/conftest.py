"""A context ready for review: referral baseline, a decision with goals, actions, and 12 weeks passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.domain.scales import Viewpoint
from bot.reviews.scales import review_field
from bot.standin.harness import COORDINATOR, PANEL, LocalBot
from bot.standin.server import SlackStandin
from handlers.reviews.ids import ReviewBlock
from storage.contexts import Context
from storage.db import session_scope
from storage.decisions import SafetyGoal
from tests.factories import make_action, make_context, make_decision

BASELINE = ["UP-B-04", "UP-RA-04", "U-RA-02"]


@dataclass
class Ready:
    """A context due for review and the records around it."""

    context: Context
    goal_ids: list[int]
    action_ids: list[int]


@pytest.fixture
def ready(bot: LocalBot, clock: ManualClock) -> Ready:
    """An open context at Universal Plus with two goals and four actions, reviewed 12 weeks on."""
    engine = bot.deps.engine
    start = clock.now()
    ctx = make_context(engine, now=start, indicator_ids=list(BASELINE))
    decision = make_decision(
        engine,
        ctx,
        now=start + timedelta(days=3),
        baseline=(2, 3),
        goals=(
            "Young people feel safe using the stairwell",
            "Residents challenge <!channel> harm & report it",
        ),
    )
    due = (start + timedelta(weeks=6)).date()
    actions = [
        make_action(engine, ctx, now=start, due_on=due, state="done", decision_id=decision.id),
        make_action(
            engine,
            ctx,
            now=start,
            due_on=due,
            kind="disrupts",
            target="individuals",
            description="Dispersal order on the estate",
            decision_id=decision.id,
        ),
        make_action(
            engine,
            ctx,
            now=start,
            due_on=due,
            state="withdrawn",
            description="Leaflet drop",
            decision_id=decision.id,
        ),
        make_action(
            engine,
            ctx,
            now=start,
            due_on=due + timedelta(weeks=10),
            description="Lighting repair",
            owner="UYOUTH0001",
            decision_id=decision.id,
        ),
    ]
    with session_scope(engine) as s:
        goals = s.exec(select(SafetyGoal).where(SafetyGoal.context_id == ctx.id)).all()
        goal_ids = sorted(g.id or 0 for g in goals)
    clock.advance(timedelta(weeks=12))
    return Ready(ctx, goal_ids, [a.id or 0 for a in actions])


def open_review(bot: LocalBot, standin: SlackStandin, ref: str, user: str = COORDINATOR.id) -> dict[str, Any]:
    """Type `/efh review REF` and return the modal that opened."""
    reply = bot.driver().command(user, "/efh", f"review {ref}")
    assert reply.status == 200
    bot.settle()
    view = standin.open_view(user)
    assert view is not None and view["callback_id"] == "review_submit"
    return view


def review_values(
    ready: Ready,
    *,
    indicators: dict[str, list[str]],
    narrative: str,
    goals: tuple[str, ...] = ("met", "partly_met"),
    level: str = "universal",
    keep_level: bool = True,
    panel: tuple[int, ...] = (6, 4),
    young_people: tuple[int, ...] = (5,),
) -> dict[str, Any]:
    """Values for the review modal's inputs ("Keep this level" ticked unless asked not to)."""
    values: dict[str, Any] = {ReviewBlock.LEVEL: level, ReviewBlock.NARRATIVE: narrative}
    if keep_level:
        values[ReviewBlock.KEEP_LEVEL] = ["keep"]
    for lvl in ("universal", "universal_plus", "complex"):
        values[f"{ReviewBlock.INDICATOR_PREFIX}{lvl}"] = indicators.get(lvl, [])
    for gid, status in zip(ready.goal_ids, goals, strict=True):
        values[f"{ReviewBlock.GOAL_PREFIX}{gid}"] = status
    for gid, score in zip(ready.goal_ids, panel, strict=False):
        values[review_field(Viewpoint.PANEL, gid)] = str(score)
    for gid, score in zip(ready.goal_ids, young_people, strict=False):
        values[review_field(Viewpoint.YOUNG_PEOPLE, gid)] = str(score)
    return values


def summary_post(standin: SlackStandin) -> Any:
    """The (single) review summary in the panel channel."""
    posts = [m for m in standin.messages_in(PANEL) if m.thread_ts is None and "Review 1 of" in m.text]
    assert len(posts) == 1, [m.text[:80] for m in standin.messages_in(PANEL)]
    return posts[0]
