"""Requests from another Slack workspace or app are refused: nothing runs, nothing changes."""

from __future__ import annotations

from urllib.parse import urlencode

from bot.standin.driver import TEAM
from bot.standin.harness import TEACHER, LocalBot
from bot.standin.server import SlackStandin
from tests.referral.helpers import GOOD, open_form, referrals


def _help(team_id: str, app_id: str, standin: SlackStandin) -> bytes:
    return urlencode(
        {
            "team_id": team_id,
            "channel_id": "CGENERAL01",
            "user_id": TEACHER.id,
            "command": "/efh",
            "text": "help",
            "api_app_id": app_id,
            "response_url": f"{standin.base_url}/respond/99",
            "trigger_id": standin.new_trigger(TEACHER.id),
        }
    ).encode()


def test_a_command_from_another_workspace_or_app_is_refused(bot: LocalBot, standin: SlackStandin) -> None:
    d = bot.driver()
    for team, app in (("TOTHER0001", "AEFRP"), (TEAM["id"], "AOTHERAPP1")):
        reply = d.post(_help(team, app, standin), "application/x-www-form-urlencoded")
        assert reply.status == 401, (team, app, reply.status)
    bot.settle()
    assert standin.state.responses == []
    ours = d.post(_help(TEAM["id"], "AEFRP", standin), "application/x-www-form-urlencoded")
    assert ours.status == 200
    bot.settle()
    assert len(standin.state.responses) == 1


def test_a_form_submitted_through_another_app_stores_nothing(bot: LocalBot, standin: SlackStandin) -> None:
    view = open_form(bot, standin)
    values = {str(k): v for k, v in GOOD.items()}
    d = bot.driver()
    for field, value in (("api_app_id", "AOTHERAPP1"), ("team", {"id": "TOTHER0001", "domain": "x"})):
        assert d.submit(TEACHER.id, view, values, overrides={field: value}).status == 401
    bot.settle()
    assert referrals(bot) == []
    assert d.submit(TEACHER.id, view, values).json() == {}  # from our own app, the same form is stored
    assert len(referrals(bot)) == 1
