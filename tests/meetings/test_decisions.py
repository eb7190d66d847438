"""Recording a decision over real HTTP: three actions, owners' DMs and Homes, permissions, double submits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, HEALTH, OUTSIDER, PANEL, POLICE, TEACHER, YOUTH, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button, Field, row_field
from storage.actions import Action, ActionUpdate
from storage.audit import AuditEvent
from storage.contexts import Context
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from storage.meetings import AgendaItem, Meeting
from tests.conftest import wait_for
from tests.factories import make_context
from tests.meetings.helpers import (
    agenda_message,
    decision_values,
    post_thursday_agenda,
    submit_decision,
    text_of,
)


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")


def test_recording_a_decision_with_three_actions(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(panel_bot.deps.engine, now=clock.now() - timedelta(days=3))
    meeting = post_thursday_agenda(panel_bot, clock)
    agenda = agenda_message(standin)
    assert ctx.ref in text_of(agenda) and "New contexts" in text_of(agenda)
    driver = panel_bot.driver()

    assert driver.click(COORDINATOR.id, agenda, Button.RECORD_DECISION).status == 200
    panel_bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "efrp_decision_record"
    goals_block = next(b for b in view["blocks"] if b.get("block_id") == Field.GOALS)
    assert "adult" in goals_block["element"]["initial_value"].lower()  # restated concerns offered as goals

    assert submit_decision(panel_bot, COORDINATOR.id, view, decision_values()).status == 200
    view = standin.state.views[view["id"]]
    assert driver.submit(COORDINATOR.id, view, decision_values()).status == 200  # double click
    panel_bot.settle()

    with session_scope(panel_bot.deps.engine) as s:
        decisions = list(s.exec(select(Decision)))
        actions = list(s.exec(select(Action).order_by(Action.id)))  # type: ignore[arg-type]
        goals = list(s.exec(select(SafetyGoal)))
        context = s.get(Context, ctx.id)
        item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).one()
    assert len(decisions) == 1 and decisions[0].level == "complex" and decisions[0].meeting_id == meeting.id
    assert decisions[0].partners == ["Police", "Housing", "Young people"]
    assert [a.owner_id for a in actions] == [POLICE.id, YOUTH.id, HEALTH.id]
    assert actions[0].kind == "disrupts" and actions[1].kind == "builds_safety"
    assert {g.text for g in goals} == {
        "Young people feel safe using the stairwell",
        "Adults on the estate challenge harm",
    }
    assert context is not None and context.level == "complex" and context.first_discussed_at is not None
    assert context.focus == ["guardianship", "environment"] and str(context.next_review_on) == "2027-02-18"
    assert item.discussed

    for person, action in zip((POLICE, YOUTH, HEALTH), actions, strict=True):
        dms = standin.dms_to(person.id)
        assert len(dms) == 1
        assert ctx.ref in dms[0].text and "Invented concerns" not in text_of(dms[0])
        assert wait_for(lambda p=person: p.id in standin.state.homes)  # App Home refreshed
        assert action.description.split()[0] in text_of(dms[0])
    assert "&lt;!channel&gt;" in text_of(standin.dms_to(POLICE.id)[0])  # user text is escaped
    updated = agenda_message(standin)
    assert updated.edits >= 1 and "Decided" in text_of(updated) and "Amend decision" in str(updated.blocks)


def test_owner_accepts_or_says_not_mine_and_only_the_owner_can(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    make_context(panel_bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(panel_bot, clock)
    driver = panel_bot.driver()
    driver.click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION)
    panel_bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    submit_decision(panel_bot, COORDINATOR.id, view, decision_values())
    panel_bot.settle()

    police_dm = standin.dms_to(POLICE.id)[0]
    driver.click(YOUTH.id, police_dm, Button.ACCEPT_ACTION)  # not the owner
    panel_bot.settle()
    with session_scope(panel_bot.deps.engine) as s:
        assert all(a.accepted_at is None for a in s.exec(select(Action)))  # refused: nothing changed
        assert s.exec(select(ActionUpdate)).first() is None
    driver.click(POLICE.id, police_dm, Button.ACCEPT_ACTION)
    youth_dm = standin.dms_to(YOUTH.id)[0]
    driver.click(YOUTH.id, youth_dm, Button.NOT_MINE)  # asks why first
    panel_bot.settle()
    why = standin.open_view(YOUTH.id)
    assert why is not None
    driver.submit(YOUTH.id, why, {"why": "Detached work there is the council's street team"})
    panel_bot.settle()

    with session_scope(panel_bot.deps.engine) as s:
        by_owner = {a.owner_id: a for a in s.exec(select(Action))}
        updates = {u.kind for u in s.exec(select(ActionUpdate))}
    assert by_owner[POLICE.id].accepted_at is not None and by_owner[POLICE.id].disowned_at is None
    assert by_owner[YOUTH.id].disowned_at is not None and by_owner[YOUTH.id].accepted_at is None
    assert updates == {"accepted", "not_mine"}
    assert "You accepted" in text_of(standin.dms_to(POLICE.id)[0])
    assert "Accept" not in str(standin.dms_to(POLICE.id)[0].blocks)  # buttons gone after answering
    notice = [m for m in standin.messages_in(PANEL) if "not theirs" in m.text]
    assert len(notice) == 1 and f"<@{COORDINATOR.id}>" in notice[0].text


def test_partly_filled_action_row_is_a_field_error(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    make_context(panel_bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(panel_bot, clock)
    driver = panel_bot.driver()
    driver.click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION)
    panel_bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    values = decision_values(rows=1)
    values[row_field(Field.WHAT, 2)] = "Only the what is filled in"
    reply = submit_decision(panel_bot, COORDINATOR.id, view, values)
    body = reply.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {
        row_field(Field.OWNER, 2),
        row_field(Field.AGENCY, 2),
        row_field(Field.DUE, 2),
    }
    panel_bot.settle()
    with session_scope(panel_bot.deps.engine) as s:
        assert s.exec(select(Decision)).first() is None


def test_only_coordinators_record_decisions_and_close_meetings(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    make_context(panel_bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(panel_bot, clock)
    driver = panel_bot.driver()
    agenda = agenda_message(standin)

    driver.click(TEACHER.id, agenda, Button.RECORD_DECISION)
    driver.click(TEACHER.id, agenda, Button.CLOSE_MEETING)
    driver.command(TEACHER.id, "/efh", "meeting close")
    panel_bot.settle()
    assert standin.open_view(TEACHER.id) is None
    refusals = [e for e in standin.state.ephemeral if e.get("user") == TEACHER.id]
    assert len(refusals) == 2 and all("Only the panel's coordinators" in str(e["text"]) for e in refusals)
    assert any("Only the panel's coordinators" in str(r.get("text")) for r in standin.state.responses)

    driver.click(COORDINATOR.id, agenda, Button.RECORD_DECISION)
    panel_bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    submit_decision(panel_bot, OUTSIDER.id, view, decision_values(), grow_as=COORDINATOR.id)  # forged
    panel_bot.settle()
    with session_scope(panel_bot.deps.engine) as s:
        assert s.exec(select(Decision)).first() is None
        assert s.exec(select(Action)).first() is None
        assert {m.state for m in s.exec(select(Meeting))} == {"scheduled"}
        assert not [
            e for e in s.exec(select(AuditEvent)) if e.action.startswith(("decision.", "meeting.closed"))
        ]
    assert not [m for m in standin.messages_in(PANEL) if m.text.startswith("Panel minutes")]


def test_amending_a_decision_keeps_history(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(panel_bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(panel_bot, clock)
    driver = panel_bot.driver()
    driver.click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION)
    panel_bot.settle()
    first = standin.open_view(COORDINATOR.id)
    assert first is not None
    submit_decision(panel_bot, COORDINATOR.id, first, decision_values(rows=1))
    panel_bot.settle()

    driver.command(COORDINATOR.id, "/efh", f"context {ctx.ref}")
    panel_bot.settle()
    record = standin.state.responses[-1]
    assert ctx.ref in str(record) and "Joint patrol" in str(record)
    amend_button = next(el for b in record["blocks"] if b["type"] == "actions" for el in b["elements"])
    driver.click_in_view(
        COORDINATOR.id, {"blocks": record["blocks"]}, Button.AMEND_DECISION, value=amend_button["value"]
    )
    panel_bot.settle()
    second = standin.open_view(COORDINATOR.id)
    assert second is not None and second["id"] != first["id"] and second["title"]["text"] == "Amend decision"
    values = decision_values(rows=0)
    values[Field.LEVEL] = "universal_plus"
    values[Field.GOALS] = "Young people feel safe using the stairwell"
    driver.submit(COORDINATOR.id, second, values)
    panel_bot.settle()

    with session_scope(panel_bot.deps.engine) as s:
        versions = list(s.exec(select(Decision).order_by(Decision.version)))  # type: ignore[arg-type]
        goals = list(s.exec(select(SafetyGoal).order_by(SafetyGoal.id)))  # type: ignore[arg-type]
        context = s.get(Context, ctx.id)
    assert [d.version for d in versions] == [1, 2] and versions[1].supersedes_id == versions[0].id
    assert [g.active for g in goals] == [False, False, True]
    assert context is not None and context.level == "universal_plus"
