"""Ask for information: the coordinator's question reaches the referrer, whose answer joins the referral
and the panel thread."""

from __future__ import annotations

import copy

from bot.standin.harness import COORDINATOR, OUTSIDER, PANEL, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.referrals.ids import Button, Callback, ScreenField
from tests.referral.helpers import audit_actions, fresh, message_text, refer, referrals, settle, snapshot

QUESTION = "Which times of day do you see the adults in the stairwell?"
ANSWER = "Mostly 15:30 to 17:00 on school days; fewer at weekends."


def test_question_and_answer_round_trip(bot: LocalBot, standin: SlackStandin) -> None:
    post = refer(bot, standin)
    driver = bot.driver()
    driver.click(COORDINATOR.id, post, Button.ASK)
    settle(bot)
    ask = standin.open_view(COORDINATOR.id)
    assert ask is not None and ask["callback_id"] == Callback.ASK
    assert driver.submit(COORDINATOR.id, ask, {}).json()["errors"].keys() == {ScreenField.QUESTION}
    assert driver.submit(COORDINATOR.id, ask, {ScreenField.QUESTION: QUESTION}).json() == {}
    assert driver.submit(COORDINATOR.id, ask, {ScreenField.QUESTION: QUESTION}).json() == {}  # double click
    settle(bot)
    assert referrals(bot)[0].status == "info_requested"
    thread = standin.messages_in(PANEL, thread_ts=post.ts)
    assert len(thread) == 1 and QUESTION in message_text(thread[0])
    assert "*Information requested*" in message_text(fresh(standin, post))
    question_dm = standin.dms_to(TEACHER.id)[-1]
    assert QUESTION in message_text(question_dm)
    assert any(
        e.get("action_id") == Button.ANSWER for b in question_dm.blocks or [] for e in b.get("elements", [])
    )

    as_first_seen = copy.deepcopy(question_dm)
    before = snapshot(bot)
    driver.click(OUTSIDER.id, question_dm, Button.ANSWER)  # someone else cannot answer
    settle(bot)
    assert "Only the person who made the referral" in standin.dms_to(OUTSIDER.id)[-1].text
    assert snapshot(bot) == before and standin.open_view(OUTSIDER.id) is None

    driver.click(TEACHER.id, question_dm, Button.ANSWER)
    settle(bot)
    form = standin.open_view(TEACHER.id)
    assert form is not None and form["callback_id"] == Callback.ANSWER
    assert QUESTION in "\n".join(b["text"]["text"] for b in form["blocks"] if b["type"] == "section")
    assert driver.submit(TEACHER.id, form, {ScreenField.ANSWER: ANSWER}).json() == {}
    assert driver.submit(TEACHER.id, form, {ScreenField.ANSWER: ANSWER}).json() == {}  # double click
    settle(bot)
    thread = standin.messages_in(PANEL, thread_ts=post.ts)
    assert len(thread) == 2 and ANSWER in message_text(thread[1])
    [referral] = referrals(bot)
    assert referral.status == "submitted"
    panel = message_text(fresh(standin, post))
    assert "1 asked, 1 answered" in panel and "*Waiting for screening*" in panel
    answered_dm = fresh(standin, question_dm)
    assert answered_dm.edits == 1 and "You answered" in message_text(answered_dm)
    assert not any(b["type"] == "actions" for b in answered_dm.blocks or [])
    assert audit_actions(bot) == ["referral.submitted", "referral.info_requested", "referral.info_answered"]

    after = snapshot(bot)
    driver.click(TEACHER.id, as_first_seen, Button.ANSWER)  # the button as it was before the answer
    settle(bot)
    assert "already answered" in standin.dms_to(TEACHER.id)[-1].text
    assert snapshot(bot) == after
    # screening still works after the exchange
    driver.click(COORDINATOR.id, fresh(standin, post), Button.ACCEPT)
    settle(bot)
    accept = standin.open_view(COORDINATOR.id)
    assert (
        accept is not None and driver.submit(COORDINATOR.id, accept, {ScreenField.TARGET: "new"}).json() == {}
    )
    settle(bot)
    assert referrals(bot)[0].status == "accepted"
