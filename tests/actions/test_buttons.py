"""Owners act from the reminder DM: done, update, more time; permissions; double clicks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.standin.harness import PANEL, LocalBot
from bot.standin.server import SlackStandin
from handlers.actions.ids import ActionId
from storage.actions import ActionUpdate, ExtensionRequest
from storage.audit import list_events
from storage.db import session_scope
from tests.actions.helpers import action_row, context_with_action, swept, with_button

OWNER = "UPOLICE001"
COORD = "UCOORD0001"
OUTSIDER = "UOUTSIDE01"
DUE = date(2026, 11, 26)  # Thursday: the Monday 10:00 sweep sends the before-due reminder


def _reminder(bot: LocalBot, standin: SlackStandin) -> tuple[int, object]:
    _, action = context_with_action(bot, due_on=DUE)
    swept(bot)
    return action.id or 0, with_button(standin.dms_to(OWNER), ActionId.MARK_DONE)


def test_reminder_dm_names_action_and_reference_only(bot: LocalBot, standin: SlackStandin) -> None:
    _, dm = _reminder(bot, standin)
    text = dm.text  # type: ignore[attr-defined]
    assert "EFRP-2026-0001" in text and "Walk-through of the stairwell" in text and "Thu 26 Nov 2026" in text
    assert "Invented concerns" not in text and "Invented description" not in text and "YP-" not in text
    ids = [e["action_id"] for b in dm.blocks for e in b.get("elements") or []]  # type: ignore[attr-defined]
    assert ids == [ActionId.MARK_DONE, ActionId.POST_UPDATE, ActionId.ASK_MORE_TIME]


def test_owner_marks_done_from_the_dm_once_despite_double_submission(
    bot: LocalBot, standin: SlackStandin
) -> None:
    action_id, dm = _reminder(bot, standin)
    driver = bot.driver()
    assert driver.click(OWNER, dm, ActionId.MARK_DONE).status == 200  # type: ignore[arg-type]
    bot.settle()
    view = standin.open_view(OWNER)
    assert view is not None and view["callback_id"] == ActionId.DONE_MODAL
    assert driver.submit(OWNER, view, {"note": "Walk-through done with <!channel> housing"}).status == 200
    assert driver.submit(OWNER, view, {"note": "Walk-through done with <!channel> housing"}).status == 200
    bot.settle()
    row = action_row(bot, action_id)
    assert row.state == "done" and row.done_note == "Walk-through done with <!channel> housing"
    with session_scope(bot.deps.engine) as s:
        updates = s.exec(select(ActionUpdate).where(ActionUpdate.action_id == action_id)).all()
        assert [u.kind for u in updates] == ["done"]
        assert [e.action for e in list_events(session=s) if e.action == "action.done"] == ["action.done"]
    posted = [m for m in standin.messages_in(PANEL) if "Action done" in m.text]
    assert len(posted) == 1 and "&lt;!channel&gt;" in posted[0].text and "<!channel>" not in posted[0].text
    # After it is done, no more reminders, even when it would be overdue.
    bot.clock.advance(timedelta(days=14))
    assert swept(bot).owner_reminders == []


def test_coordinator_may_post_an_update_threaded_under_the_context(
    bot: LocalBot, standin: SlackStandin
) -> None:
    action_id, dm = _reminder(bot, standin)
    driver = bot.driver()
    # The coordinator acts on the owner's behalf (e.g. from a forwarded DM): permitted.
    driver.click(COORD, dm, ActionId.POST_UPDATE)  # type: ignore[arg-type]
    bot.settle()
    view = standin.open_view(COORD)
    assert view is not None and view["callback_id"] == ActionId.UPDATE_MODAL
    driver.submit(COORD, view, {"update": "Housing officer booked for Wednesday"})
    driver.submit(COORD, view, {"update": "Housing officer booked for Wednesday"})
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        updates = s.exec(select(ActionUpdate).where(ActionUpdate.action_id == action_id)).all()
    assert [(u.kind, u.author, u.text) for u in updates] == [
        ("progress", COORD, "Housing officer booked for Wednesday")
    ]
    posted = [m for m in standin.messages_in(PANEL) if "Update on an action" in m.text]
    assert len(posted) == 1 and posted[0].thread_ts is None  # no known panel message: top level
    assert action_row(bot, action_id).state == "open"


def test_update_is_a_thread_reply_when_the_context_has_a_panel_message(
    bot: LocalBot, standin: SlackStandin
) -> None:
    from storage import outbox

    _, dm = _reminder(bot, standin)
    with session_scope(bot.deps.engine) as s:
        outbox.enqueue(
            session=s,
            key="referral:1:panel",
            op=outbox.Op.POST,
            channel=PANEL,
            payload={"text": "New referral EFRP-2026-0001"},
            now=bot.clock.now(),
        )
    bot.settle()
    parent = standin.messages_in(PANEL)[-1]
    driver = bot.driver()
    driver.click(OWNER, dm, ActionId.POST_UPDATE)  # type: ignore[arg-type]
    bot.settle()
    driver.submit(OWNER, standin.open_view(OWNER) or {}, {"update": "Meeting with the estate manager held"})
    bot.settle()
    replies = standin.messages_in(PANEL, thread_ts=parent.ts)
    assert len(replies) == 1 and "Meeting with the estate manager held" in replies[0].text


def test_someone_else_is_refused_privately_and_nothing_changes(bot: LocalBot, standin: SlackStandin) -> None:
    action_id, dm = _reminder(bot, standin)
    driver = bot.driver()
    before_calls = len(standin.calls_to("views.open"))
    for button in (ActionId.MARK_DONE, ActionId.POST_UPDATE, ActionId.ASK_MORE_TIME):
        assert driver.click(OUTSIDER, dm, button).status == 200  # type: ignore[arg-type]
    bot.settle()
    assert len(standin.calls_to("views.open")) == before_calls  # no modal opened for them
    refusals = [
        r for r in standin.state.responses if "Only the action's owner or a coordinator" in r.get("text", "")
    ]
    assert len(refusals) == 3 and all(r["response_type"] == "ephemeral" for r in refusals)
    # A modal opened by the owner but submitted by someone else is refused in the modal too.
    driver.click(OWNER, dm, ActionId.MARK_DONE)  # type: ignore[arg-type]
    bot.settle()
    reply = driver.submit(OUTSIDER, standin.open_view(OWNER) or {}, {"note": "not mine to close"})
    assert reply.json()["response_action"] == "errors"
    bot.settle()
    row = action_row(bot, action_id)
    assert row.state == "open" and row.done_note is None
    with session_scope(bot.deps.engine) as s:
        assert s.exec(select(ActionUpdate)).all() == []
    assert not [m for m in standin.messages_in(PANEL) if "Action done" in m.text]


def test_extension_round_trip_approve_moves_due_date_and_restarts_schedule(
    bot: LocalBot, standin: SlackStandin
) -> None:
    action_id, dm = _reminder(bot, standin)
    driver = bot.driver()
    driver.click(OWNER, dm, ActionId.ASK_MORE_TIME)  # type: ignore[arg-type]
    bot.settle()
    view = standin.open_view(OWNER) or {}
    bad = driver.submit(OWNER, view, {"new_due": "2026-11-20", "reason": "CCTV survey delayed"})
    assert bad.json()["response_action"] == "errors" and "new_due" in bad.json()["errors"]
    driver.submit(OWNER, view, {"new_due": "2026-12-10", "reason": "CCTV survey delayed"})
    driver.submit(OWNER, view, {"new_due": "2026-12-10", "reason": "CCTV survey delayed"})
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        assert len(s.exec(select(ExtensionRequest)).all()) == 1
    request = with_button(standin.messages_in(PANEL), ActionId.APPROVE_EXTENSION)
    assert "CCTV survey delayed" in request.text
    # Only a coordinator may decide: the owner is refused and nothing changes.
    driver.click(OWNER, request, ActionId.APPROVE_EXTENSION)
    bot.settle()
    assert action_row(bot, action_id).due_on == DUE
    assert any("Only the panel's coordinators" in r.get("text", "") for r in standin.state.responses)
    driver.click(COORD, request, ActionId.APPROVE_EXTENSION)
    driver.click(COORD, request, ActionId.APPROVE_EXTENSION)  # double click
    bot.settle()
    assert action_row(bot, action_id).due_on == date(2026, 12, 10)
    told = [m for m in standin.dms_to(OWNER) if "approved" in m.text]
    assert len(told) == 1 and "Thu 10 Dec 2026" in told[0].text
    updated = next(m for m in standin.messages_in(PANEL) if m.ts == request.ts)
    assert updated.edits == 1 and "Approved by" in updated.text
    assert not any(
        e.get("action_id") == ActionId.APPROVE_EXTENSION
        for b in updated.blocks or []
        for e in b.get("elements") or []
    )
    # The schedule restarts from the new due date: before-due goes three working days before 10 Dec.

    bot.clock.set(datetime(2026, 12, 7, 9, 5, tzinfo=UTC))
    result = swept(bot)
    assert [(c.kind, c.day) for c, _ in result.owner_reminders] == [("before_due", date(2026, 12, 7))]


def test_extension_decline_tells_the_owner(bot: LocalBot, standin: SlackStandin) -> None:
    action_id, dm = _reminder(bot, standin)
    driver = bot.driver()
    driver.click(OWNER, dm, ActionId.ASK_MORE_TIME)  # type: ignore[arg-type]
    bot.settle()
    driver.submit(OWNER, standin.open_view(OWNER) or {}, {"new_due": "2026-12-03", "reason": "Staff absence"})
    bot.settle()
    request = with_button(standin.messages_in(PANEL), ActionId.DECLINE_EXTENSION)
    driver.click(COORD, request, ActionId.DECLINE_EXTENSION)
    bot.settle()
    assert action_row(bot, action_id).due_on == DUE
    told = [m for m in standin.dms_to(OWNER) if "declined" in m.text]
    assert len(told) == 1 and "Thu 26 Nov 2026" in told[0].text
    with session_scope(bot.deps.engine) as s:
        assert s.exec(select(ExtensionRequest.state)).all() == ["declined"]
