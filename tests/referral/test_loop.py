"""Referrers kept in the loop: their referrals on their Home tab, and one DM when the panel first decides."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, OUTSIDER, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button as MeetingButton
from handlers.meetings.ids import Field
from handlers.referrals.ids import Button, ScreenField
from tests.meetings.helpers import (
    agenda_message,
    decision_values,
    post_thursday_agenda,
    submit_decision,
    text_of,
)
from tests.referral.helpers import refer, settle


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")


def _home(bot: LocalBot, standin: SlackStandin, user: str) -> str:
    """Open the Home tab (a new event each time: each driver numbers its events from 1) and read it."""
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}
    assert bot.driver().event(event, event_id=f"Ev{uuid.uuid4().hex}").status == 200
    settle(bot)
    view: dict[str, Any] = standin.state.homes[user]
    return "\n".join(str((b.get("text") or {}).get("text", "")) for b in view["blocks"])


def _decide(
    bot: LocalBot, standin: SlackStandin, button: str = MeetingButton.RECORD_DECISION, **changes: Any
) -> None:
    bot.driver().click(COORDINATOR.id, agenda_message(standin), button)
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    values = decision_values(rows=1)
    values.update(changes)
    assert submit_decision(bot, COORDINATOR.id, view, values).status == 200
    settle(bot)


def test_a_referrer_off_the_panel_follows_their_referral_on_home_and_hears_the_decision_once(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    bot = panel_bot
    post = refer(bot, standin, user=OUTSIDER.id, name="Kings Park benches")
    home = _home(bot, standin, OUTSIDER.id)
    assert "Your referrals" in home and "Kings Park benches" in home
    assert "Waiting for the coordinators to screen it" in home

    bot.driver().click(COORDINATOR.id, post, Button.ACCEPT)
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    assert bot.driver().submit(COORDINATOR.id, view, {ScreenField.TARGET: "new"}).json() == {}
    settle(bot)
    clock.advance(timedelta(hours=1))
    post_thursday_agenda(bot, clock)
    home = _home(bot, standin, OUTSIDER.id)
    assert "Accepted, waiting for the panel's decision" in home
    assert "next discussed at the meeting of Thu 26 Nov 2026" in home

    dms = len(standin.dms_to(OUTSIDER.id))  # the receipt and the acceptance
    _decide(bot, standin)
    told = standin.dms_to(OUTSIDER.id)[dms:]
    assert len(told) == 1
    text = text_of(told[0])
    assert "decided on your referral" in text and "Complex" in text and "Thu 18 Feb 2027" in text
    # Only the outcome and the reference: no goals, actions, partners or narrative.
    for private in ("stairwell", "Joint patrol", "tenants", "Invented", "cannabis"):
        assert private not in text
    home = _home(bot, standin, OUTSIDER.id)
    assert "The panel decided *Complex / High Risk*" in home and "review by Thu 18 Feb 2027" in home
    assert "next discussed" not in home

    # An amendment changes the Home tab but sends no second DM.
    _decide(bot, standin, MeetingButton.AMEND_DECISION, **{Field.LEVEL: "universal_plus"})
    assert len(standin.dms_to(OUTSIDER.id)) == dms + 1
    assert "The panel decided *Universal Plus" in _home(bot, standin, OUTSIDER.id)


def test_a_persons_home_shows_only_their_own_referrals(bot: LocalBot, standin: SlackStandin) -> None:
    refer(bot, standin, user=OUTSIDER.id, name="Kings Park benches")
    refer(bot, standin, user=COORDINATOR.id, name="Mare Street chicken shop")
    mine = _home(bot, standin, OUTSIDER.id)
    assert "Kings Park benches" in mine and "Mare Street" not in mine
