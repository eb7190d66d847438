"""An overdue action its owner said is not theirs is on the agenda as awaiting a new owner, not as theirs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from bot.core.clock import ManualClock
from bot.standin.harness import HEALTH, POLICE, LocalBot
from bot.standin.server import SlackStandin
from handlers import metadata
from handlers.meetings.ids import AssignedButton, Button
from tests.factories import make_action, make_context
from tests.meetings.helpers import agenda_message, post_thursday_agenda, text_of


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _says_not_mine(bot: LocalBot, standin: SlackStandin, user: str, action_id: int) -> None:
    """The owner presses Not mine (on the DM that gave them the action) and says why."""
    value = metadata.dump(AssignedButton(action_id=action_id))
    button = {"type": "button", "action_id": Button.NOT_MINE, "value": value}
    bot.driver().click_in_view(user, {"blocks": [{"type": "actions", "elements": [button]}]}, Button.NOT_MINE)
    bot.settle()
    why = standin.open_view(user)
    assert why is not None
    assert bot.driver().submit(user, why, {"why": "This is the housing team's"}).json() == {}
    bot.settle()


def test_a_disowned_overdue_action_is_listed_as_awaiting_a_new_owner(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    now = clock.now()  # Monday 23 November 2026
    ctx = make_context(panel_bot.deps.engine, now=now - timedelta(weeks=8), first_discussed_at=now)
    due = date(2026, 11, 16)
    make_action(
        panel_bot.deps.engine, ctx, now=now, owner=HEALTH.id, due_on=due, description="Lighting survey"
    )
    disowned = make_action(
        panel_bot.deps.engine, ctx, now=now, owner=POLICE.id, due_on=due, description="Patrols"
    )
    _says_not_mine(panel_bot, standin, POLICE.id, disowned.id or 0)

    post_thursday_agenda(panel_bot, clock)
    agenda = text_of(agenda_message(standin))
    assert f"Overdue since Mon 16 Nov 2026: Lighting survey (<@{HEALTH.id}>)" in agenda
    assert "Overdue since Mon 16 Nov 2026: Patrols (unassigned: awaiting a new owner)" in agenda
    assert f"<@{POLICE.id}>" not in agenda  # not listed under the person who said it is not theirs
