"""Home tabs are owed cheaply in a change's transaction and built when delivered: coalesced, never lost."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from sqlmodel import col, select

from bot.actions.actions import mark_done, post_update
from bot.core import keys
from bot.core.clock import ManualClock
from bot.core.deps import Deps
from bot.standin.harness import COORDINATOR, POLICE, local_settings
from bot.standin.server import SlackStandin
from bot.wiring import build_deps, make_deliverer
from handlers.delivery import LEASE, Deliverer
from storage import outbox
from storage.db import make_engine, session_scope
from storage.outbox import Op, OutboxMessage, State
from tests.factories import make_action, make_context
from tests.races import at_once

OWNER = POLICE.id


def _setup(
    standin: SlackStandin, database_url: str, clock: ManualClock, actions: int
) -> tuple[Deps, list[int]]:
    deps = build_deps(local_settings(standin, database_url), clock=clock, engine=make_engine(database_url))
    ctx = make_context(deps.engine, now=clock.now())
    ids = [
        make_action(deps.engine, ctx, now=clock.now(), owner=OWNER, due_on=date(2026, 12, 1 + n)).id or 0
        for n in range(actions)
    ]
    return deps, ids


def _homes_owed(deps: Deps, user: str) -> list[OutboxMessage]:
    with session_scope(deps.engine) as s:
        return list(
            s.exec(
                select(OutboxMessage).where(
                    OutboxMessage.slot == keys.home(user),
                    col(OutboxMessage.state).in_([State.PENDING, State.SENDING]),
                )
            )
        )


def _publishes(standin: SlackStandin, user: str) -> int:
    return sum(1 for c in standin.calls_to("views.publish") if c.params.get("user_id") == user)


def _headline(standin: SlackStandin, user: str) -> str:
    view: dict[str, Any] = standin.state.homes[user]
    return next(str(b["text"]["text"]) for b in view["blocks"] if b.get("type") == "section")


def test_many_changes_for_one_person_give_one_publish_each(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    deps, (first, second, third) = _setup(standin, database_url, clock, 3)
    deliverer = make_deliverer(deps)
    post_update(deps, action_id=first, user=OWNER, text="Met the housing officer", view_id="V1")
    post_update(deps, action_id=second, user=OWNER, text="Survey booked", view_id="V2")
    mark_done(deps, action_id=first, user=OWNER, note="Survey done", view_id="V3")
    mark_done(deps, action_id=third, user=OWNER, note="Plan agreed", view_id="V4")
    # Four changes: one Home owed to the owner and one to the coordinator, each waiting once.
    assert len(_homes_owed(deps, OWNER)) == 1
    assert len(_homes_owed(deps, COORDINATOR.id)) == 1
    deliverer.drain()
    assert _publishes(standin, OWNER) == 1
    assert _publishes(standin, COORDINATOR.id) == 1
    assert "*1* open action." in _headline(standin, OWNER)  # built from the record after the last change
    assert _homes_owed(deps, OWNER) == []


def test_changes_at_the_same_moment_owe_one_home_each(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    deps, ids = _setup(standin, database_url, clock, 4)
    done = at_once(
        *(
            partial(post_update, deps, action_id=a, user=OWNER, text="Met the officer", view_id=f"V{a}")
            for a in ids
        )
    )
    assert done == [True] * len(ids)
    assert len(_homes_owed(deps, OWNER)) == 1  # the unique key, not a check-then-insert, keeps it one
    make_deliverer(deps).drain()
    assert _publishes(standin, OWNER) == 1 and "*4* open actions" in _headline(standin, OWNER)


def test_a_change_after_the_home_is_claimed_owes_another(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    deps, (first, second) = _setup(standin, database_url, clock, 2)
    deliverer = make_deliverer(deps)
    post_update(deps, action_id=first, user=OWNER, text="Met the housing officer", view_id="V1")
    with session_scope(deps.engine) as s:
        claimed = outbox.claim(session=s, now=clock.now(), lease=LEASE, ops=[Op.HOME])
    assert {row.channel for row in claimed} == {OWNER, COORDINATOR.id}
    # The claimed Home may already be read; the change after the claim owes a second one.
    mark_done(deps, action_id=second, user=OWNER, note="Plan agreed", view_id="V2")
    waiting = [row for row in _homes_owed(deps, OWNER) if row.state == State.PENDING]
    assert len(waiting) == 1
    deliverer.deliver(claimed)
    deliverer.drain()
    # The claimed one is not published: the later one, built after the change, is (once).
    assert _publishes(standin, OWNER) == 1
    assert "*1* open action." in _headline(standin, OWNER)


def test_a_home_owed_survives_a_slack_failure_and_is_delivered_later(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    deps, (only,) = _setup(standin, database_url, clock, 1)
    deliverer = make_deliverer(deps)
    standin.fail_next("views.publish", status=503, times=2)
    post_update(deps, action_id=only, user=OWNER, text="Met the housing officer", view_id="V1")
    deliverer.drain()
    assert OWNER not in standin.state.homes
    for user in (OWNER, COORDINATOR.id):
        (row,) = _homes_owed(deps, user)
        assert row.state == State.PENDING and row.last_error
    tried = _publishes(standin, OWNER)
    # The owner's is owed again while it waits for its retry: the later one is published, the retry not.
    # The coordinator's is not owed again: its retry publishes it.
    post_update(deps, action_id=only, user=OWNER, text="Survey booked", view_id="V2")
    clock.advance(timedelta(minutes=1))
    deliverer.drain()
    assert "*1* open action." in _headline(standin, OWNER)
    assert _publishes(standin, OWNER) == tried + 1
    assert COORDINATOR.id in standin.state.homes
    assert _homes_owed(deps, OWNER) == [] and _homes_owed(deps, COORDINATOR.id) == []


def test_a_home_claimed_by_a_process_that_died_is_delivered_by_another(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    deps, (only,) = _setup(standin, database_url, clock, 1)
    mark_done(deps, action_id=only, user=OWNER, note="Plan agreed", view_id="V1")
    with session_scope(deps.engine) as s:
        assert outbox.claim(session=s, now=clock.now(), lease=LEASE, ops=[Op.HOME])
    deps.engine.dispose()  # the process dies holding the claim
    clock.advance(LEASE + timedelta(seconds=1))
    other: Deliverer = make_deliverer(
        build_deps(local_settings(standin, database_url), clock=clock, engine=make_engine(database_url))
    )
    other.drain()
    assert "no open actions" in _headline(standin, OWNER)
    assert _publishes(standin, OWNER) == 1
