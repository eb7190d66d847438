"""The decision form over real HTTP: as many actions as the panel agrees, agencies from the council's list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.meetings.forms import MAX_ACTION_ROWS
from bot.standin.harness import COORDINATOR, POLICE, TEACHER, YOUTH, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button, Field, row_field
from storage.actions import Action
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.factories import make_action, make_context
from tests.meetings.helpers import (
    action_rows_in,
    decision_values,
    grown,
    open_decision_form,
    scored,
    submit_decision,
)


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The weekly Thursday meeting, and the council's own agency list."""
    return make_bot(
        EFRP_MEETING_SCHEDULE="THU 10:00",
        EFRP_AGENCIES="Police|Met Police, Youth service, Health, Education",
    )


def _initial(view: dict[str, Any], block_id: str) -> Any:
    el = next(b for b in view["blocks"] if b.get("block_id") == block_id)["element"]
    for key in ("initial_value", "initial_user", "initial_date"):
        if key in el:
            return el[key]
    if "initial_option" in el:
        return el["initial_option"]["value"]
    if "initial_options" in el:
        return [o["value"] for o in el["initial_options"]]
    return None


def test_add_another_action_grows_the_open_form_and_keeps_what_was_typed(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    assert action_rows_in(view) == 1
    agency_options = next(b for b in view["blocks"] if b.get("block_id") == row_field(Field.AGENCY, 1))
    assert [o["value"] for o in agency_options["element"]["options"]] == [
        "Police",
        "Youth service",
        "Health",
        "Education",
        "other",
    ]
    values = decision_values(rows=2)
    values[Field.GOALS] = "Typed before adding a row"
    values[Field.LEVEL] = "universal_plus"
    bigger = grown(panel_bot, COORDINATOR.id, view, values)
    assert bigger["id"] == view["id"] and action_rows_in(bigger) == 2  # the same modal, updated in place
    assert standin.calls_to("views.update") and len(standin.calls_to("views.open")) == 1
    assert _initial(bigger, Field.GOALS) == "Typed before adding a row"
    assert _initial(bigger, Field.LEVEL) == "universal_plus"
    assert _initial(bigger, Field.FOCUS) == ["guardianship", "environment"]
    assert _initial(bigger, row_field(Field.WHAT, 1)).startswith("Joint patrol")
    assert _initial(bigger, row_field(Field.OWNER, 1)) == POLICE.id
    assert _initial(bigger, row_field(Field.AGENCY, 1)) == "Police"
    assert _initial(bigger, row_field(Field.DUE, 1)) == "2026-12-10"
    assert _initial(bigger, row_field(Field.KIND, 1)) == "disrupts"
    assert _initial(bigger, row_field(Field.WHAT, 2)) is None  # the new row starts empty

    values[row_field(Field.AGENCY, 2)] = "other"
    values[row_field(Field.AGENCY_OTHER, 2)] = "  met   POLICE "  # typed as Other: a listed spelling
    values.update(scored("Typed before adding a row", [4]))
    assert submit_decision(panel_bot, COORDINATOR.id, bigger, values).json() == {}
    panel_bot.settle()
    with session_scope(panel_bot.deps.engine) as s:
        actions = list(s.exec(select(Action).order_by(col(Action.id))))
    assert [(a.owner_id, a.owner_agency) for a in actions] == [(POLICE.id, "Police"), (YOUTH.id, "Police")]


def test_the_form_stops_growing_at_its_limit_and_says_how_to_add_more(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    values = {row_field(Field.WHAT, n): f"Action number {n}" for n in range(1, MAX_ACTION_ROWS + 1)}
    full = grown(panel_bot, COORDINATOR.id, view, values)
    assert action_rows_in(full) == MAX_ACTION_ROWS and len(full["blocks"]) <= 100
    assert "Add another action" not in str(full["blocks"]) and "Amend decision" in str(full["blocks"])
    assert all(
        _initial(full, row_field(Field.WHAT, n)) == f"Action number {n}" for n in range(1, MAX_ACTION_ROWS)
    )


def test_other_needs_a_name_and_only_coordinators_grow_the_form(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    view = open_decision_form(panel_bot, standin, clock)
    reply = panel_bot.driver().click_in_view(TEACHER.id, view, Button.ADD_ACTION, values={})
    assert reply.status == 200
    panel_bot.settle()
    assert action_rows_in(standin.state.views[view["id"]]) == 1 and not standin.calls_to("views.update")
    assert any("Only the panel's coordinators" in m.text for m in standin.dms_to(TEACHER.id))

    values = decision_values(rows=1)
    values[row_field(Field.AGENCY, 1)] = "other"
    body = submit_decision(panel_bot, COORDINATOR.id, view, values).json()
    assert body["response_action"] == "errors" and set(body["errors"]) == {row_field(Field.AGENCY_OTHER, 1)}


def test_stored_spellings_of_a_listed_agency_become_one_at_start_up(
    make_bot: Callable[..., LocalBot], clock: ManualClock
) -> None:
    first = make_bot()
    now = clock.now()
    ctx = make_context(first.deps.engine, now=now)
    spellings = ("Police", "police", " Met  Police", "Community group X")
    for agency in spellings:
        make_action(first.deps.engine, ctx, now=now, due_on=date(2026, 12, 1), agency=agency)
    first.stop()
    again = make_bot(EFRP_AGENCIES="Police|Met Police|Metropolitan Police, Health")  # the same database
    with session_scope(again.deps.engine) as s:
        stored = [a.owner_agency for a in s.exec(select(Action).order_by(col(Action.id)))]
        events = [e for e in s.exec(select(AuditEvent)) if e.action == "action.agency_canonicalised"]
    assert stored == ["Police", "Police", "Police", "Community group X"]
    assert len(events) == 2 and {e.detail["to"] for e in events} == {"Police"}
