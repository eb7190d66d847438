"""Races a person can lose: every loser is told what happened and who did it, and nothing is stored twice."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.referrals.ids import Button, ScreenField
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
        assert f"already accepted by <@{COORDINATOR.id}>" in " ".join(answer["errors"].values()), answer
    assert [r.status for r in referrals(bot)] == ["accepted"]
