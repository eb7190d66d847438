"""What referral intake and screening record as owed is chat-agnostic; buttons and modals carry typed IDs."""

from __future__ import annotations

import copy
import json

from sqlmodel import select

from bot.standin.harness import COORDINATOR, PANEL, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.referrals.ids import Button, Callback, ScreenField
from storage import outbox
from storage.db import session_scope
from storage.outbox import OutboxMessage
from tests.referral.helpers import refer, referrals, settle, snapshot


def _owed(bot: LocalBot) -> list[tuple[str, str, str]]:
    with session_scope(bot.deps.engine) as s:
        rows = s.exec(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(r.key, r.channel, r.payload["kind"]) for r in rows]


def _with_button_value(post: Message, value: str) -> Message:
    """The post as a Slack client holding other button values would show it."""
    shown = copy.deepcopy(post)
    for block in shown.blocks or []:
        for element in block.get("elements") or []:
            if "value" in element:
                element["value"] = value
    return shown


def test_messages_are_owed_as_kinds_and_facts_to_the_panel_or_a_person(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    bot.driver().click(COORDINATOR.id, post, Button.ASK)
    settle(bot)
    ask = standin.open_view(COORDINATOR.id)
    assert ask is not None
    assert bot.driver().submit(COORDINATOR.id, ask, {ScreenField.QUESTION: "Which floor?"}).json() == {}
    settle(bot)
    [referral] = referrals(bot)
    rid = referral.id
    assert (f"referral:{rid}:panel", outbox.PANEL, "referral.panel") in _owed(bot)
    assert (f"referral:{rid}:dm:submitted", TEACHER.id, "referral.submitted_dm") in _owed(bot)
    assert ("info:1:panel:question", outbox.PANEL, "referral.question_panel") in _owed(bot)
    assert ("info:1:dm", TEACHER.id, "referral.question_dm") in _owed(bot)
    with session_scope(bot.deps.engine) as s:
        payloads = [r.payload for r in s.exec(select(OutboxMessage))]
    assert all("blocks" not in json.dumps(p) for p in payloads)  # no Slack Block Kit is stored
    first = standin.messages_in(PANEL)[0].blocks[0]  # type: ignore[index]
    assert first["type"] == "section" and first["text"]["text"].startswith(":large_orange_circle: *Referral ")


def test_a_post_from_before_buttons_carried_metadata_still_opens_the_modal(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    [referral] = referrals(bot)
    assert (
        bot.driver().click(COORDINATOR.id, _with_button_value(post, str(referral.id)), Button.ACCEPT).status
        == 200
    )
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == Callback.ACCEPT
    assert json.loads(view["private_metadata"]) == {"referral_id": referral.id, "last_question_id": None}


def test_a_forged_button_or_modal_is_refused_privately_and_changes_nothing(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    before = snapshot(bot)
    assert (
        bot.driver().click(COORDINATOR.id, _with_button_value(post, '{"c":1}'), Button.ACCEPT).status == 200
    )
    settle(bot)
    assert "out of date" in standin.state.ephemeral[-1]["text"]
    bot.driver().click(COORDINATOR.id, post, Button.DECLINE)
    settle(bot)
    decline = standin.open_view(COORDINATOR.id)
    assert decline is not None
    forged = {**decline, "private_metadata": '{"referral_id":"1; drop"}'}
    reply = bot.driver().submit(
        COORDINATOR.id, forged, {ScreenField.DECLINE_REASON: "No", ScreenField.SIGNPOSTED_TO: "Nowhere"}
    )
    assert reply.status == 200 and reply.json()["response_action"] == "errors"  # the form stays open
    assert "out of date" in reply.json()["errors"][ScreenField.DECLINE_REASON]
    settle(bot)
    assert snapshot(bot) == before
