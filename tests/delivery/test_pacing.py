"""Delivery at Slack's pace: within the stand-in's enforced limits, in order per channel, DMs opened once."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.clock import ManualClock
from bot.standin.harness import PANEL, PEOPLE, LocalBot, local_settings
from bot.standin.server import SlackStandin
from bot.wiring import build_deps, make_deliverer
from storage import outbox
from storage.db import make_engine, session_scope
from storage.outbox import Op
from tests.conftest import wait_for

TEAM = "CTEAM00001"


def _owe(bot: LocalBot, items: list[tuple[str, Op, str, str]]) -> None:
    with session_scope(bot.deps.engine) as s:
        for key, op, channel, text in items:
            outbox.enqueue(
                session=s, key=key, op=op, channel=channel, payload={"text": text}, now=bot.clock.now()
            )


def _all_sent(bot: LocalBot) -> bool:
    with session_scope(bot.deps.engine) as s:
        return outbox.pending_count(session=s) == 0


def _landed(standin: SlackStandin) -> list[str]:
    with standin.lock:
        return [m.text for m in standin.state.messages]


def test_dms_and_posts_land_once_in_order_within_the_limits(
    standin: SlackStandin, make_bot: Callable[..., LocalBot]
) -> None:
    limits = standin.enforce_limits()
    standin.add_channel(TEAM, name="team", private=True, member=True)
    bot = make_bot()
    dms = [(f"dm:{i}", Op.DM, PEOPLE[i % len(PEOPLE)].id, f"dm {i}") for i in range(60)]
    posts = [(f"post:{i}", Op.POST, (PANEL, TEAM)[i % 2], f"post {i}") for i in range(24)]
    _owe(bot, dms + posts)
    wait_for(lambda: _all_sent(bot), timeout=120, interval=0.5)
    landed = _landed(standin)
    assert sorted(landed) == sorted(text for *_, text in dms + posts)  # each exactly once
    for channel in (PANEL, TEAM):
        assert [m.text for m in standin.messages_in(channel)] == [t for _, _, c, t in posts if c == channel]
    for person in PEOPLE:
        expected = [t for _, _, c, t in dms if c == person.id]
        assert [m.text for m in standin.dms_to(person.id)] == expected
    assert limits.rejected <= 3
    assert len(standin.calls_to("conversations.open")) == len(PEOPLE)


def test_a_panel_post_is_not_held_behind_a_sweep_of_dms(
    standin: SlackStandin, make_bot: Callable[..., LocalBot]
) -> None:
    limits = standin.enforce_limits()
    users = [f"UOWNER{i:04d}" for i in range(40)]
    bot = make_bot()
    with session_scope(bot.deps.engine) as s:
        for user in users:
            standin.add_user(user, name=f"Invented owner {user}")
            outbox.remember_dm_channel(session=s, user_id=user, channel_id="D" + user)  # opened last week
    _owe(bot, [(f"remind:{i}", Op.DM, users[i % len(users)], f"reminder {i}") for i in range(200)])
    _owe(bot, [("agenda", Op.POST, PANEL, "the agenda")])
    wait_for(lambda: _all_sent(bot), timeout=120, interval=0.5)
    landed = _landed(standin)
    assert len(landed) == 201 and landed.count("the agenda") == 1
    assert landed.index("the agenda") < 50, "the panel post waited behind the DMs"
    assert standin.calls_to("conversations.open") == []
    assert limits.rejected <= 3


def test_each_persons_dm_channel_is_opened_once_across_rows_and_restarts(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    people = [p.id for p in PEOPLE[:3]]
    for run in range(2):  # the second run is a new process on the same database
        engine = make_engine(database_url)
        deliverer = make_deliverer(
            build_deps(local_settings(standin, database_url), clock=clock, engine=engine)
        )
        with session_scope(engine) as s:
            for i in range(6):
                outbox.enqueue(
                    session=s,
                    key=f"dm:{run}:{i}",
                    op=Op.DM,
                    channel=people[i % 3],
                    payload={"text": f"run {run} dm {i}"},
                    now=clock.now(),
                )
        deliverer.drain()
        engine.dispose()
    assert sorted(c.params["users"] for c in standin.calls_to("conversations.open")) == sorted(people)
    assert sum(len(standin.dms_to(p)) for p in people) == 12
