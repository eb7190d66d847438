"""Coordinators changed without a restart: `efrp coordinators add/remove/list`, audited, seen by the bot."""

from __future__ import annotations

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.referrals.ids import Button, Callback
from storage import audit
from storage import coordinators as store
from storage.db import make_engine, session_scope
from tests.process import bot_env, run_efrp
from tests.referral.helpers import refer, settle


def _audit(database_url: str) -> list[tuple[str, str, str]]:
    engine = make_engine(database_url)
    with session_scope(engine) as s:
        events = audit.list_events(session=s)
    engine.dispose()
    return [(e.actor, e.action, e.record_id) for e in events if e.record_type == "coordinator"]


def test_add_list_remove_through_the_cli_audited(standin: SlackStandin, database_url: str) -> None:
    env = bot_env(standin, database_url, EFRP_COORDINATORS="UCOORD0001")
    r = run_efrp("coordinators", "list", env=env)
    assert r.returncode == 0 and "none stored yet" in r.stdout and "UCOORD0001" in r.stdout
    r = run_efrp("coordinators", "add", "not-an-id", env=env)
    assert r.returncode == 2 and "is not a Slack user ID" in r.stderr
    r = run_efrp("coordinators", "add", "UNEWCO0001", "--as", "Priya (deputy)", env=env)
    assert r.returncode == 0 and r.stdout.strip() == "UNEWCO0001 is now a coordinator"
    r = run_efrp("coordinators", "add", "unewco0001", env=env)
    assert r.returncode == 0 and "already" in r.stdout
    listed = run_efrp("coordinators", "list", env=env).stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["UCOORD0001", "UNEWCO0001"]
    assert "Priya (deputy)" in listed[1]
    r = run_efrp("coordinators", "remove", "UCOORD0001", env=env)
    assert r.returncode == 0
    r = run_efrp("coordinators", "remove", "UNEWCO0001", env=env)
    assert r.returncode == 2 and "last coordinator" in r.stderr
    r = run_efrp("coordinators", "remove", "UOTHER0001", env=env)
    assert r.returncode == 2 and "not a coordinator" in r.stderr
    # EFRP_COORDINATORS seeded the list once: it does not bring a removed coordinator back.
    listed = run_efrp("coordinators", "list", env=env).stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["UNEWCO0001"]
    assert _audit(database_url) == [
        ("cli", "coordinator.added", "UNEWCO0001"),
        ("cli", "coordinator.removed", "UCOORD0001"),
    ]


def test_a_coordinator_added_by_the_cli_can_screen_in_the_running_bot(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock, database_url: str
) -> None:
    post = refer(bot, standin)
    assert bot.driver().click(TEACHER.id, post, Button.ACCEPT).status == 200
    settle(bot)
    assert "Only the panel's coordinators" in standin.state.ephemeral[-1]["text"]
    env = bot_env(standin, database_url)
    assert run_efrp("coordinators", "add", TEACHER.id, env=env).returncode == 0
    assert run_efrp("coordinators", "remove", COORDINATOR.id, env=env).returncode == 0
    clock.advance(store.CACHE_PERIOD)  # another process sees the change within the cache period
    assert bot.driver().click(TEACHER.id, post, Button.ACCEPT).status == 200
    settle(bot)
    view = standin.open_view(TEACHER.id)
    assert view is not None and view["callback_id"] == Callback.ACCEPT
    refusals = len(standin.state.ephemeral)
    assert bot.driver().click(COORDINATOR.id, post, Button.DECLINE).status == 200
    settle(bot)
    assert len(standin.state.ephemeral) == refusals + 1
    assert "Only the panel's coordinators" in standin.state.ephemeral[-1]["text"]
