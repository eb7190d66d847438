"""The decision form questions a goal written as an activity, gently: a rewording, and a way to keep it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.meetings.forms import KEEP_GOALS
from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Field, row_field
from storage.audit import AuditEvent
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from tests.meetings.helpers import (
    decision_values,
    fitted,
    grown,
    open_decision_form,
    scored,
    submit_decision,
)

ACTIVITY = "Deliver an information session at Northgate Academy"
CHANGE = "Young people feel safe using the stairwell"


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _stored(bot: LocalBot) -> tuple[list[Decision], list[str]]:
    with session_scope(bot.deps.engine) as s:
        decisions = list(s.exec(select(Decision)))
        goals = [g.text for g in s.exec(select(SafetyGoal).order_by(col(SafetyGoal.id)))]
    return decisions, goals


def test_an_activity_goal_is_questioned_and_nothing_is_stored(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    values = decision_values(rows=1)
    values[Field.GOALS] = f"{CHANGE}\n{ACTIVITY}\nHold a meeting with the estate managers"
    reply = panel_bot.driver().submit(COORDINATOR.id, view, fitted(view, values))
    panel_bot.settle()
    answer = reply.json()
    assert answer["response_action"] == "errors" and set(answer["errors"]) == {Field.GOALS}
    note = answer["errors"][Field.GOALS]
    assert note.startswith(f"“{ACTIVITY}” (and 1 more goal) reads as something to be done rather than")
    assert "e.g. “Young people in this group say they know who to go to for help, and go”" in note
    assert "The activity itself can be an action below" in note and "“Keep the goals as written”" in note
    assert _stored(panel_bot) == ([], [])
    # The form stays open as typed (Slack keeps the values while the errors show).
    assert standin.open_view(COORDINATOR.id)["id"] == view["id"]  # type: ignore[index]


def test_reworded_as_a_change_it_is_saved(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    values = decision_values(rows=1)
    values[Field.GOALS] = ACTIVITY
    reply = panel_bot.driver().submit(COORDINATOR.id, view, fitted(view, values))
    assert reply.json()["response_action"] == "errors"
    values[Field.GOALS] = f"{CHANGE}\nYoung people in year 9 say they know who to go to for help"
    values.update(scored(values[Field.GOALS], [2, 3]))
    assert submit_decision(panel_bot, COORDINATOR.id, view, values).json() == {}
    panel_bot.settle()
    decisions, goals = _stored(panel_bot)
    assert len(decisions) == 1
    assert goals == [CHANGE, "Young people in year 9 say they know who to go to for help"]
    with session_scope(panel_bot.deps.engine) as s:
        (event,) = s.exec(select(AuditEvent).where(AuditEvent.action == "decision.recorded"))
    assert event.detail["goals_kept_as_written"] == 0


def test_the_panel_may_keep_its_goals_as_written(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    keep = next(b for b in view["blocks"] if b.get("block_id") == Field.KEEP_GOALS)
    assert keep.get("optional") is True and "initial_options" not in keep["element"]
    values = decision_values(rows=1)
    values[Field.GOALS] = f"{ACTIVITY}\n{CHANGE}"
    values[Field.KEEP_GOALS] = [KEEP_GOALS]
    values.update(scored(values[Field.GOALS], [1, 2]))
    assert submit_decision(panel_bot, COORDINATOR.id, view, values).json() == {}
    panel_bot.settle()
    decisions, goals = _stored(panel_bot)
    assert len(decisions) == 1 and goals == [ACTIVITY, CHANGE]  # exactly as typed
    with session_scope(panel_bot.deps.engine) as s:
        (event,) = s.exec(select(AuditEvent).where(AuditEvent.action == "decision.recorded"))
    assert (event.detail["goals"], event.detail["goals_kept_as_written"]) == (2, 1)


def test_the_tick_and_the_goals_survive_adding_an_action_row(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    values = decision_values(rows=2)
    values[Field.GOALS] = ACTIVITY
    values[Field.KEEP_GOALS] = [KEEP_GOALS]
    bigger = grown(panel_bot, COORDINATOR.id, view, values)
    goals = next(b for b in bigger["blocks"] if b.get("block_id") == Field.GOALS)["element"]
    keep = next(b for b in bigger["blocks"] if b.get("block_id") == Field.KEEP_GOALS)["element"]
    assert goals["initial_value"] == ACTIVITY
    assert [o["value"] for o in keep["initial_options"]] == [KEEP_GOALS]
    assert row_field(Field.WHAT, 2) in {b.get("block_id") for b in bigger["blocks"]}
