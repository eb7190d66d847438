"""The chair's buttons: Start review and Open record on the agenda; Start review on the reviews-due notice
and the coordinators' Home. Who may press each, and what the others are told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.actions.reminders import sweep
from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, OUTSIDER, PANEL, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.meetings.ids import Button
from handlers.records.ids import Button as RecordButton
from handlers.reviews.ids import ReviewAction, ReviewView
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.factories import make_context
from tests.meetings.helpers import agenda_message, button_value, post_thursday_agenda, text_of


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _buttons(message: Message, ref: str) -> list[str]:
    """The labels of the buttons of the agenda item naming `ref`."""
    blocks = message.blocks or []
    for i, b in enumerate(blocks):
        if b.get("type") == "section" and ref in b["text"]["text"]:
            return [e["text"]["text"] for e in blocks[i + 1].get("elements", [])]
    raise KeyError(ref)


def _refused(standin: SlackStandin, words: str) -> int:
    return sum(1 for r in standin.state.responses if words in r.get("text", ""))


def test_agenda_items_offer_open_record_and_start_review_when_due(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    engine = panel_bot.deps.engine
    due = make_context(
        engine,
        now=clock.now() - timedelta(weeks=12),
        name="Bus station",
        next_review_on=date(2026, 11, 26),
        first_discussed_at=clock.now() - timedelta(weeks=12),
    )
    new = make_context(engine, now=clock.now() - timedelta(days=2), name="Kingsland skate park")
    post_thursday_agenda(panel_bot, clock)
    agenda = agenda_message(standin)
    assert _buttons(agenda, due.ref) == ["Record decision", "Open record", "Start review"]
    assert _buttons(agenda, new.ref) == ["Record decision", "Open record"]
    driver = panel_bot.driver()
    start = button_value(agenda, ReviewAction.START, due.ref)

    # A panel member who is not a coordinator sees the button but is told plainly it is not theirs.
    assert driver.click(TEACHER.id, agenda, ReviewAction.START, value=start).status == 200
    panel_bot.settle()
    assert standin.open_view(TEACHER.id) is None
    assert _refused(standin, "Only the panel's coordinators can record a review") == 1
    driver.click(COORDINATOR.id, agenda, ReviewAction.START, value=start)
    panel_bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == ReviewView.REVIEW and due.ref in str(view["blocks"])


def test_open_record_is_private_to_panel_members_and_audited(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(
        panel_bot.deps.engine, now=clock.now() - timedelta(days=2), name="Kingsland skate park"
    )
    post_thursday_agenda(panel_bot, clock)
    agenda = agenda_message(standin)
    driver = panel_bot.driver()
    value = button_value(agenda, RecordButton.OPEN_RECORD, ctx.ref)

    driver.click(OUTSIDER.id, agenda, RecordButton.OPEN_RECORD, value=value)
    panel_bot.settle()
    assert standin.open_view(OUTSIDER.id) is None
    assert _refused(standin, "Only members of the panel can see a context's record") == 1

    driver.click(TEACHER.id, agenda, RecordButton.OPEN_RECORD, value=value)
    panel_bot.settle()
    view = standin.open_view(TEACHER.id)
    assert view is not None and view["title"]["text"] == ctx.ref
    assert "submit" not in view and "Kingsland skate park" in str(view["blocks"])
    assert len([m for m in standin.messages_in(PANEL) if ctx.ref in text_of(m)]) == 1  # nothing posted
    with session_scope(panel_bot.deps.engine) as s:
        viewed = list(s.exec(select(AuditEvent).where(AuditEvent.action == "context.viewed")))
    assert [(e.actor, e.ref) for e in viewed] == [(TEACHER.id, ctx.ref)]


def _start_buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [
        e["text"]["text"]
        for b in blocks
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["action_id"] == ReviewAction.START
    ]


def test_reviews_due_notice_and_coordinators_home_offer_start_review(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(
        bot.deps.engine, now=clock.now() - timedelta(weeks=12), next_review_on=date(2026, 11, 25)
    )
    sweep(bot.deps)
    bot.settle()
    notice = next(m for m in standin.messages_in(PANEL) if "due for review" in m.text)
    assert _start_buttons(notice.blocks or []) == [f"Start review: {ctx.ref}"]
    driver = bot.driver()
    driver.click(TEACHER.id, notice, ReviewAction.START)
    bot.settle()
    assert standin.open_view(TEACHER.id) is None
    assert _refused(standin, "Only the panel's coordinators can record a review") == 1
    driver.click(COORDINATOR.id, notice, ReviewAction.START)
    bot.settle()
    opened = standin.open_view(COORDINATOR.id)
    assert opened is not None and opened["callback_id"] == ReviewView.REVIEW

    driver.open_home(COORDINATOR.id)
    driver.open_home(TEACHER.id)
    bot.settle()
    home = standin.state.homes[COORDINATOR.id]
    assert _start_buttons(home["blocks"]) == [f"Start review: {ctx.ref}"]
    assert _start_buttons(standin.state.homes[TEACHER.id]["blocks"]) == []  # no caseload, no button
    driver.click_in_view(COORDINATOR.id, home, ReviewAction.START)
    bot.settle()
    again = standin.open_view(COORDINATOR.id)
    assert again is not None and again["callback_id"] == ReviewView.REVIEW and again["id"] != opened["id"]


def test_closed_agenda_keeps_open_record_only(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(
        panel_bot.deps.engine,
        now=clock.now() - timedelta(weeks=12),
        next_review_on=date(2026, 11, 26),
        first_discussed_at=clock.now() - timedelta(weeks=12),
    )
    post_thursday_agenda(panel_bot, clock)
    panel_bot.driver().click(COORDINATOR.id, agenda_message(standin), Button.CLOSE_MEETING)
    panel_bot.settle()
    assert _buttons(agenda_message(standin), ctx.ref) == ["Open record"]
