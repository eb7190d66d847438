"""Not mine asks why; coordinators reassign or withdraw; a disowned or withdrawn action stops counting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, HEALTH, PANEL, POLICE, TEACHER, YOUTH, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers import metadata
from handlers.actions.ids import ActionId, ActionMeta
from handlers.meetings.ids import AssignedButton, Button
from storage.actions import Action, ActionUpdate
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.actions.helpers import action_row, swept
from tests.factories import make_action, make_context
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
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _not_mine_post(standin: SlackStandin) -> Message:
    found = [m for m in standin.messages_in(PANEL) if "not theirs" in m.text]
    assert len(found) == 1
    return found[0]


def _youth_says_not_mine(bot: LocalBot, standin: SlackStandin, clock: ManualClock) -> int:
    """A decision gives YOUTH an action; YOUTH says it is not theirs, and why. The action's ID."""
    make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(bot, clock)
    driver = bot.driver()
    driver.click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION)
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    submit_decision(bot, COORDINATOR.id, view, decision_values(rows=2))
    bot.settle()
    dm = standin.dms_to(YOUTH.id)[0]
    driver.click(POLICE.id, dm, Button.NOT_MINE)  # not the owner: no form, refused
    bot.settle()
    assert standin.open_view(POLICE.id) is None
    driver.click(YOUTH.id, dm, Button.NOT_MINE)
    bot.settle()
    why = standin.open_view(YOUTH.id)
    assert why is not None and why["callback_id"] == ActionId.NOT_MINE_MODAL
    assert driver.submit(YOUTH.id, why, {"why": "  "}).json()["response_action"] == "errors"  # say why
    assert driver.submit(YOUTH.id, why, {"why": "Health runs the school sessions <!here>"}).json() == {}
    assert driver.submit(YOUTH.id, why, {"why": "Health runs the school sessions <!here>"}).json() == {}
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        action = s.exec(select(Action).where(Action.owner_id == YOUTH.id)).one()
        notes = list(s.exec(select(ActionUpdate).where(ActionUpdate.kind == "not_mine")))
    assert action.disowned_at is not None and len(notes) == 1
    return action.id or 0


def test_not_mine_asks_why_and_a_coordinator_reassigns_from_the_post(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    action_id = _youth_says_not_mine(panel_bot, standin, clock)
    post = _not_mine_post(standin)
    assert "Health runs the school sessions &lt;!here&gt;" in text_of(post)  # why, escaped
    driver = panel_bot.driver()

    views_before = len(standin.state.views)
    driver.click(TEACHER.id, post, ActionId.REASSIGN)  # not a coordinator: refused where clicked
    driver.click(YOUTH.id, post, ActionId.WITHDRAW)
    panel_bot.settle()
    assert len(standin.state.views) == views_before  # no form opened
    refusals = [r for r in standin.state.responses if "Only the panel's coordinators" in str(r.get("text"))]
    assert len(refusals) == 2

    driver.click(COORDINATOR.id, post, ActionId.REASSIGN)
    panel_bot.settle()
    form = standin.open_view(COORDINATOR.id)
    assert form is not None and form["callback_id"] == ActionId.REASSIGN_MODAL
    chosen = {"new_owner": HEALTH.id, "agency": "Health"}
    assert driver.submit(TEACHER.id, form, chosen).json()["response_action"] == "errors"  # forged
    assert driver.submit(COORDINATOR.id, form, chosen).json() == {}
    assert driver.submit(COORDINATOR.id, form, chosen).json() == {}  # a double click stores once
    panel_bot.settle()

    action = action_row(panel_bot, action_id)
    assert (action.owner_id, action.owner_agency, action.disowned_at) == (HEALTH.id, "Health", None)
    new_dm = standin.dms_to(HEALTH.id)
    assert len(new_dm) == 1 and "reassigned an action" in text_of(new_dm[0])
    assert f"assigned-buttons-{action_id}" in str(new_dm[0].blocks)  # the new owner accepts or not
    old_dm = [m for m in standin.dms_to(YOUTH.id) if "no longer yours" in m.text]
    assert len(old_dm) == 1 and f"<@{HEALTH.id}>" in old_dm[0].text
    settled = _not_mine_post(standin)
    assert (
        settled.edits >= 1
        and "reassigned it to" in settled.text
        and ActionId.REASSIGN not in str(settled.blocks)
    )
    with session_scope(panel_bot.deps.engine) as s:
        events = [e.action for e in s.exec(select(AuditEvent).order_by(col(AuditEvent.id)))]
    assert events.count("action.reassigned") == 1 and "action.not_mine" in events

    driver.click(HEALTH.id, new_dm[0], Button.ACCEPT_ACTION)
    panel_bot.settle()
    assert action_row(panel_bot, action_id).accepted_at is not None


CHANGED, NOT_DELIVERED = "circumstances_changed", "not_delivered"


def test_a_coordinator_withdraws_from_the_post_as_not_delivered(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    action_id = _youth_says_not_mine(panel_bot, standin, clock)
    driver = panel_bot.driver()
    driver.click(COORDINATOR.id, _not_mine_post(standin), ActionId.WITHDRAW)
    panel_bot.settle()
    form = standin.open_view(COORDINATOR.id)
    assert form is not None and form["callback_id"] == ActionId.WITHDRAW_MODAL
    unsaid = driver.submit(COORDINATOR.id, form, {"withdrawn_because": NOT_DELIVERED, "why": " "}).json()
    assert unsaid["response_action"] == "errors" and set(unsaid["errors"]) == {"why"}
    chosen = {"withdrawn_because": NOT_DELIVERED, "why": "No one took it on"}
    assert driver.submit(COORDINATOR.id, form, chosen).json() == {}
    assert driver.submit(COORDINATOR.id, form, chosen).json() == {}  # a double click stores once
    panel_bot.settle()
    assert action_row(panel_bot, action_id).state == "withdrawn"
    settled = _not_mine_post(standin)
    assert "withdrew it (Not delivered by the agency): No one took it on" in settled.text
    told = [m for m in standin.dms_to(YOUTH.id) if "withdrew an action" in m.text]
    assert len(told) == 1 and "Closed as: Not delivered by the agency." in told[0].text
    with session_scope(panel_bot.deps.engine) as s:
        events = [e for e in s.exec(select(AuditEvent)) if e.action == "action.withdrawn"]
    assert [e.detail["because"] for e in events] == [NOT_DELIVERED]


def _press(bot: LocalBot, user: str, action_id: str, value: Any) -> None:
    button = {"type": "button", "action_id": action_id, "value": metadata.dump(value)}
    bot.driver().click_in_view(user, {"blocks": [{"type": "actions", "elements": [button]}]}, action_id)
    bot.settle()


def _overdue_by_agency(bot: LocalBot, standin: SlackStandin) -> str:
    bot.driver().open_home(COORDINATOR.id)
    bot.settle()
    home = standin.state.homes[COORDINATOR.id]
    return next(b["text"]["text"] for b in home["blocks"] if "Overdue actions by agency" in str(b))


def test_disowned_and_withdrawn_actions_stop_counting_against_the_agency(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()  # Monday 23 November 2026
    ctx = make_context(bot.deps.engine, now=now)
    kept = make_action(bot.deps.engine, ctx, now=now, due_on=date(2026, 11, 16), agency="Police")
    disowned = make_action(bot.deps.engine, ctx, now=now, due_on=date(2026, 11, 16), agency="Police")
    withdrawn = make_action(bot.deps.engine, ctx, now=now, due_on=date(2026, 11, 16), agency="Police")
    assert "Police: *3*" in _overdue_by_agency(bot, standin)

    _press(bot, POLICE.id, Button.NOT_MINE, AssignedButton(action_id=disowned.id or 0))
    why = standin.open_view(POLICE.id)
    assert why is not None
    bot.driver().submit(POLICE.id, why, {"why": "This is the housing team's"})
    _press(bot, COORDINATOR.id, ActionId.WITHDRAW, ActionMeta(action_id=withdrawn.id or 0))
    form = standin.open_view(COORDINATOR.id)
    assert form is not None and form["callback_id"] == ActionId.WITHDRAW_MODAL
    unchosen = bot.driver().submit(COORDINATOR.id, form, {"why": "Superseded by the new plan"}).json()
    assert unchosen["response_action"] == "errors" and set(unchosen["errors"]) == {"withdrawn_because"}
    chosen = {"withdrawn_because": CHANGED, "why": "Superseded by the new plan"}
    assert bot.driver().submit(COORDINATOR.id, form, chosen).json() == {}
    bot.settle()

    assert action_row(bot, withdrawn.id or 0).state == "withdrawn"
    told = [m for m in standin.dms_to(POLICE.id) if "withdrew an action" in m.text]
    assert len(told) == 1 and "Superseded by the new plan" in told[0].text
    assert "Closed as: Circumstances changed (not counted against the agency)." in told[0].text
    counts = _overdue_by_agency(bot, standin)
    assert "Overdue actions by agency: 2" in counts
    assert "Police: *1*" in counts and "Awaiting a new owner: *1*" in counts
    result = swept(bot)
    assert [a.id for _, a in result.owner_reminders] == [kept.id]  # reminders: only the one still theirs
    home = standin.state.homes.get(POLICE.id)
    assert home is not None and "You have *1* open action" in str(home)


def test_reassigning_a_withdrawn_action_says_who_withdrew_it_and_when(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()
    ctx = make_context(bot.deps.engine, now=now)
    action = make_action(bot.deps.engine, ctx, now=now, due_on=date(2026, 11, 16), agency="Police")
    meta = ActionMeta(action_id=action.id or 0)
    _press(bot, COORDINATOR.id, ActionId.WITHDRAW, meta)
    form = standin.open_view(COORDINATOR.id)
    assert form is not None
    chosen = {"withdrawn_because": CHANGED, "why": "Superseded by the new plan"}
    assert bot.driver().submit(COORDINATOR.id, form, chosen).json() == {}
    bot.settle()
    told = [m for m in standin.dms_to(POLICE.id) if "withdrew an action" in m.text]
    assert len(told) == 1  # the owner is told once

    _press(bot, COORDINATOR.id, ActionId.REASSIGN, meta)  # a post or Home left showing the button
    notice = standin.open_view(COORDINATOR.id)
    assert notice is not None and notice["callback_id"] != ActionId.REASSIGN_MODAL  # no form opened
    assert "That action for EFRP-2026-0001 was withdrawn by Sam at 10:00, so nothing was changed." in str(
        notice["blocks"]
    )
