"""Less noise in the panel channel: the referral post is short, its details are one click away for panel
members, and the context's later story is in the post's thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, OUTSIDER, PANEL, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.meetings.ids import Button as MeetingButton
from handlers.records.ids import Button as RecordButton
from handlers.records.ids import Callback as RecordCallback
from handlers.referrals.ids import Button, ScreenField
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.meetings.helpers import decision_values, post_thursday_agenda, submit_decision, text_of
from tests.referral.helpers import fresh, message_text, refer, settle


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")


def _buttons(message: Message) -> list[str]:
    return [e["action_id"] for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"]]


def _viewed(bot: LocalBot) -> list[tuple[str, str | None]]:
    with session_scope(bot.deps.engine) as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.action == "referral.viewed"))
        return [(e.actor, e.ref) for e in rows]


def _accept(bot: LocalBot, standin: SlackStandin, post: Message) -> None:
    bot.driver().click(COORDINATOR.id, post, Button.ACCEPT)
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    assert bot.driver().submit(COORDINATOR.id, view, {ScreenField.TARGET: "new"}).json() == {}
    settle(bot)


def test_the_referral_post_is_short_and_its_details_open_for_panel_members_only(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    blocks: list[dict[str, Any]] = post.blocks or []
    assert all(b["type"] != "header" for b in blocks)  # the first line names the referral, once
    first = blocks[0]["text"]["text"]
    assert first.startswith(":large_orange_circle: *Referral EFRP-2026-0001* · Public space")
    assert "Suggested level:* Universal Plus" in first
    assert "2 concerns, 1 protective sign · 2 young people" in first
    text = message_text(post)
    for detail in ("sell cannabis", "Year 9", "YP-104233", "UP-B-04", "Risk of exploitation"):
        assert detail not in text  # the narrative, references and indicators are one click away
    assert _buttons(post) == [RecordButton.REFERRAL_DETAILS, Button.ACCEPT, Button.DECLINE, Button.ASK]

    # A panel member who is not a coordinator reads the details privately; the view is audited.
    assert bot.driver().click(TEACHER.id, post, RecordButton.REFERRAL_DETAILS).status == 200
    settle(bot)
    details = standin.open_view(TEACHER.id)
    assert details is not None and details["callback_id"] == RecordCallback.REFERRAL
    shown = str(details["blocks"])
    for detail in ("sell cannabis", "Year 9", "YP-104233", "UP-B-04", "Waiting for screening"):
        assert detail in shown
    assert _viewed(bot) == [(TEACHER.id, "EFRP-2026-0001")]
    assert fresh(standin, post).edits == 0

    # Someone off the panel (a forwarded payload) is told where they clicked and sees nothing.
    responses = len(standin.state.responses)
    assert bot.driver().click(OUTSIDER.id, post, RecordButton.REFERRAL_DETAILS).status == 200
    settle(bot)
    assert standin.open_view(OUTSIDER.id) is None
    refusal = standin.state.responses[responses]
    assert "Only members of the panel" in refusal["text"] and "cannabis" not in str(refusal)
    assert _viewed(bot) == [(TEACHER.id, "EFRP-2026-0001")]


def test_later_posts_about_a_context_are_reachable_from_its_referral_thread(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    bot = panel_bot
    post = refer(bot, standin)
    _accept(bot, standin, post)
    assert _buttons(fresh(standin, post)) == [RecordButton.REFERRAL_DETAILS]
    clock.advance(timedelta(hours=1))
    post_thursday_agenda(bot, clock)
    agenda = [m for m in standin.messages_in(PANEL) if m.thread_ts is None][-1]
    bot.driver().click(COORDINATOR.id, agenda, MeetingButton.RECORD_DECISION)
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    submit_decision(bot, COORDINATOR.id, view, decision_values(rows=1))
    settle(bot)
    notes = [text_of(m) for m in standin.messages_in(PANEL, thread_ts=post.ts)]
    assert len(notes) == 1
    assert "decision recorded by <@UCOORD0001> at the meeting: *Complex" in notes[0]
    assert "agenda's thread" in notes[0]


def test_a_decision_recorded_from_the_home_tab_goes_in_the_referral_thread_not_the_channel(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    _accept(bot, standin, post)
    event = {"type": "app_home_opened", "user": COORDINATOR.id, "channel": "DCOORD", "tab": "home"}
    bot.driver().event(event, event_id=f"Ev{uuid.uuid4().hex}")
    settle(bot)
    home = standin.state.homes[COORDINATOR.id]
    top_level = len([m for m in standin.messages_in(PANEL) if m.thread_ts is None])
    bot.driver().click_in_view(COORDINATOR.id, home, MeetingButton.RECORD_DECISION)
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "efrp_decision_record"
    assert submit_decision(bot, COORDINATOR.id, view, decision_values(rows=1)).status == 200
    settle(bot)
    assert len([m for m in standin.messages_in(PANEL) if m.thread_ts is None]) == top_level
    replies = standin.messages_in(PANEL, thread_ts=post.ts)
    assert len(replies) == 1 and "EFRP-2026-0001" in text_of(replies[0])
