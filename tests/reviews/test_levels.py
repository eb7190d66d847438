"""Levels that agree: a review starts from the level the panel agreed, the baseline keeps what was referred
and what was agreed, "Safer" is never suggested over new Complex concerns, the form questions a level that
contradicts the concerns ticked, and a summary never promises a chart that did not arrive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, PANEL, LocalBot
from bot.standin.server import SlackStandin
from storage.contexts import Context
from storage.db import session_scope
from storage.reviews import Review
from tests.factories import make_context, make_decision
from tests.process import bot_env, run_efrp
from tests.reviews.conftest import Ready, open_review, review_values, summary_post

REFERRED = ["C-B-20", "UP-B-04", "U-RA-02"]
AGREED_TEXT = (
    "Universal Plus / Universal Partnership Plus at baseline (agreed by the panel; referred as "
    "Complex / High Risk)"
)


@pytest.fixture
def agreed(bot: LocalBot, clock: ManualClock) -> Ready:
    """Referred as Complex / High Risk; the panel agreed Universal Plus; reviewed 12 weeks on."""
    engine = bot.deps.engine
    start = clock.now()
    ctx = make_context(engine, now=start, indicator_ids=list(REFERRED), level="complex")
    with session_scope(engine) as s:  # the decision sets the context's level, as the decision form does
        stored = s.get(Context, ctx.id)
        assert stored is not None
        stored.level = ctx.level = "universal_plus"
        s.add(stored)
    make_decision(engine, ctx, now=start + timedelta(days=3), goals=("Safe stairwell",))
    clock.advance(timedelta(weeks=12))
    return Ready(ctx, [], [])  # goals are answered from the form itself (_goal_values)


def _level_initial(view: dict) -> str:  # type: ignore[type-arg]
    block = next(b for b in view["blocks"] if b.get("block_id") == "review_level")
    return str(block["element"]["initial_option"]["value"])


def _goal_values(view: dict) -> dict[str, str]:  # type: ignore[type-arg]
    ids = [str(b.get("block_id", "")) for b in view["blocks"]]
    return {i: "met" for i in ids if i.startswith("review_goal_")} | {
        i: "5" for i in ids if i.startswith("review_scale_panel_")
    }


def _reviews(bot: LocalBot) -> list[Review]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(Review)))


def test_the_review_starts_from_the_agreed_level_and_the_baseline_keeps_both(
    bot: LocalBot, standin: SlackStandin, agreed: Ready, database_url: str
) -> None:
    view = open_review(bot, standin, agreed.context.ref)
    assert _level_initial(view) == "universal_plus"  # not the referral's Complex suggestion
    values = review_values(
        agreed,
        indicators={"universal_plus": ["UP-B-04"], "universal": ["U-RA-02"]},
        level="universal_plus",
        narrative="The adults have gone; the stairwell is still unlit.",
        goals=(),
        keep_level=False,
    ) | _goal_values(view)
    assert bot.driver().submit(COORDINATOR.id, view, values).json() == {}
    bot.settle()
    text = summary_post(standin).text
    assert f"{AGREED_TEXT} → Universal Plus / Universal Partnership Plus now (unchanged)" in text
    assert "*Suggested reading: Safer*" in text  # the Complex concern resolved, nothing new
    bot.driver().command(COORDINATOR.id, "/efh", f"context {agreed.context.ref}")
    bot.settle()
    record = str(standin.state.responses[-1])
    assert "referred as Complex / High Risk; the panel agreed Universal Plus" in record
    md = run_efrp("export", "--as", "Sam Patel", agreed.context.ref, env=bot_env(None, database_url))
    assert md.returncode == 0, md.stderr
    assert "Referred as Complex / High Risk; the panel agreed Universal Plus" in md.stdout
    assert AGREED_TEXT in md.stdout  # the review section of the export


def test_new_complex_concerns_are_never_read_as_safer(
    bot: LocalBot, standin: SlackStandin, agreed: Ready
) -> None:
    view = open_review(bot, standin, agreed.context.ref)
    values = review_values(
        agreed,
        indicators={"complex": ["C-B-01"], "universal": ["U-RA-02", "U-B-02"]},
        level="universal",  # lower, though a new Complex concern appeared: kept deliberately
        narrative="Lower overall, but a new serious concern.",
        goals=(),
    ) | _goal_values(view)
    assert bot.driver().submit(COORDINATOR.id, view, values).json() == {}
    bot.settle()
    text = summary_post(standin).text
    assert "*Suggested reading: Partly safer*" in text and "(C-B-01)" in text


def test_the_form_questions_a_level_that_contradicts_the_concerns_ticked(
    bot: LocalBot, standin: SlackStandin, agreed: Ready
) -> None:
    view = open_review(bot, standin, agreed.context.ref)
    assert any(b.get("block_id") == "review_keep_level" for b in view["blocks"])
    lower = review_values(
        agreed,
        indicators={"complex": ["C-B-20"]},
        level="universal_plus",
        narrative="Still there.",
        goals=(),
        keep_level=False,
    ) | _goal_values(view)
    reply = bot.driver().submit(COORDINATOR.id, view, lower).json()
    assert reply["response_action"] == "errors"
    assert "Complex / High Risk concerns are ticked" in reply["errors"]["review_level"]
    assert "Keep this level" in reply["errors"]["review_level"]
    higher = lower | {"review_level": "complex", "review_ind_complex": []}
    reply = bot.driver().submit(COORDINATOR.id, view, higher).json()
    assert "No concerns are ticked" in reply["errors"]["review_level"]
    bot.settle()
    assert _reviews(bot) == []  # nothing stored while the form asks
    kept = lower | {"review_keep_level": ["keep"]}
    assert bot.driver().submit(COORDINATOR.id, view, kept).json() == {}
    bot.settle()
    assert len(_reviews(bot)) == 1 and "Review 1 of" in summary_post(standin).text


def test_a_summary_whose_chart_failed_does_not_promise_one(
    bot: LocalBot, standin: SlackStandin, agreed: Ready
) -> None:
    standin.fail_next("files.getUploadURLExternal", status=200, error="invalid_arguments")
    view = open_review(bot, standin, agreed.context.ref)
    values = review_values(
        agreed, indicators={"universal": ["U-RA-02"]}, narrative="Calmer.", goals=()
    ) | _goal_values(view)
    bot.driver().submit(COORDINATOR.id, view, values)
    bot.settle()
    post = summary_post(standin)
    assert standin.calls_to("files.completeUploadExternal") == []
    shown = str(post.blocks) + post.text
    assert "chart" not in shown.lower()
    assert [m for m in standin.messages_in(PANEL) if "could not deliver" in m.text]
