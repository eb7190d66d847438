"""The global shortcut "Refer a context" (for mobile) opens the same referral form as /efh-refer."""

from __future__ import annotations

from bot.standin.harness import OUTSIDER, PANEL, LocalBot
from bot.standin.server import SlackStandin
from handlers.referrals.ids import SHORTCUT, Callback
from tests.referral.helpers import referrals, settle, submit


def test_the_shortcut_opens_the_referral_form_and_a_referral_is_made_from_it(
    bot: LocalBot, standin: SlackStandin
) -> None:
    # Anyone in the workspace may refer (a partner need not be on the panel), from any screen.
    reply = bot.driver().shortcut(OUTSIDER.id, SHORTCUT)
    assert reply.status == 200
    settle(bot)
    view = standin.open_view(OUTSIDER.id)
    assert view is not None and view["callback_id"] == Callback.REFER
    assert submit(bot, OUTSIDER.id, view).status == 200
    (stored,) = referrals(bot)
    assert stored.referrer_id == OUTSIDER.id
    assert any(m.thread_ts is None for m in standin.messages_in(PANEL))


def test_an_unknown_shortcut_is_answered_and_opens_nothing(bot: LocalBot, standin: SlackStandin) -> None:
    reply = bot.driver().shortcut(OUTSIDER.id, "efrp_something_else")
    settle(bot)
    assert reply.status in (200, 404)
    assert standin.open_view(OUTSIDER.id) is None
