"""The board report's outcome figures: safety goals scored, and how the panel's score moved (0–10)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, PANEL, LocalBot
from bot.standin.server import SlackStandin
from storage import goal_scores
from storage.db import session_scope
from storage.decisions import SafetyGoal
from tests.factories import make_context, make_decision
from tests.process import bot_env, run_efrp


def _rescore(engine: Engine, decision_id: int, review_id: int, panel: list[int], now: datetime) -> None:
    """Scores at a review of a decision's goals, in the goals' order."""
    with session_scope(engine) as s:
        goals = s.exec(
            select(SafetyGoal).where(SafetyGoal.decision_id == decision_id).order_by(col(SafetyGoal.id))
        ).all()
        goal_scores.add(
            session=s,
            context_id=goals[0].context_id,
            occasion=goal_scores.REVIEW,
            occasion_id=review_id,
            scores={g.id or 0: {"panel": p} for g, p in zip(goals, panel, strict=False)},
            by=COORDINATOR.id,
            now=now,
        )


def _seed(engine: Engine, now: datetime) -> None:
    """One goal rose (2 → 4 → 6), one stayed (5 → 5), one fell (6 → 3), one scored once only (3)."""
    start = now - timedelta(weeks=20)
    first = make_context(engine, now=start)
    a = make_decision(
        engine, first, now=start, goals=("Safe stairwell", "Adults challenge harm"), baseline=(2, 5)
    )
    _rescore(engine, a.id or 0, 1, [4, 5], start + timedelta(weeks=6))
    _rescore(engine, a.id or 0, 2, [6], start + timedelta(weeks=12))
    second = make_context(engine, now=start, name="Kings Park")
    b = make_decision(engine, second, now=start, goals=("Safe park", "Lit path"), baseline=(6, 3))
    _rescore(engine, b.id or 0, 3, [3], start + timedelta(weeks=12))


def test_the_report_carries_the_outcome_figures(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock, database_url: str
) -> None:
    _seed(bot.deps.engine, clock.now())
    assert bot.driver().command(COORDINATOR.id, "/efh", "report").status == 200
    bot.settle()
    (post,) = [m for m in standin.messages_in(PANEL) if m.thread_ts is None]
    assert "*Outcomes: safety goals scored 0–10*" in post.text
    assert "Goals scored: 4; scored again since baseline: 3" in post.text
    assert "Panel score rose for 1, stayed for 1, fell for 1; median change 0" in post.text

    env = bot_env(None, database_url)
    result = run_efrp("report", "--as", "Sam Patel", "--format", "csv", env=env)
    assert result.returncode == 0, result.stderr
    rows = {
        r["key"]: r["value"] for r in csv.DictReader(io.StringIO(result.stdout)) if r["section"] == "outcomes"
    }
    assert rows == {
        "goals_scored": "4",
        "goals_compared": "3",
        "rose": "1",
        "stayed": "1",
        "fell": "1",
        "median_change": "0",
    }
    md = run_efrp("report", "--as", "Sam Patel", env=env)
    assert md.returncode == 0, md.stderr
    assert "### Outcomes: how the panel's score of each safety goal moved (0 to 10)" in md.stdout
    assert "| Panel score rose | 1 |" in md.stdout and "Safe stairwell" not in md.stdout
