"""The referrer's answer form refuses, naming who and when, once the referral was screened or answered."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.standin.harness import COORDINATOR, PANEL, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.referrals.ids import Button, ScreenField
from storage.db import session_scope
from storage.referrals import InfoRequest, info_requests_of
from tests.races import assert_told_plainly, at_once, form_errors, shown_name
from tests.referral.helpers import message_text, refer, referrals, settle, snapshot

_ANSWER = {ScreenField.ANSWER: "Mostly after school, 15:30 to 17:00."}
_SCREEN = {
    "accept": (Button.ACCEPT, {ScreenField.TARGET: "new"}),
    "decline": (
        Button.DECLINE,
        {ScreenField.DECLINE_REASON: "Not extra-familial", ScreenField.SIGNPOSTED_TO: "Early Help"},
    ),
}


def _coordinator_form(bot: LocalBot, standin: SlackStandin, post: Message, button: str) -> dict[str, Any]:
    assert bot.driver().click(COORDINATOR.id, copy.deepcopy(post), button).status == 200
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    return view


def _asked(bot: LocalBot, standin: SlackStandin) -> tuple[Message, Message]:
    """A referral with one question to its referrer: the panel post and the question's DM."""
    post = refer(bot, standin)
    ask = _coordinator_form(bot, standin, post, Button.ASK)
    assert bot.driver().submit(COORDINATOR.id, ask, {ScreenField.QUESTION: "Which times?"}).json() == {}
    settle(bot)
    return post, standin.dms_to(TEACHER.id)[-1]


def _answer_form(bot: LocalBot, standin: SlackStandin, question_dm: Message) -> dict[str, Any]:
    assert bot.driver().click(TEACHER.id, copy.deepcopy(question_dm), Button.ANSWER).status == 200
    settle(bot)
    view = standin.open_view(TEACHER.id)
    assert view is not None
    return view


def _requests(bot: LocalBot) -> list[InfoRequest]:
    with session_scope(bot.deps.engine) as s:
        return info_requests_of(session=s, referral_id=referrals(bot)[0].id or 0)


def _local(bot: LocalBot) -> str:
    return bot.clock.now().astimezone(bot.deps.settings.tz).strftime("%H:%M")


@pytest.mark.parametrize("step", ["accept", "decline"])
def test_an_answer_form_left_open_while_the_referral_was_screened_stores_nothing(
    bot: LocalBot, standin: SlackStandin, step: str
) -> None:
    post, question_dm = _asked(bot, standin)
    form = _answer_form(bot, standin, question_dm)
    button, values = _SCREEN[step]
    screen = _coordinator_form(bot, standin, post, button)
    assert bot.driver().submit(COORDINATOR.id, screen, values).json() == {}
    settle(bot)
    before = snapshot(bot)
    reply = bot.driver().submit(TEACHER.id, form, _ANSWER).json()
    assert reply["response_action"] == "errors"  # the form stays open with what was typed
    said = " ".join(reply["errors"].values())
    who = shown_name(bot.standin, COORDINATOR.id)
    ref, verb = referrals(bot)[0].ref, f"{step.rstrip('e')}ed"
    assert f"Referral {ref} was {verb} by {who} at {_local(bot)} after this question was asked" in said
    settle(bot)
    assert snapshot(bot) == before and _requests(bot)[0].answer is None
    # The Answer button, clicked again, says the same privately and opens nothing.
    bot.driver().click(TEACHER.id, copy.deepcopy(question_dm), Button.ANSWER)
    settle(bot)
    assert f"was {verb} by {who}" in standin.dms_to(TEACHER.id)[-1].text
    assert snapshot(bot) == before


def test_a_second_answer_form_is_told_when_the_question_was_answered(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post, question_dm = _asked(bot, standin)
    first, second = _answer_form(bot, standin, question_dm), _answer_form(bot, standin, question_dm)
    assert bot.driver().submit(TEACHER.id, first, _ANSWER).json() == {}
    assert bot.driver().submit(TEACHER.id, first, _ANSWER).json() == {}  # double click: stored once
    settle(bot)
    before = snapshot(bot)
    reply = bot.driver().submit(TEACHER.id, second, {ScreenField.ANSWER: "Weekends too."}).json()
    assert reply["response_action"] == "errors"
    said = " ".join(reply["errors"].values())
    who = shown_name(bot.standin, TEACHER.id)
    assert f"was already answered by {who} at {_local(bot)}, so nothing more was added" in said
    settle(bot)
    assert snapshot(bot) == before
    assert [r.answer for r in _requests(bot)] == [_ANSWER[ScreenField.ANSWER]]
    answers = [m for m in standin.messages_in(PANEL, thread_ts=post.ts) if "Weekends" in message_text(m)]
    assert answers == []


def test_two_answer_forms_submitted_at_once_store_one_answer_and_tell_the_other(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture
) -> None:
    _, question_dm = _asked(bot, standin)
    first, second = _answer_form(bot, standin, question_dm), _answer_form(bot, standin, question_dm)
    answers = at_once(
        lambda: bot.driver().submit(TEACHER.id, first, _ANSWER).json(),
        lambda: bot.driver().submit(TEACHER.id, second, {ScreenField.ANSWER: "Weekends too."}).json(),
        lambda: bot.driver().submit(TEACHER.id, first, _ANSWER).json(),  # a double click of the first
    )
    settle(bot)
    told = form_errors(answers)
    assert len(told) in (1, 2) and all("was already answered by" in t for t in told), answers
    (request,) = _requests(bot)
    assert request.answer in (_ANSWER[ScreenField.ANSWER], "Weekends too.")
    assert_told_plainly(told, caplog)


def test_an_answer_and_an_accept_at_once_never_store_an_answer_after_the_accept(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture
) -> None:
    post, question_dm = _asked(bot, standin)
    form = _answer_form(bot, standin, question_dm)
    accept = _coordinator_form(bot, standin, post, Button.ACCEPT)
    answered, accepted = at_once(
        lambda: bot.driver().submit(TEACHER.id, form, _ANSWER).json(),
        lambda: bot.driver().submit(COORDINATOR.id, accept, {ScreenField.TARGET: "new"}).json(),
    )
    settle(bot)
    assert accepted == {} and referrals(bot)[0].status == "accepted"
    (request,) = _requests(bot)
    if answered == {}:  # the answer came first: it is kept, the accept after it
        assert request.answer == _ANSWER[ScreenField.ANSWER]
    else:
        assert request.answer is None
        assert f"was accepted by {shown_name(bot.standin, COORDINATOR.id)}" in form_errors([answered])[0]
    assert_told_plainly(form_errors([answered]), caplog)
