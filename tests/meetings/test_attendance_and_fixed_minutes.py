"""Attendance (chair, apologies, guests; the closer is present) and minutes fixed at close, with addenda."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, HEALTH, PANEL, POLICE, TEACHER, YOUTH, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.actions.ids import ActionId
from handlers.meetings.ids import Button
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.factories import make_context
from tests.meetings.helpers import (
    agenda_message,
    decision_values,
    post_thursday_agenda,
    submit_decision,
    text_of,
)
from tests.process import bot_env, run_efrp

GUESTS = "Pat Lee, Housing officer\nDr Ode, GP <!channel>"


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _minutes(standin: SlackStandin) -> Message:
    found = [m for m in standin.messages_in(PANEL) if m.text.startswith("Panel minutes")]
    assert len(found) == 1
    return found[0]


def test_attendance_chair_apologies_guests_and_the_closer_present(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    post_thursday_agenda(panel_bot, clock)
    driver = panel_bot.driver()
    agenda = agenda_message(standin)
    driver.click(POLICE.id, agenda, Button.PRESENT)
    driver.click(TEACHER.id, agenda, Button.ATTENDANCE)  # a panel member, not a coordinator
    panel_bot.settle()
    assert standin.open_view(TEACHER.id) is None
    assert any("coordinators can record attendance" in r.get("text", "") for r in standin.state.responses)

    driver.click(COORDINATOR.id, agenda, Button.ATTENDANCE)
    panel_bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "efrp_meeting_attendance"
    clash = {"attendance_chair": HEALTH.id, "attendance_apologies": [POLICE.id], "attendance_guests": ""}
    refused = driver.submit(COORDINATOR.id, view, clash)
    assert (
        refused.json()["response_action"] == "errors" and "attendance_apologies" in refused.json()["errors"]
    )
    bad = driver.submit(
        COORDINATOR.id, view, {**clash, "attendance_apologies": [], "attendance_guests": ", GP"}
    )
    assert "attendance_guests" in bad.json()["errors"]
    good = {"attendance_chair": HEALTH.id, "attendance_apologies": [YOUTH.id], "attendance_guests": GUESTS}
    assert driver.submit(COORDINATOR.id, view, good).status == 200
    assert driver.submit(COORDINATOR.id, view, good).status == 200  # double submit: recorded once
    panel_bot.settle()
    footer = text_of(agenda_message(standin))
    assert f"Chair: <@{HEALTH.id}>" in footer and f"Apologies: <@{YOUTH.id}>" in footer
    assert "Pat Lee (Housing officer)" in footer and "GP &lt;!channel&gt;" in footer  # typed text escaped
    with session_scope(panel_bot.deps.engine) as s:
        recorded = list(s.exec(select(AuditEvent).where(AuditEvent.action == "meeting.attendance")))
    assert len(recorded) == 1 and "Pat Lee" not in str(recorded[0].detail)  # counts, not names

    driver.click(COORDINATOR.id, agenda_message(standin), Button.CLOSE_MEETING)
    panel_bot.settle()
    body = text_of(_minutes(standin))
    assert f"*Chair:* <@{HEALTH.id}>" in body
    present = body.split("*Present:*")[1].split("\n")[0]
    assert all(f"<@{p}>" in present for p in (POLICE.id, HEALTH.id, COORDINATOR.id))
    assert f"*Apologies:* <@{YOUTH.id}>" in body and "Pat Lee (Housing officer)" in body


def test_minutes_are_fixed_at_close_and_later_changes_are_addenda(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock, database_url: str
) -> None:
    ctx = make_context(panel_bot.deps.engine, now=clock.now())
    meeting = post_thursday_agenda(panel_bot, clock)
    driver = panel_bot.driver()
    driver.click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION)
    panel_bot.settle()
    submit_decision(
        panel_bot, COORDINATOR.id, standin.open_view(COORDINATOR.id) or {}, decision_values(rows=1)
    )
    panel_bot.settle()
    driver.click(COORDINATOR.id, agenda_message(standin), Button.CLOSE_MEETING)
    panel_bot.settle()
    assert "Thu 10 Dec 2026" in text_of(_minutes(standin)) and "Addenda" not in text_of(_minutes(standin))

    # After the meeting the owner asks for more time and a coordinator grants it.
    clock.set(datetime(2026, 11, 30, 11, 0, tzinfo=UTC))
    driver.open_home(POLICE.id)
    panel_bot.settle()
    driver.click_in_view(POLICE.id, standin.state.homes[POLICE.id], ActionId.ASK_MORE_TIME)
    panel_bot.settle()
    ask = standin.open_view(POLICE.id) or {}
    driver.submit(POLICE.id, ask, {"new_due": "2026-12-17", "reason": "Patrol rota changed"})
    panel_bot.settle()
    request = next(m for m in standin.messages_in(PANEL) if "Patrol rota changed" in m.text)
    driver.click(COORDINATOR.id, request, ActionId.APPROVE_EXTENSION)
    panel_bot.settle()

    minutes = _minutes(standin)  # the same message, brought up to date with the addendum
    body = text_of(minutes)
    agreed, addenda = body.split("Addenda: changes after the meeting")
    assert "Thu 10 Dec 2026" in agreed and "17 Dec" not in agreed  # what was agreed stays as agreed
    assert f"<@{COORDINATOR.id}>" in addenda and ctx.ref in addenda
    assert "due Thu 10 Dec 2026, now Thu 17 Dec 2026" in addenda and "Mon 30 Nov 2026 11:00" in addenda
    out = run_efrp("minutes", "export", "--as", "Sam Patel", str(meeting.id), env=bot_env(None, database_url))
    assert out.returncode == 0, out.stderr
    decisions, after = out.stdout.split("## Addenda")
    assert "due 10 Dec 2026" in decisions.replace("Thu ", "") and "17 Dec" not in decisions
    assert "now Thu 17 Dec 2026" in after and COORDINATOR.id in after  # offline: names as IDs
