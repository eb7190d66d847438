"""The sweep: once per reminder, catch-up after downtime, escalations, gone owners, reviews, queries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.actions.reminders import sweep
from bot.standin.harness import PANEL, LocalBot
from bot.standin.server import SlackStandin
from storage import outbox
from storage.actions import Action
from storage.db import session_scope
from tests.actions.helpers import context_with_action, swept
from tests.factories import make_action, make_context

OWNER = "UPOLICE001"


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine runs inside the block, in this thread (not the delivery worker's)."""
    seen: list[str] = []
    me = threading.get_ident()

    def listener(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if threading.get_ident() == me:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _panel_texts(standin: SlackStandin, needle: str) -> list[str]:
    return [m.text for m in standin.messages_in(PANEL) if needle in m.text]


def test_a_sweep_run_twice_sends_once(bot: LocalBot, standin: SlackStandin) -> None:
    context_with_action(bot, due_on=date(2026, 11, 26))
    assert len(swept(bot).owner_reminders) == 1
    assert swept(bot).lines() == []
    assert len(standin.dms_to(OWNER)) == 1


def test_downtime_catch_up_sends_one_reminder_and_the_escalation(
    bot: LocalBot, standin: SlackStandin
) -> None:
    context_with_action(bot, due_on=date(2026, 11, 18))  # Wednesday: 3 working days overdue
    first = swept(bot)
    assert [(c.kind, c.day) for c, _ in first.owner_reminders] == [("overdue", date(2026, 11, 20))]
    bot.clock.advance(timedelta(weeks=1))  # the bot was down for a week: Monday 30 November, 10:00
    result = swept(bot)
    assert [(c.kind, c.day) for c, _ in result.owner_reminders] == [("overdue", date(2026, 11, 30))]
    assert [(c.kind, c.day) for c, _ in result.escalations] == [("escalation", date(2026, 11, 25))]
    assert len(standin.dms_to(OWNER)) == 2
    escalations = _panel_texts(standin, "working days overdue")
    assert len(escalations) == 1 and "EFRP-2026-0001" in escalations[0] and f"<@{OWNER}>" in escalations[0]
    assert swept(bot).lines() == []  # and nothing more that day
    assert len(standin.dms_to(OWNER)) == 2 and len(_panel_texts(standin, "working days overdue")) == 1


def test_one_escalation_message_lists_every_newly_escalated_action(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()
    for i, owner in enumerate(("UPOLICE001", "UYOUTH0001", "UHEALTH001")):
        ctx = make_context(bot.deps.engine, now=now, name=f"Place {i}")
        make_action(
            bot.deps.engine, ctx, now=now, owner=owner, due_on=date(2026, 11, 13), agency=f"Agency {i}"
        )
    result = swept(bot)
    assert len(result.escalations) == 3 and len(result.owner_reminders) == 3
    escalations = _panel_texts(standin, "working days overdue")
    assert len(escalations) == 1
    assert all(ref in escalations[0] for ref in ("EFRP-2026-0001", "EFRP-2026-0002", "EFRP-2026-0003"))


def test_no_reminders_for_done_withdrawn_or_closed(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    engine = bot.deps.engine
    ctx = make_context(engine, now=now)
    closed = make_context(engine, now=now, name="Closed place", state="closed")
    stepped = make_context(engine, now=now, name="Stepped-down place", state="stepped_down")
    make_action(engine, ctx, now=now, owner=OWNER, due_on=date(2026, 11, 26), state="done")
    make_action(engine, ctx, now=now, owner=OWNER, due_on=date(2026, 11, 26), state="withdrawn")
    make_action(engine, closed, now=now, owner=OWNER, due_on=date(2026, 11, 26))
    make_action(engine, stepped, now=now, owner=OWNER, due_on=date(2026, 11, 26))
    disowned = make_action(engine, ctx, now=now, owner=OWNER, due_on=date(2026, 11, 26))
    with session_scope(engine) as s:  # the owner said "Not mine": the coordinators reassign it
        row = s.get(Action, disowned.id)
        assert row is not None
        row.disowned_at = now
    assert swept(bot).lines() == []
    assert standin.dms_to(OWNER) == []


def test_outside_working_hours_waits_for_the_next_opening_then_sends_once(
    bot: LocalBot, standin: SlackStandin
) -> None:
    context_with_action(bot, due_on=date(2026, 11, 30))  # Monday: before-due falls on Wednesday 25th
    bot.clock.set(datetime(2026, 11, 25, 8, 59, tzinfo=UTC))
    assert swept(bot).lines() == []
    bot.clock.set(datetime(2026, 11, 28, 11, 0, tzinfo=UTC))  # Saturday
    assert swept(bot).lines() == []
    bot.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    assert len(swept(bot).owner_reminders) == 1
    assert swept(bot).lines() == []
    assert len(standin.dms_to(OWNER)) == 1


def test_deactivated_owner_is_escalated_to_coordinators_at_once(bot: LocalBot, standin: SlackStandin) -> None:
    _, action = context_with_action(bot, due_on=date(2026, 11, 26))
    standin.deactivate(OWNER)
    # The meeting stage's assignment DM to the same owner also fails: still one escalation that day.
    with session_scope(bot.deps.engine) as s:
        outbox.enqueue(
            session=s,
            key=f"action:{action.id}:dm:assigned",
            op=outbox.Op.DM,
            channel=OWNER,
            payload={"text": "You have a new action"},
            now=bot.clock.now(),
            summary="assignment",
        )
    swept(bot)
    gone = _panel_texts(standin, "can no longer be reached")
    assert len(gone) == 1
    assert "EFRP-2026-0001" in gone[0] and f"<@{OWNER}>" in gone[0] and "Walk-through" in gone[0]
    assert standin.dms_to(OWNER) == []
    assert _panel_texts(standin, "could not deliver") == []  # told once, as what it is: not also as a failure
    with session_scope(bot.deps.engine) as s:
        failed = {r.key for r in outbox.failed_messages(session=s)}
    assert f"action:{action.id}:dm:assigned" in failed and len(failed) == 2
    assert any(k.startswith(f"reminders:digest:{OWNER}:") for k in failed)  # the sweep's digest


def test_reviews_due_are_told_to_coordinators_in_one_message(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    make_context(bot.deps.engine, now=now, name="Fields Estate stairwell", next_review_on=date(2026, 11, 27))
    make_context(bot.deps.engine, now=now, name="Riverside park", next_review_on=date(2026, 11, 30))
    make_context(bot.deps.engine, now=now, name="Later place", next_review_on=date(2027, 1, 29))
    result = swept(bot)
    assert sorted(ref for _, ref, _, _ in result.reviews) == ["EFRP-2026-0001", "EFRP-2026-0002"]
    notices = _panel_texts(standin, "due for review")
    assert len(notices) == 1 and "Riverside park" in notices[0] and "Later place" not in notices[0]
    assert swept(bot).lines() == []


def _bulk_actions(engine: Engine, n: int, *, now: datetime) -> None:
    ctx = make_context(engine, now=now, name=f"Place with {n} actions")
    with session_scope(engine) as s:
        s.add_all(
            [
                Action(
                    context_id=ctx.id or 0,
                    description=f"Invented action {i}",
                    owner_id=OWNER,
                    owner_agency="Police",
                    due_on=date(2026, 11, 26),
                    kind="builds_safety",
                    target="context",
                    created_by="UCOORD0001",
                    created_at=now,
                )
                for i in range(n)
            ]
        )


def test_query_count_is_the_same_for_10_and_500_due_actions(bot: LocalBot) -> None:
    engine = bot.deps.engine
    now = bot.clock.now()
    _bulk_actions(engine, 10, now=now)
    with counting(engine) as small:
        assert len(sweep(bot.deps).owner_reminders) == 10
    _bulk_actions(engine, 500, now=now)
    with counting(engine) as large:
        assert len(sweep(bot.deps).owner_reminders) == 500
    assert len(small) == len(large), (small, large)
    assert len(large) <= 12
