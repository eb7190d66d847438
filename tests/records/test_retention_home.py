"""A purge owes a fresh Home to everyone whose Home could list what it removed; nobody, when nothing went."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.records.retention import purge, run_daily
from bot.standin.harness import COORDINATOR, POLICE, LocalBot
from bot.standin.server import SlackStandin
from storage.contexts import Context
from storage.db import session_scope
from storage.outbox import Op, OutboxMessage, State
from tests.factories import make_action, make_context
from tests.referral.helpers import settle

AS_OF = datetime(2027, 12, 1, 9, 0, tzinfo=UTC)
PEOPLE = (POLICE.id, COORDINATOR.id)  # the action's owner; a coordinator who made the referral


def _publishes(standin: SlackStandin, user: str) -> int:
    return sum(1 for c in standin.calls_to("views.publish") if c.params.get("user_id") == user)


def _homes_waiting(bot: LocalBot) -> list[str]:
    with session_scope(bot.deps.engine) as s:
        rows = s.exec(
            select(OutboxMessage).where(
                OutboxMessage.op == Op.HOME, col(OutboxMessage.state).in_([State.PENDING, State.SENDING])
            )
        )
        return sorted(row.channel for row in rows)


def test_a_purge_refreshes_the_homes_that_listed_what_it_removed(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()  # type: ignore[attr-defined]
    ctx = make_context(bot.deps.engine, now=now, referrer=COORDINATOR.id)
    make_action(bot.deps.engine, ctx, now=now, owner=POLICE.id, due_on=date(2026, 12, 1))
    for user in PEOPLE:
        event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}
        assert bot.driver().event(event, event_id=f"EvHome{user}").status == 200
    settle(bot)
    assert all(ctx.ref in str(standin.state.homes[user]) for user in PEOPLE)
    with session_scope(bot.deps.engine) as s:  # closed long ago; the Homes published meanwhile still list it
        closed_at = AS_OF.replace(year=2020) - timedelta(days=1)
        closing = update(Context).where(col(Context.id) == ctx.id)
        s.execute(closing.values(state="closed", closed_at=closed_at))
    before = {user: _publishes(standin, user) for user in PEOPLE}

    bot.clock.set(AS_OF)  # type: ignore[attr-defined]
    assert run_daily(bot.deps).counts["context"] == 1
    assert set(PEOPLE) <= set(_homes_waiting(bot))  # owed in the purge's transaction
    settle(bot)
    for user in PEOPLE:
        assert _publishes(standin, user) > before[user]
        assert ctx.ref not in str(standin.state.homes[user])

    # Another purge that removes nothing owes nobody a Home.
    published = len(standin.calls_to("views.publish"))
    again = purge(bot.deps, as_of=AS_OF, actor="cli:Sam Jones", run_key="cli:again")
    assert again.ran and "context" not in again.counts
    assert _homes_waiting(bot) == []
    settle(bot)
    assert len(standin.calls_to("views.publish")) == published
