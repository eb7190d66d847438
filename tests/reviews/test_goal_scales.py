"""Scaled safety goals at a review over real HTTP: asked again, stored once, shown from baseline to now."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.domain.scales import Viewpoint
from bot.reviews.scales import review_field
from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import SlackStandin
from storage.db import session_scope
from storage.goal_scores import GoalScore
from storage.reviews import Review
from tests.factories import make_context, make_decision
from tests.process import bot_env, run_efrp
from tests.reviews.conftest import Ready, open_review, review_values, summary_post

STAIRWELL = "Young people feel safe using the stairwell — panel 2 → 6; young people 5"
RESIDENTS = "panel 3 → 4"
INDICATORS = {"universal": ["U-RA-02", "U-B-02"], "universal_plus": ["UP-RA-04"]}


def _review_scores(bot: LocalBot) -> list[tuple[int, str, int]]:
    with session_scope(bot.deps.engine) as s:
        rows = s.exec(
            select(GoalScore)
            .where(GoalScore.occasion == "review")
            .order_by(col(GoalScore.goal_id), col(GoalScore.viewpoint))
        )
        return [(r.goal_id, r.viewpoint, r.score) for r in rows]


def _reviews(bot: LocalBot) -> int:
    with session_scope(bot.deps.engine) as s:
        return len(list(s.exec(select(Review))))


def test_the_review_asks_the_scales_again_and_refuses_without_the_panels_score(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    view = open_review(bot, standin, ready.context.ref)
    ids = [str(b.get("block_id", "")) for b in view["blocks"]]
    for gid in ready.goal_ids:
        for viewpoint in Viewpoint:
            assert review_field(viewpoint, gid) in ids
    assert len(view["blocks"]) <= 100
    values = review_values(ready, indicators=INDICATORS, narrative="Calmer on the estate.", panel=(6,))
    reply = bot.driver().submit(COORDINATOR.id, view, values).json()
    assert reply["response_action"] == "errors"  # the form stays open with everything typed
    assert reply["errors"] == {
        review_field(Viewpoint.PANEL, ready.goal_ids[1]): (
            "Choose the panel's score: where this goal stands now, from 0 to 10."
        )
    }
    assert _reviews(bot) == 0 and _review_scores(bot) == []


def test_scores_are_stored_once_and_shown_from_baseline_to_now(
    bot: LocalBot, standin: SlackStandin, ready: Ready, database_url: str
) -> None:
    view = open_review(bot, standin, ready.context.ref)
    values = review_values(ready, indicators=INDICATORS, narrative="Calmer on the estate.")
    assert bot.driver().submit(COORDINATOR.id, view, values).status == 200
    assert bot.driver().submit(COORDINATOR.id, view, values).status == 200  # a double submit
    bot.settle()
    first, second = ready.goal_ids
    assert _review_scores(bot) == [(first, "panel", 6), (first, "young_people", 5), (second, "panel", 4)]
    assert _reviews(bot) == 1

    text = summary_post(standin).text
    assert "Where each goal stands, 0–10, from baseline to now" in text
    assert STAIRWELL in text and RESIDENTS in text
    (chart,) = [f for f in standin.state.files.values() if f["shared"]]
    assert "Safety goals, the panel's score from baseline to now (0–10)" in chart["alt_txt"]
    assert "Young people feel safe using the stairwell: 2 → 6" in chart["alt_txt"]
    assert bytes(chart["content"])[:8] == b"\x89PNG\r\n\x1a\n"

    before = len(standin.state.responses)
    assert bot.driver().command(COORDINATOR.id, "/efh", f"context {ready.context.ref}").status == 200
    bot.settle()
    assert len(standin.state.responses) == before + 1
    assert STAIRWELL in json.dumps(standin.state.responses[-1], ensure_ascii=False)

    env = bot_env(None, database_url)
    md = run_efrp("export", "--as", "Sam Patel", ready.context.ref, env=env)
    assert md.returncode == 0, md.stderr
    assert "## Where each goal stands, 0–10, from baseline to now" in md.stdout
    assert f"- {STAIRWELL}" in md.stdout
    html = run_efrp("export", "--as", "Sam Patel", "--format", "html", ready.context.ref, env=env)
    assert html.returncode == 0, html.stderr
    assert "panel 2 → 6; young people 5" in html.stdout


def test_twenty_goals_keep_the_review_form_within_slacks_block_limit(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(bot.deps.engine, now=clock.now())
    goals = tuple(f"Young people feel safe at place {n}" for n in range(1, 21))
    make_decision(
        bot.deps.engine, ctx, now=clock.now(), goals=goals, baseline=tuple(n % 11 for n in range(20))
    )
    clock.advance(timedelta(weeks=12))
    view = open_review(bot, standin, ctx.ref)
    panel = [b for b in view["blocks"] if str(b.get("block_id", "")).startswith("review_scale_panel_")]
    assert len(panel) == 20 and all(b["optional"] is False for b in panel)
    assert len(view["blocks"]) <= 100
