"""The last version recorded of a message is the last version Slack shows, through retries and races."""

from __future__ import annotations

import random
from datetime import timedelta

from bot.core.clock import ManualClock
from bot.standin.harness import PANEL, local_settings
from bot.standin.server import SlackStandin
from bot.wiring import build_deps, make_deliverer
from handlers.delivery import Deliverer
from storage import outbox
from storage.db import make_engine, session_scope
from storage.outbox import Op, OutboxMessage

SLOT = "agenda:42"


def _deliverer(standin: SlackStandin, database_url: str, clock: ManualClock) -> Deliverer:
    deps = build_deps(local_settings(standin, database_url), clock=clock, engine=make_engine(database_url))
    return make_deliverer(deps)


def _put(d: Deliverer, text: str) -> None:
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot=SLOT, op=Op.POST, channel=PANEL, payload={"text": text}, now=d.clock.now()
        )


def _claim_one(d: Deliverer) -> list[OutboxMessage]:
    with session_scope(d.engine) as s:
        return outbox.claim(session=s, now=d.clock.now(), lease=timedelta(minutes=5), limit=1)


def _shown(standin: SlackStandin) -> str:
    (message,) = standin.messages_in(PANEL)
    return message.text


def test_a_retried_update_never_overtakes_a_newer_version(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    other = _deliverer(standin, database_url, clock)  # a second process
    _put(d, "v0")
    d.drain()
    _put(d, "v1")
    in_flight = _claim_one(other)  # the other process is sending v1 ...
    _put(d, "v2")  # ... when v2 is recorded
    standin.fail_next("chat.update", status=500)
    other.deliver(in_flight)  # v1 fails and is put back for a retry
    _put(d, "v3")
    for _ in range(5):
        clock.advance(timedelta(minutes=1))
        d.drain()
    assert _shown(standin) == "v3"


def test_two_hundred_quick_updates_end_on_the_last_through_failures(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    rng = random.Random(14)
    d = _deliverer(standin, database_url, clock)
    other = _deliverer(standin, database_url, clock)
    _put(d, "v0")
    d.drain()
    held: list[OutboxMessage] = []
    for version in range(1, 200):
        _put(d, f"v{version}")
        roll = rng.random()
        if roll < 0.25:
            standin.fail_next("chat.update", status=500, after_effect=rng.random() < 0.5)
        if roll < 0.15 and not held:
            held = _claim_one(other)  # in flight elsewhere while more versions are recorded
        elif held and roll > 0.7:
            other.deliver(held)
            held = []
        if 0.3 < roll < 0.8:
            d.deliver_due()
        clock.advance(timedelta(seconds=rng.choice((0, 1, 5))))
    other.deliver(held)
    standin.state.faults.clear()
    for _ in range(10):
        clock.advance(timedelta(minutes=11))
        d.drain()
    assert _shown(standin) == "v199"
    with session_scope(d.engine) as s:
        assert outbox.pending_count(session=s) == 0
