"""A decision form left open does not write to a record changed meanwhile; it says what changed, and who."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button
from storage.actions import Action
from storage.contexts import Context
from storage.db import session_scope
from storage.decisions import Decision
from tests.factories import make_context
from tests.meetings.helpers import agenda_message, decision_values, post_thursday_agenda, submit_decision
from tests.races import shown_name


def _open_form(bot: LocalBot, standin: SlackStandin) -> dict[str, Any]:
    assert bot.driver().click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION).status == 200
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    return view


def _stored(bot: LocalBot) -> tuple[int, int]:
    with session_scope(bot.deps.engine) as s:
        return len(list(s.exec(select(Decision)))), len(list(s.exec(select(Action))))


def test_a_form_opened_before_another_decision_is_refused_on_the_form_naming_who(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")
    ctx = make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(bot, clock)
    first, second = _open_form(bot, standin), _open_form(bot, standin)
    assert submit_decision(bot, COORDINATOR.id, first, decision_values()).json() == {}
    bot.settle()
    assert _stored(bot) == (1, 3)
    reply = submit_decision(bot, COORDINATOR.id, second, decision_values(rows=1))
    assert reply.json()["response_action"] == "errors"  # the form stays open with what was typed
    said = " ".join(reply.json()["errors"].values())
    who = shown_name(bot.standin, COORDINATOR.id)
    assert f"{who} recorded a decision for {ctx.ref} (version 1)" in said
    assert _stored(bot) == (1, 3)


def test_a_form_left_open_while_the_context_was_closed_writes_nothing(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")
    ctx = make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(bot, clock)
    view = _open_form(bot, standin)
    with session_scope(bot.deps.engine) as s:  # meanwhile, a coordinator closes the context at a review
        row = s.get(Context, ctx.id)
        assert row is not None
        row.state, row.closed_at = "closed", clock.now()
    reply = submit_decision(bot, COORDINATOR.id, view, decision_values())
    assert reply.json()["response_action"] == "errors"
    said = reply.json()["errors"]
    assert f"{ctx.ref} was closed after this form was opened" in " ".join(said.values())
    assert set(said) <= {b.get("block_id") for b in view["blocks"] if b.get("type") == "input"}
    assert _stored(bot) == (0, 0)
