"""Retention: a purged context takes its goals' scales with it; another context's stay."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import LocalBot
from storage.db import session_scope
from storage.goal_scores import GoalScore
from storage.retention import purge_contexts
from tests.factories import make_context, make_decision


def test_goal_scores_go_with_their_context(bot: LocalBot, clock: ManualClock) -> None:
    engine = bot.deps.engine
    now = clock.now() - timedelta(weeks=30)
    gone = make_context(engine, now=now)
    make_decision(engine, gone, now=now, goals=("Safe stairwell", "Lit path"), baseline=(2, 3))
    kept = make_context(engine, now=now, name="Kings Park")
    make_decision(engine, kept, now=now, goals=("Safe park",), baseline=(4,))
    with session_scope(engine) as s:
        purged = purge_contexts(session=s, context_ids=[gone.id or 0])
    assert purged.counts["goal_score"] == 2
    with session_scope(engine) as s:
        assert [(g.context_id, g.score) for g in s.exec(select(GoalScore))] == [(kept.id, 4)]
