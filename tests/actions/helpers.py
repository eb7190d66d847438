"""Shared set-up for the action and reminder tests: a context with an action, and a sweep that delivers."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.actions.reminders import SweepResult, sweep
from bot.standin.harness import LocalBot
from bot.standin.server import Message
from storage.actions import Action
from storage.contexts import Context
from storage.db import session_scope
from tests.factories import make_action, make_context


def context_with_action(
    bot: LocalBot, *, due_on: date, owner: str = "UPOLICE001", **kw: Any
) -> tuple[Context, Action]:
    """An open context and one open action owned by someone."""
    now = bot.clock.now()
    ctx = make_context(bot.deps.engine, now=now)
    return ctx, make_action(bot.deps.engine, ctx, now=now, owner=owner, due_on=due_on, **kw)


def swept(bot: LocalBot) -> SweepResult:
    """Run one sweep as the job does, then deliver what it queued."""
    result = sweep(bot.deps)
    bot.settle()
    return result


def action_row(bot: LocalBot, action_id: int) -> Action:
    """The action as stored now."""
    with session_scope(bot.deps.engine) as s:
        row = s.get(Action, action_id)
        assert row is not None
        return row


def with_button(messages: list[Message], action_id: str) -> Message:
    """The last message that carries a given button."""
    for m in reversed(messages):
        for b in m.blocks or []:
            if any(e.get("action_id") == action_id for e in b.get("elements") or []):
                return m
    raise AssertionError(f"no message with {action_id}")
