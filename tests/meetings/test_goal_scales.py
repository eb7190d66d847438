"""Scaled safety goals in the decision form over real HTTP: where each goal stands now, 0–10."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.domain.scales import Viewpoint
from bot.meetings.goal_scales import scale_field
from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button, Field
from storage.audit import AuditEvent
from storage.db import session_scope
from storage.decisions import Decision
from storage.goal_scores import GoalScore
from tests.conftest import wait_for
from tests.meetings.helpers import (
    decision_values,
    fitted,
    open_decision_form,
    ready,
    scored,
    submit_decision,
)

STAIRWELL = "Young people feel safe using the stairwell"
ADULTS = "Adults on the estate challenge harm"


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The weekly Thursday meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _scores(bot: LocalBot) -> list[tuple[str, int, str, int]]:
    with session_scope(bot.deps.engine) as s:
        rows = s.exec(select(GoalScore).order_by(col(GoalScore.goal_id), col(GoalScore.viewpoint)))
        return [(r.occasion, r.goal_id, r.viewpoint, r.score) for r in rows]


def test_a_decision_records_where_each_goal_stands_now_once(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    goals = [b for b in view["blocks"] if str(b.get("block_id", "")).startswith("decision_scale_panel_")]
    assert goals and len(view["blocks"]) <= 100  # the suggested goals come with their scales
    values = decision_values(rows=1)
    assert submit_decision(panel_bot, COORDINATOR.id, view, values).json() == {}
    submitted = panel_bot.standin.state.views[view["id"]]
    assert panel_bot.driver().submit(COORDINATOR.id, submitted, fitted(submitted, values)).status == 200
    panel_bot.settle()
    stored = _scores(panel_bot)
    assert sorted((v, s) for _, _, v, s in stored) == [("panel", 2), ("panel", 3), ("young_people", 3)]
    assert {o for o, *_ in stored} == {"decision"}
    with session_scope(panel_bot.deps.engine) as s:
        assert len(list(s.exec(select(Decision)))) == 1
    wait_for(lambda: _audited(panel_bot) == 1)


def _audited(bot: LocalBot) -> int:
    with session_scope(bot.deps.engine) as s:
        return len(list(s.exec(select(AuditEvent).where(AuditEvent.action == "goal_scores.recorded"))))


def test_a_missing_panel_score_is_refused_by_name_and_nothing_is_stored(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    values = decision_values(rows=1)
    del values[scale_field(Viewpoint.PANEL, ADULTS)]
    view = ready(panel_bot, COORDINATOR.id, view, values)
    reply = panel_bot.driver().submit(COORDINATOR.id, view, values).json()
    assert reply["response_action"] == "errors"  # Slack keeps the form open with everything typed
    assert reply["errors"] == {
        scale_field(
            Viewpoint.PANEL, ADULTS
        ): "Choose the panel's score: where this goal stands now, from 0 to 10."
    }
    assert _scores(panel_bot) == []


def test_goals_typed_without_scales_are_named_and_the_button_draws_them(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    values = {k: v for k, v in fitted(view, decision_values(rows=1)).items()}
    values[Field.GOALS] = f"{STAIRWELL}\n{ADULTS}"
    stale = {k: v for k, v in values.items() if not str(k).startswith("decision_scale_")}
    reply = panel_bot.driver().submit(COORDINATOR.id, view, stale).json()
    assert reply["response_action"] == "errors"
    assert "Goals 1, 2 have no scale yet" in reply["errors"][Field.GOALS]
    assert _scores(panel_bot) == []

    stale.update(scored(values[Field.GOALS], [1, 4]))
    assert submit_decision(panel_bot, COORDINATOR.id, view, stale).json() == {}
    drawn = panel_bot.standin.state.views[view["id"]]
    labels = [b["label"]["text"] for b in drawn["blocks"] if b.get("type") == "input"]
    assert any(STAIRWELL in label and "the panel" in label for label in labels)
    assert any("young people's own view, as reported" in label for label in labels)
    assert any("partners on the ground" in label for label in labels)
    assert sorted(s for *_, s in _scores(panel_bot)) == [1, 4]


def test_an_amendment_starts_from_where_each_goal_last_stood(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    assert submit_decision(panel_bot, COORDINATOR.id, view, decision_values(rows=1)).json() == {}
    panel_bot.settle()
    ref = "EFRP-2026-0001"
    assert panel_bot.driver().command(COORDINATOR.id, "/efh", f"context {ref}").status == 200
    panel_bot.settle()
    record = standin.state.responses[-1]
    assert f"{STAIRWELL} — panel 2; young people 3" in str(record)
    amend = next(el for b in record["blocks"] if b["type"] == "actions" for el in b["elements"])
    panel_bot.driver().click_in_view(
        COORDINATOR.id, {"blocks": record["blocks"]}, Button.AMEND_DECISION, value=amend["value"]
    )
    panel_bot.settle()
    second = standin.open_view(COORDINATOR.id)
    assert second is not None and second["id"] != view["id"]
    chosen = {
        b["block_id"]: b["element"].get("initial_option", {}).get("value")
        for b in second["blocks"]
        if str(b.get("block_id", "")).startswith("decision_scale_")
    }
    assert chosen[scale_field(Viewpoint.PANEL, STAIRWELL)] == "2"
    assert chosen[scale_field(Viewpoint.YOUNG_PEOPLE, STAIRWELL)] == "3"
    assert chosen[scale_field(Viewpoint.PARTNERS, STAIRWELL)] is None


def test_twenty_goals_keep_the_form_within_slacks_block_limit(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    goals = "\n".join(f"Young people feel safe at place {n}" for n in range(1, 21))
    values = {Field.GOALS: goals, **scored(goals, [n % 11 for n in range(20)])}
    view = ready(panel_bot, COORDINATOR.id, view, values)
    panel = [b for b in view["blocks"] if str(b.get("block_id", "")).startswith("decision_scale_panel_")]
    assert len(panel) == 20 and len(view["blocks"]) <= 100
    while "Add another action" in str(view["blocks"]):
        typed = {k: v for k, v in values.items() if k in {b.get("block_id") for b in view["blocks"]}}
        panel_bot.driver().click_in_view(COORDINATOR.id, view, Button.ADD_ACTION, values=typed)
        panel_bot.settle()
        view = standin.state.views[view["id"]]
        assert len(view["blocks"]) <= 100
    assert "This form holds at most 3 actions beside the goals' scales" in str(view["blocks"])
