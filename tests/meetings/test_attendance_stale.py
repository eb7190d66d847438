"""An attendance form left open stores nothing once the meeting closed or attendance was recorded since."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, HEALTH, POLICE, YOUTH, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button
from storage.audit import AuditEvent
from storage.db import session_scope
from storage.meetings import Meeting, attendance_of, guests_of
from tests.meetings.helpers import agenda_message, post_thursday_agenda
from tests.races import assert_told_plainly, at_once, form_errors, shown_name

_FIRST = {"attendance_chair": HEALTH.id, "attendance_apologies": [YOUTH.id], "attendance_guests": "Pat Lee"}
_SECOND = {"attendance_chair": POLICE.id, "attendance_apologies": [], "attendance_guests": "Dr Ode, Housing"}


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _form(bot: LocalBot, standin: SlackStandin) -> dict[str, Any]:
    assert bot.driver().click(COORDINATOR.id, agenda_message(standin), Button.ATTENDANCE).status == 200
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "efrp_meeting_attendance"
    return view


def _stored(bot: LocalBot, meeting_id: int) -> tuple[Any, ...]:
    with session_scope(bot.deps.engine) as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        rows = attendance_of(session=s, meeting_id=meeting_id, status=None)
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "meeting.attendance"))
        return (
            meeting.chair_id,
            sorted((a.user_id, a.status) for a in rows),
            [(g.name, g.role) for g in guests_of(session=s, meeting_id=meeting_id)],
            len(list(events)),
        )


def _local(bot: LocalBot, clock: ManualClock) -> str:
    return clock.now().astimezone(bot.deps.settings.tz).strftime("%H:%M")


def _closed_refusal(bot: LocalBot, meeting_id: int, clock: ManualClock) -> str:
    """What anyone changing the attendance of a meeting the coordinator closed just now is told."""
    who = shown_name(bot.standin, COORDINATOR.id)
    return (
        f"Meeting {meeting_id} was closed and its minutes fixed by {who} at {_local(bot, clock)}, "
        "so its attendance can no longer change and nothing was recorded"
    )


def test_a_form_opened_before_another_attendance_was_recorded_is_refused_naming_who_and_when(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    meeting = post_thursday_agenda(panel_bot, clock)
    first, second = _form(panel_bot, standin), _form(panel_bot, standin)
    assert panel_bot.driver().submit(COORDINATOR.id, first, _FIRST).json() == {}
    assert panel_bot.driver().submit(COORDINATOR.id, first, _FIRST).json() == {}  # double click: once
    panel_bot.settle()
    kept = _stored(panel_bot, meeting.id or 0)
    assert kept[0] == HEALTH.id and kept[3] == 1
    reply = panel_bot.driver().submit(COORDINATOR.id, second, _SECOND).json()
    assert reply["response_action"] == "errors"  # the form stays open with what was typed
    said = " ".join(reply["errors"].values())
    who = shown_name(panel_bot.standin, COORDINATOR.id)
    assert (
        f"{who} recorded the attendance of meeting {meeting.id} at {_local(panel_bot, clock)} "
        "after you opened this form, so nothing was recorded" in said
    )
    panel_bot.settle()
    assert _stored(panel_bot, meeting.id or 0) == kept
    # The same words as what is stored change nothing, so they are not refused; opened again, it saves.
    assert panel_bot.driver().submit(COORDINATOR.id, second, _FIRST).json() == {}
    assert panel_bot.driver().submit(COORDINATOR.id, _form(panel_bot, standin), _SECOND).json() == {}
    panel_bot.settle()
    assert _stored(panel_bot, meeting.id or 0)[0] == POLICE.id


def test_a_member_pressing_im_here_does_not_refuse_an_open_form(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    meeting = post_thursday_agenda(panel_bot, clock)
    form = _form(panel_bot, standin)
    panel_bot.driver().click(POLICE.id, agenda_message(standin), Button.PRESENT)
    panel_bot.settle()
    assert panel_bot.driver().submit(COORDINATOR.id, form, _FIRST).json() == {}
    assert (POLICE.id, "present") in _stored(panel_bot, meeting.id or 0)[1]


def test_a_form_left_open_while_the_meeting_was_closed_stores_nothing(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    meeting = post_thursday_agenda(panel_bot, clock)
    form = _form(panel_bot, standin)
    panel_bot.driver().click(COORDINATOR.id, agenda_message(standin), Button.CLOSE_MEETING)
    panel_bot.settle()
    before = _stored(panel_bot, meeting.id or 0)
    reply = panel_bot.driver().submit(COORDINATOR.id, form, _FIRST).json()
    assert reply["response_action"] == "errors"
    said = " ".join(reply["errors"].values())
    assert _closed_refusal(panel_bot, meeting.id or 0, clock) in said
    assert set(reply["errors"]) <= {b.get("block_id") for b in form["blocks"] if b.get("type") == "input"}
    panel_bot.settle()
    assert _stored(panel_bot, meeting.id or 0) == before and before[0] is None


def test_im_here_on_a_closed_meeting_says_who_closed_it_and_when(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    meeting = post_thursday_agenda(panel_bot, clock)
    agenda = copy.deepcopy(agenda_message(standin))  # as the member still sees it, with its I'm here button
    panel_bot.driver().click(COORDINATOR.id, agenda, Button.CLOSE_MEETING)
    panel_bot.settle()
    before = _stored(panel_bot, meeting.id or 0)
    assert panel_bot.driver().click(POLICE.id, agenda, Button.PRESENT).status == 200
    panel_bot.settle()
    told = [str(e["text"]) for e in standin.state.ephemeral if e.get("user") == POLICE.id]
    assert told == [_closed_refusal(panel_bot, meeting.id or 0, clock) + "."]
    assert _stored(panel_bot, meeting.id or 0) == before


def test_two_attendance_forms_submitted_at_once_store_one_and_name_it_to_the_other(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    meeting = post_thursday_agenda(panel_bot, clock)
    first, second = _form(panel_bot, standin), _form(panel_bot, standin)
    answers = at_once(
        lambda: panel_bot.driver().submit(COORDINATOR.id, first, _FIRST).json(),
        lambda: panel_bot.driver().submit(COORDINATOR.id, second, _SECOND).json(),
    )
    panel_bot.settle()
    told = form_errors(answers)
    assert answers.count({}) == 1 and len(told) == 1, answers
    assert "recorded the attendance of meeting" in told[0]
    chair, _, _, events = _stored(panel_bot, meeting.id or 0)
    assert events == 1 and chair == (HEALTH.id if answers[0] == {} else POLICE.id)
    assert_told_plainly(told, caplog)
