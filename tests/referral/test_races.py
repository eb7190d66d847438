"""Races a person can lose: every loser is told what happened and who did it, and nothing is stored twice."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from sqlmodel import select

from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.referrals.ids import Button, ScreenField
from storage.db import session_scope
from storage.referrals import InfoRequest
from tests.races import assert_told_plainly, at_once, form_errors, shown_name
from tests.referral.helpers import refer, referrals, settle


def _modals(bot: LocalBot, standin: SlackStandin, post: Message, count: int) -> list[dict[str, Any]]:
    views = []
    for _ in range(count):
        assert bot.driver().click(COORDINATOR.id, copy.deepcopy(post), Button.ACCEPT).status == 200
        settle(bot)
        view = standin.open_view(COORDINATOR.id)
        assert view is not None
        views.append(view)
    return views


def test_simultaneous_accepts_leave_one_winner_and_name_them_to_every_loser(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    views = _modals(bot, standin, post, 8)
    start = Barrier(len(views))

    def submit(view: dict[str, Any]) -> Any:
        start.wait()
        return bot.driver().submit(COORDINATOR.id, view, {ScreenField.TARGET: "new"}).json()

    with ThreadPoolExecutor(len(views)) as pool:
        answers = list(pool.map(submit, views))
    settle(bot)
    assert answers.count({}) == 1, answers
    losers = [a for a in answers if a]
    for answer in losers:
        assert answer["response_action"] == "errors"
        who = shown_name(bot.standin, COORDINATOR.id)
        assert f"already accepted by {who}" in " ".join(answer["errors"].values()), answer
    assert [r.status for r in referrals(bot)] == ["accepted"]


_ACCEPT = {ScreenField.TARGET: "new"}
_DECLINE = {ScreenField.DECLINE_REASON: "Not extra-familial", ScreenField.SIGNPOSTED_TO: "Early Help"}
_ASK = {ScreenField.QUESTION: "Which stairwell, please?"}


def _form(bot: LocalBot, standin: SlackStandin, post: Message, button: str) -> dict[str, Any]:
    assert bot.driver().click(COORDINATOR.id, copy.deepcopy(post), button).status == 200
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    return view


def _questions(bot: LocalBot) -> int:
    with session_scope(bot.deps.engine) as s:
        return len(s.exec(select(InfoRequest)).all())


@pytest.mark.parametrize("other", ["ask", "decline"])
def test_accept_and_another_screening_step_at_once_store_one_and_name_it_to_the_other(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture, other: str
) -> None:
    post = refer(bot, standin)
    button, values = (Button.ASK, _ASK) if other == "ask" else (Button.DECLINE, _DECLINE)
    accept, second = _form(bot, standin, post, Button.ACCEPT), _form(bot, standin, post, button)
    answers = at_once(
        lambda: bot.driver().submit(COORDINATOR.id, accept, _ACCEPT).json(),
        lambda: bot.driver().submit(COORDINATOR.id, second, values).json(),
    )
    settle(bot)
    told = form_errors(answers)
    assert answers.count({}) == 1 and len(told) == 1, answers
    (referral,) = referrals(bot)
    if answers[0] == {}:  # the accept won: the other is told who accepted
        assert referral.status == "accepted" and _questions(bot) == 0
        who = shown_name(bot.standin, COORDINATOR.id)
        assert f"was already accepted by {who}" in told[0]
    elif other == "ask":  # the question won: the accept is told who asked, and when
        assert referral.status == "info_requested" and _questions(bot) == 1
        who = shown_name(bot.standin, COORDINATOR.id)
        assert f"{who} asked the referrer a question about {referral.ref} at " in told[0]
    else:
        assert referral.status == "declined"
        who = shown_name(bot.standin, COORDINATOR.id)
        assert f"was already declined by {who}" in told[0]
    assert_told_plainly(told, caplog)


def test_an_accept_form_left_open_while_a_question_was_asked_changes_nothing(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    accept = _form(bot, standin, post, Button.ACCEPT)
    assert bot.driver().submit(COORDINATOR.id, _form(bot, standin, post, Button.ASK), _ASK).json() == {}
    settle(bot)
    reply = bot.driver().submit(COORDINATOR.id, accept, _ACCEPT).json()
    assert reply["response_action"] == "errors"
    (referral,) = referrals(bot)
    when = bot.clock.now().astimezone(bot.deps.settings.tz).strftime("%H:%M")
    said = " ".join(reply["errors"].values())
    who = shown_name(bot.standin, COORDINATOR.id)
    assert f"{who} asked the referrer a question about {referral.ref} at {when} after you" in said
    assert referral.status == "info_requested"
    # Opened again, it sees the question and accepts.
    assert bot.driver().submit(COORDINATOR.id, _form(bot, standin, post, Button.ACCEPT), _ACCEPT).json() == {}
    settle(bot)
    assert [r.status for r in referrals(bot)] == ["accepted"]
