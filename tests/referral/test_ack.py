"""Slack gets its answer when the listener acks, not when the listener's work is done (over real HTTP)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.standin.driver import Reply
from bot.standin.harness import OUTSIDER, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.referrals.ids import COMMAND, SHORTCUT, Callback
from tests.referral.helpers import settle

ENOUGH_S = 60  # only bounds a broken run; nothing here is timed


def _hold_views_open(standin: SlackStandin) -> tuple[threading.Event, threading.Event]:
    """Make the stand-in keep every views.open unanswered until released: (reached, release)."""
    reached, release = threading.Event(), threading.Event()

    def hold(method: str, params: dict[str, Any]) -> None:
        if method == "views.open":
            reached.set()
            release.wait(ENOUGH_S)

    standin.listeners.append(hold)
    return reached, release


def _acked_while_held(standin: SlackStandin, send: Any) -> Reply:
    reached, release = _hold_views_open(standin)
    with ThreadPoolExecutor(1) as pool:
        try:
            future = pool.submit(send)
            assert reached.wait(ENOUGH_S), "the listener never opened the form"
            # The listener is still inside views.open (the stand-in has not answered it), yet Slack
            # already has its HTTP answer.
            reply: Reply = future.result(ENOUGH_S)
            assert not release.is_set()
        finally:
            release.set()
    return reply


def test_the_referral_command_is_acked_while_its_form_is_still_being_opened(
    bot: LocalBot, standin: SlackStandin
) -> None:
    reply = _acked_while_held(standin, lambda: bot.driver().command(TEACHER.id, COMMAND, "Fields Estate"))
    assert reply.status == 200 and reply.body == ""
    settle(bot)
    view = standin.open_view(TEACHER.id)
    assert view is not None and view["callback_id"] == Callback.REFER


def test_the_referral_shortcut_is_acked_while_its_form_is_still_being_opened(
    bot: LocalBot, standin: SlackStandin
) -> None:
    reply = _acked_while_held(standin, lambda: bot.driver().shortcut(OUTSIDER.id, SHORTCUT))
    assert reply.status == 200
    settle(bot)
    view = standin.open_view(OUTSIDER.id)
    assert view is not None and view["callback_id"] == Callback.REFER
