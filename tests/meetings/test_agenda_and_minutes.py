"""The agenda posted and updated in place, the recurring job, closing a meeting after a restart, minutes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.meetings.agenda_inputs import build_agenda
from bot.meetings.jobs import run as meetings_job
from bot.meetings.schedule import agenda_due_at
from bot.standin.harness import COORDINATOR, PANEL, POLICE, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button
from storage.audit import AuditEvent
from storage.db import make_engine, session_scope
from storage.meetings import AgendaItem, Attendance, Meeting
from tests.factories import make_action, make_context, make_meeting
from tests.meetings.helpers import (
    RECORD,
    agenda_message,
    button_value,
    decision_values,
    post_thursday_agenda,
    submit_decision,
    text_of,
)


def test_agenda_repost_updates_the_message_and_shows_a_new_context(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    first = make_context(bot.deps.engine, now=clock.now() - timedelta(days=2), name="Bus route 38 stop")
    driver = bot.driver()
    driver.command(COORDINATOR.id, "/efh", "agenda")  # no meeting scheduled: none is invented
    bot.settle()
    assert not standin.calls_to("chat.postMessage")
    assert any("No meeting is scheduled" in r.get("text", "") for r in standin.state.responses)
    with session_scope(bot.deps.engine) as s:
        assert not list(s.exec(select(Meeting)))
    driver.command(COORDINATOR.id, "/efh", "meeting add 2026-11-26 10:00 Room 2")
    bot.settle()  # the meeting is stored after the ack: wait for it, as a person would see it first
    driver.command(COORDINATOR.id, "/efh", "agenda")
    bot.settle()
    assert len(standin.calls_to("chat.postMessage")) == 1
    assert first.ref in text_of(agenda_message(standin))
    later = make_context(bot.deps.engine, now=clock.now(), name="Kingsland skate park", level="complex")
    driver.command(COORDINATOR.id, "/efh", "agenda")
    bot.settle()
    assert len([c for c in standin.calls_to("chat.postMessage") if c.params.get("channel") == PANEL]) == 1
    assert len(standin.calls_to("chat.update")) == 1
    message = agenda_message(standin)
    assert later.ref in text_of(message) and message.edits == 1
    assert text_of(message).index(later.ref) < text_of(message).index(first.ref)  # higher level first
    with session_scope(bot.deps.engine) as s:
        meetings = list(s.exec(select(Meeting)))
        items = list(s.exec(select(AgendaItem).order_by(col(AgendaItem.position))))
    assert len(meetings) == 1
    assert [i.context_id for i in items] == [later.id, first.id]


def test_recurring_job_creates_one_meeting_per_slot_and_keeps_cancelled_slots(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")
    assert meetings_job(bot.deps) == (1, 0)
    assert meetings_job(bot.deps) == (0, 0)
    bot.driver().command(COORDINATOR.id, "/efh", "meeting cancel 1")
    bot.settle()
    clock.advance(timedelta(days=2))
    assert meetings_job(bot.deps) == (1, 0)  # the next week's slot; the cancelled one is not recreated
    assert meetings_job(bot.deps) == (0, 0)
    with session_scope(bot.deps.engine) as s:
        rows = list(s.exec(select(Meeting).order_by(col(Meeting.starts_at))))
    assert [(m.series_key, m.state) for m in rows] == [
        ("weekly:2026-11-26", "cancelled"),
        ("weekly:2026-12-03", "scheduled"),
    ]
    assert not standin.messages_in(PANEL)  # a cancelled meeting gets no agenda


def test_agenda_moment_is_moved_into_working_hours(bot: LocalBot) -> None:
    hours = bot.deps.settings.hours
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # 24 h before is Sunday: post Friday 09:00
    assert agenda_due_at(monday, 24, hours) == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert agenda_due_at(thursday, 24, hours) == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    early = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # 24 h before is Wednesday 08:00: post Tuesday 09:00
    assert agenda_due_at(early, 24, hours) == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    summer = datetime(2026, 3, 30, 9, 30, tzinfo=UTC)  # Monday after the clocks change; 24 h before is Sunday
    assert agenda_due_at(summer, 24, hours) == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


def test_no_meeting_and_cancelled_meeting_agendas(bot: LocalBot, clock: ManualClock) -> None:
    assert meetings_job(bot.deps) == (0, 0)  # no schedule, no meetings: nothing to post
    make_meeting(bot.deps.engine, starts_at=clock.now() + timedelta(hours=3), state="cancelled")
    make_context(bot.deps.engine, now=clock.now())
    assert meetings_job(bot.deps) == (0, 0)


def test_close_meeting_after_restart_posts_minutes_and_carries_items(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock, database_url: str
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")
    decided = make_context(bot.deps.engine, now=clock.now() - timedelta(days=5), level="complex")
    skipped = make_context(
        bot.deps.engine, now=clock.now() - timedelta(days=1), name="Fast-food shop, Mare St"
    )
    make_action(bot.deps.engine, skipped, now=clock.now(), due_on=clock.now().date() + timedelta(days=1))
    meeting = post_thursday_agenda(bot, clock)
    clock.set(datetime(2026, 11, 26, 10, 5, tzinfo=UTC))
    driver = bot.driver()
    agenda = agenda_message(standin)
    driver.click(POLICE.id, agenda, Button.PRESENT)
    driver.click(TEACHER.id, agenda, Button.PRESENT)
    driver.click(TEACHER.id, agenda, Button.PRESENT)  # twice: recorded once
    driver.click(
        COORDINATOR.id, agenda, Button.RECORD_DECISION, value=button_value(agenda, RECORD, decided.ref)
    )
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    submit_decision(bot, COORDINATOR.id, view, decision_values())
    bot.settle()
    assert f"<@{POLICE.id}>" in text_of(agenda_message(standin))
    bot.stop()

    again = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")  # same database
    again.driver().click(COORDINATOR.id, agenda_message(standin), Button.CLOSE_MEETING)
    again.settle()
    minutes = [m for m in standin.messages_in(PANEL) if m.text.startswith("Panel minutes")]
    assert len(minutes) == 1
    body = text_of(minutes[0])
    assert f"<@{POLICE.id}>" in body and f"<@{TEACHER.id}>" in body
    assert decided.ref in body and "Young people feel safe using the stairwell" in body
    assert "Detached youth work" in body and "Thu 10 Dec 2026" in body
    assert "Not reached" in body and skipped.ref in body
    assert "Close meeting" not in str(agenda_message(standin).blocks)
    with session_scope(again.deps.engine) as s:
        present = {a.user_id for a in s.exec(select(Attendance))}
        assert present == {POLICE.id, TEACHER.id, COORDINATOR.id}  # whoever closes the meeting was there
        held = s.get(Meeting, meeting.id)
        assert held is not None and held.state == "held" and held.closed_by == COORDINATOR.id
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "meeting.closed")).one()
        nxt = build_agenda(s, datetime(2026, 12, 3, 10, 0, tzinfo=UTC), "Europe/London")
    assert [i.ref for i in nxt.items] == [skipped.ref]  # carried to the next agenda


def test_agenda_query_count_does_not_grow_with_contexts(database_url: str) -> None:
    engine = make_engine(database_url)
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    counts = []
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: seen.append(a[2]))
    made = 0
    for target in (10, 200):
        while made < target:
            ctx = make_context(
                engine, now=now - timedelta(days=made % 30), level=("complex", "universal_plus")[made % 2]
            )
            make_action(engine, ctx, now=now, due_on=now.date() - timedelta(days=made % 3))
            made += 1
        seen.clear()
        with session_scope(engine) as s:
            agenda = build_agenda(s, now + timedelta(days=3), "Europe/London")
        assert len(agenda.items) == target
        counts.append(len([q for q in seen if q.lstrip().upper().startswith("SELECT")]))
    engine.dispose()
    assert counts[0] == counts[1] <= 3
