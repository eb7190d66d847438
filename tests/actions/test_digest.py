"""One DM per owner: a sweep's reminders in one digest, a decision's actions for one owner in one DM."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, POLICE, YOUTH, LocalBot
from bot.standin.server import SlackStandin
from handlers.actions.ids import ActionId
from handlers.meetings.ids import Button, Field, row_field
from storage import outbox
from storage.actions import Action
from storage.db import session_scope
from tests.actions.helpers import swept
from tests.factories import make_action, make_context
from tests.meetings.helpers import (
    agenda_message,
    decision_values,
    post_thursday_agenda,
    submit_decision,
    text_of,
)


def _digest_rows(bot: LocalBot, owner: str) -> list[outbox.OutboxMessage]:
    with session_scope(bot.deps.engine) as s:
        rows = s.exec(select(outbox.OutboxMessage).where(col(outbox.OutboxMessage.channel) == owner))
        return [r for r in rows if r.key.startswith("reminders:digest:")]


def test_an_owner_with_three_actions_gets_one_digest_per_sweep(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()  # Monday 23 November 2026, 10:00
    ctx = make_context(bot.deps.engine, now=now)
    dues = (date(2026, 11, 18), date(2026, 11, 23), date(2026, 11, 26))  # overdue, due today, due soon
    for n, due in enumerate(dues):
        make_action(bot.deps.engine, ctx, now=now, due_on=due, description=f"Invented action {n}")
    make_action(bot.deps.engine, ctx, now=now, owner=YOUTH.id, due_on=date(2026, 11, 23))

    result = swept(bot)
    assert len(result.owner_reminders) == 4 and len(result.dm_keys) == 2
    dms = standin.dms_to(POLICE.id)
    assert len(dms) == 1 and len(standin.dms_to(YOUTH.id)) == 1
    text = text_of(dms[0])
    assert "3 of your actions need attention" in text and "1 overdue" in text
    assert [text.index(f"Invented action {n}") for n in range(3)] == sorted(
        text.index(f"Invented action {n}") for n in range(3)
    )  # the most overdue first
    done_buttons = [
        e
        for b in dms[0].blocks or []
        for e in b.get("elements") or []
        if e["action_id"] == ActionId.MARK_DONE
    ]
    assert len(done_buttons) == 3  # each action answerable from the digest

    assert swept(bot).lines() == []  # a second sweep that day: nothing more
    bot.clock.advance(timedelta(days=2))  # Wednesday: only the overdue one is reminded again
    swept(bot)
    assert len(standin.dms_to(POLICE.id)) == 2 and len(_digest_rows(bot, POLICE.id)) == 2


def test_a_long_digest_lists_the_first_actions_and_counts_the_rest(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()
    ctx = make_context(bot.deps.engine, now=now)
    for n in range(12):
        make_action(
            bot.deps.engine, ctx, now=now, due_on=date(2026, 11, 23), description=f"Invented {n} " + "x" * 900
        )
    swept(bot)
    dms = standin.dms_to(POLICE.id)
    assert len(dms) == 1  # delivered: the stand-in refuses a message over Slack's limits
    assert "12 of your actions" in text_of(dms[0]) and "and 4 more" in text_of(dms[0])


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def test_a_decision_gives_each_owner_one_dm_answered_action_by_action(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    make_context(panel_bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(panel_bot, clock)
    driver = panel_bot.driver()
    driver.click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION)
    panel_bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    values = decision_values(rows=3)
    values[row_field(Field.OWNER, 3)] = POLICE.id  # two of the three actions are the police's
    assert submit_decision(panel_bot, COORDINATOR.id, view, values).json() == {}
    panel_bot.settle()

    dms = standin.dms_to(POLICE.id)
    assert len(dms) == 1 and len(standin.dms_to(YOUTH.id)) == 1
    assert "2 actions for you" in text_of(dms[0])
    assert "Joint patrol" in text_of(dms[0]) and "Drop-in health" in text_of(dms[0])
    with session_scope(panel_bot.deps.engine) as s:
        theirs = list(s.exec(select(Action).where(Action.owner_id == POLICE.id).order_by(col(Action.id))))
    first = theirs[0].id or 0
    driver.click(POLICE.id, dms[0], Button.ACCEPT_ACTION, value=f'{{"action_id":{first}}}')
    panel_bot.settle()
    dm = standin.dms_to(POLICE.id)
    assert len(dm) == 1 and dm[0].edits >= 1  # the same DM, brought up to date
    blocks = str(dm[0].blocks)
    assert "You accepted" in text_of(dm[0]) and f"assigned-buttons-{first}" not in blocks
    assert f"assigned-buttons-{theirs[1].id}" in blocks  # the other action still waits for an answer
