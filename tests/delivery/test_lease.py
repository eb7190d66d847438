"""A delivery slower than the lease keeps its row: the worker's heartbeat renews it; a dead one's is taken."""

from __future__ import annotations

import time

from bot.core.clock import SystemClock
from bot.standin.harness import PANEL, local_settings
from bot.standin.server import SlackStandin
from bot.wiring import build_deps, make_deliverer
from handlers.delivery import LEASE, Deliverer
from handlers.delivery_worker import DeliveryWorker
from storage import outbox
from storage.db import make_engine, session_scope
from storage.outbox import Op
from tests.conftest import wait_for


def _deliverer(standin: SlackStandin, database_url: str) -> Deliverer:
    settings = local_settings(standin, database_url)
    deps = build_deps(settings, clock=SystemClock(), engine=make_engine(database_url))
    return make_deliverer(deps)


def test_a_slow_delivery_is_not_taken_over_while_its_process_lives(
    standin: SlackStandin, database_url: str
) -> None:
    sender, other = _deliverer(standin, database_url), _deliverer(standin, database_url)
    standin.fail_next("chat.postMessage", status=200, delay=LEASE.total_seconds() * 1.5)
    with session_scope(sender.engine) as s:
        outbox.enqueue(
            session=s, key="slow:1", op=Op.POST, channel=PANEL, payload={"text": "hi"}, now=sender.clock.now()
        )
    worker = DeliveryWorker(sender)
    worker.start()
    worker.kick()
    try:
        wait_for(lambda: _state(sender) == outbox.State.SENDING)  # the worker has it, and is sending
        deadline = time.monotonic() + LEASE.total_seconds() * 3
        while not standin.messages_in(PANEL) and time.monotonic() < deadline:
            other.drain()  # another process looking for work the whole time
            time.sleep(0.3)
    finally:
        worker.stop()
    other.drain()
    assert [m.text for m in standin.messages_in(PANEL)] == ["hi"]
    assert standin.calls_to("conversations.history") == []  # never taken over, so never in doubt


def _state(d: Deliverer) -> str | None:
    with session_scope(d.engine) as s:
        row = outbox.find(session=s, key="slow:1")
        return row.state if row else None
