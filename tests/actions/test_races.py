"""Action races and forms left open: one change is stored; the other person is told what happened, by whom."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from bot.standin.harness import PANEL, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.actions.ids import ActionId
from storage.actions import ActionUpdate, ExtensionRequest
from storage.audit import list_events
from storage.db import session_scope
from tests.actions.helpers import action_row, context_with_action, swept, with_button
from tests.races import assert_told_plainly, at_once, form_errors, shown_name

OWNER = "UPOLICE001"
COORD = "UCOORD0001"
DUE = date(2026, 11, 26)


def _reminder(bot: LocalBot, standin: SlackStandin) -> tuple[int, str, Message]:
    ctx, action = context_with_action(bot, due_on=DUE)
    swept(bot)
    return action.id or 0, ctx.ref, with_button(standin.dms_to(OWNER), ActionId.MARK_DONE)


def _form(bot: LocalBot, standin: SlackStandin, user: str, dm: Message, button: str) -> dict[str, Any]:
    assert bot.driver().click(user, copy.deepcopy(dm), button).status == 200
    bot.settle()
    view = standin.open_view(user)
    assert view is not None
    return view


def _time(bot: LocalBot) -> str:
    return bot.clock.now().astimezone(bot.deps.settings.tz).strftime("%H:%M")


def test_marked_done_twice_at_once_is_done_once_and_the_other_is_told_who_did_it(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture
) -> None:
    action_id, ref, dm = _reminder(bot, standin)
    mine, theirs = (
        _form(bot, standin, OWNER, dm, ActionId.MARK_DONE),
        _form(bot, standin, COORD, dm, ActionId.MARK_DONE),
    )
    answers = at_once(
        lambda: bot.driver().submit(OWNER, mine, {"note": "Walk-through done"}).json(),
        lambda: bot.driver().submit(COORD, theirs, {"note": "Done, the owner told me"}).json(),
    )
    bot.settle()
    told = form_errors(answers)
    assert answers.count({}) == 1 and len(told) == 1, answers
    winner = OWNER if answers[0] == {} else COORD
    who = shown_name(bot.standin, winner)
    assert f"That action for {ref} was marked done by {who} at {_time(bot)} after you opened" in told[0]
    with session_scope(bot.deps.engine) as s:
        assert [u.author for u in s.exec(select(ActionUpdate)).all()] == [winner]
        assert [e.action for e in list_events(session=s) if e.action == "action.done"] == ["action.done"]
    assert len([m for m in standin.messages_in(PANEL) if "Action done" in m.text]) == 1
    assert action_row(bot, action_id).state == "done"
    assert_told_plainly(told, caplog)


def test_an_update_form_left_open_while_the_action_was_done_writes_nothing(
    bot: LocalBot, standin: SlackStandin
) -> None:
    _, ref, dm = _reminder(bot, standin)
    update = _form(bot, standin, OWNER, dm, ActionId.POST_UPDATE)
    done = _form(bot, standin, COORD, dm, ActionId.MARK_DONE)
    assert bot.driver().submit(COORD, done, {"note": "Delivered"}).json() == {}
    reply = bot.driver().submit(OWNER, update, {"update": "Typed while it was closed"}).json()
    assert reply["response_action"] == "errors"  # the form stays open with what was typed
    said = " ".join(reply["errors"].values())
    who = shown_name(bot.standin, COORD)
    assert f"That action for {ref} was marked done by {who} at {_time(bot)} after you opened" in said
    with session_scope(bot.deps.engine) as s:
        assert [u.kind for u in s.exec(select(ActionUpdate)).all()] == ["done"]


def _extension(bot: LocalBot, standin: SlackStandin, dm: Message, new_due: str) -> Message:
    view = _form(bot, standin, OWNER, dm, ActionId.ASK_MORE_TIME)
    assert bot.driver().submit(OWNER, view, {"new_due": new_due, "reason": "Survey delayed"}).json() == {}
    bot.settle()
    return with_button(standin.messages_in(PANEL), ActionId.APPROVE_EXTENSION)


def test_an_extension_approved_and_declined_at_once_is_decided_once_and_the_other_told(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture
) -> None:
    action_id, ref, dm = _reminder(bot, standin)
    request = _extension(bot, standin, dm, "2026-12-10")
    at_once(
        lambda: bot.driver().click(COORD, copy.deepcopy(request), ActionId.APPROVE_EXTENSION),
        lambda: bot.driver().click(COORD, copy.deepcopy(request), ActionId.DECLINE_EXTENSION),
    )
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        (ext,) = s.exec(select(ExtensionRequest)).all()
    told = [str(r.get("text")) for r in standin.state.responses]
    lost = [t for t in told if "request for more time" in t]
    who = shown_name(bot.standin, COORD)
    assert lost == [
        f"That request for more time on {ref} was already {ext.state} by {who} at {_time(bot)}; "
        "nothing was changed."
    ]
    assert action_row(bot, action_id).due_on == (date(2026, 12, 10) if ext.state == "approved" else DUE)
    assert len([m for m in standin.dms_to(OWNER) if ext.state in m.text]) == 1
    assert_told_plainly(told, caplog)


def test_a_request_for_more_time_opened_before_the_due_date_moved_asks_nothing(
    bot: LocalBot, standin: SlackStandin
) -> None:
    _, _, dm = _reminder(bot, standin)
    late = _form(bot, standin, OWNER, dm, ActionId.ASK_MORE_TIME)  # opened, then left open
    bot.driver().click(COORD, _extension(bot, standin, dm, "2026-12-10"), ActionId.APPROVE_EXTENSION)
    bot.settle()
    reply = bot.driver().submit(OWNER, late, {"new_due": "2026-12-20", "reason": "Still delayed"}).json()
    assert reply["response_action"] == "errors"
    said = " ".join(reply["errors"].values())
    who = shown_name(bot.standin, COORD)
    assert f"{who} moved this action's due date to Thu 10 Dec at {_time(bot)} after you opened" in said
    with session_scope(bot.deps.engine) as s:
        assert len(s.exec(select(ExtensionRequest)).all()) == 1
