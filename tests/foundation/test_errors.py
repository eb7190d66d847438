"""The one error path over the real HTTP surface: every failure is answered privately, where it happened."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from slack_bolt import Ack

from bot.core.errors import Conflict, InvalidInput
from bot.standin.harness import COORDINATOR, PANEL, POLICE, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.errors import GENERIC
from handlers.guard import GuardedApp
from handlers.meetings.ids import Button
from handlers.referrals.ids import COMMAND

CASE_TEXT = "YP-100234 was seen at the stairwell, block C, Fields Estate"


def _forged(channel: str, action_id: str, value: str = "{}") -> Message:
    """A message with one button, as a forged or stale click would present it."""
    button = {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": "Go"}}
    blocks = [{"type": "actions", "block_id": "forged", "elements": [dict(button, value=value)]}]
    return Message(channel=channel, ts="1700000000.000100", text="forged", blocks=blocks)


def _modal(view_id: str, callback_id: str) -> dict[str, Any]:
    """A modal as Slack holds it, for a submission to a listener registered by the test."""
    title = {"type": "plain_text", "text": "Test"}
    return {"id": view_id, "type": "modal", "callback_id": callback_id, "title": title, "blocks": []}


def _ephemeral_to(standin: SlackStandin, user: str) -> list[dict[str, Any]]:
    return [e for e in standin.state.ephemeral if e.get("user") == user]


def _responses(standin: SlackStandin) -> list[dict[str, Any]]:
    return list(standin.state.responses)


def test_a_forged_click_by_a_non_coordinator_is_refused_in_the_channel(
    bot: LocalBot, standin: SlackStandin
) -> None:
    assert (
        bot.driver().click(TEACHER.id, _forged(PANEL, Button.CLOSE_MEETING), Button.CLOSE_MEETING).status
        == 200
    )
    bot.settle()
    (told,) = _ephemeral_to(standin, TEACHER.id)
    assert told["channel"] == PANEL
    assert "Only the panel's coordinators" in told["text"] and "Nothing was changed" in told["text"]
    assert standin.messages_in(PANEL) == [] and standin.dms_to(TEACHER.id) == []


def test_a_refusal_where_the_person_acted_in_a_dm_comes_as_a_dm(bot: LocalBot, standin: SlackStandin) -> None:
    dm = "D" + TEACHER.id
    bot.driver().click(TEACHER.id, _forged(dm, Button.CLOSE_MEETING), Button.CLOSE_MEETING)
    bot.settle()
    assert _ephemeral_to(standin, TEACHER.id) == []
    (told,) = standin.dms_to(TEACHER.id)
    assert "Only the panel's coordinators" in told.text


def test_an_unknown_record_is_answered_privately(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(POLICE.id, "/efh", "context EFRP-2099-9999")
    bot.driver().click(POLICE.id, _forged(PANEL, Button.PRESENT, "not json"), Button.PRESENT)
    bot.settle()
    (response,) = _responses(standin)
    assert response["response_type"] == "ephemeral"
    assert response["text"] == "No context or referral has the reference EFRP-2099-9999."
    (told,) = _ephemeral_to(standin, POLICE.id)
    assert (
        told["channel"] == PANEL and "out of date" in told["text"] and "Nothing was changed" in told["text"]
    )
    assert standin.messages_in(PANEL) == []


def test_a_bad_form_submission_is_answered_next_to_its_fields(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(TEACHER.id, COMMAND)
    bot.settle()
    view = standin.open_view(TEACHER.id)
    assert view is not None
    reply = bot.driver().submit(TEACHER.id, view, {})
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors" and answer["errors"]
    bot.settle()
    assert _ephemeral_to(standin, TEACHER.id) == [] and standin.dms_to(TEACHER.id) == []


def test_a_typed_form_error_raised_by_a_listener_goes_into_the_modal(
    bot: LocalBot, standin: SlackStandin
) -> None:
    assert bot.running is not None
    app = GuardedApp(bot.running.app)

    @app.view("efrp_test_form")
    def _submitted(ack: Ack, body: dict[str, Any]) -> None:
        raise InvalidInput("Please correct the form.", {"when": "Choose a date after today."})

    @app.view("efrp_test_refused")
    def _refused(ack: Ack, body: dict[str, Any]) -> None:
        raise Conflict("That review was already decided. Nothing was changed.")

    reply = bot.driver().submit(TEACHER.id, _modal("VTEST1", "efrp_test_form"), {})
    assert reply.json() == {"response_action": "errors", "errors": {"when": "Choose a date after today."}}
    closed = bot.driver().submit(TEACHER.id, _modal("VTEST2", "efrp_test_refused"), {})
    assert closed.status == 200 and closed.body in ("", "{}")
    bot.settle()
    (told,) = standin.dms_to(TEACHER.id)
    assert told.text == "That review was already decided. Nothing was changed."


def test_an_unexpected_error_gets_the_apology_and_logs_no_case_text(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture
) -> None:
    assert bot.running is not None
    app = GuardedApp(bot.running.app)

    @app.action("efrp_test_boom")
    def _boom(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        raise RuntimeError(CASE_TEXT)

    @app.command("/efh-test")
    def _command(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        try:
            raise KeyError(CASE_TEXT)
        except KeyError:
            raise ValueError(CASE_TEXT)  # noqa: B904 (an error raised while handling another)

    with caplog.at_level(logging.DEBUG):
        bot.driver().click(COORDINATOR.id, _forged(PANEL, "efrp_test_boom"), "efrp_test_boom")
        bot.driver().command(COORDINATOR.id, "/efh-test")
        bot.settle()
    (told,) = _ephemeral_to(standin, COORDINATOR.id)
    assert told["channel"] == PANEL and told["text"] == GENERIC
    (response,) = _responses(standin)
    assert (response["response_type"], response["text"]) == ("ephemeral", GENERIC)
    logged = "\n".join(r.getMessage() + str(r.exc_text or "") for r in caplog.records)
    assert "unhandled RuntimeError in listener _boom" in logged and "unhandled ValueError" in logged
    assert "KeyError" in logged  # what caused it is named too
    assert "YP-100234" not in logged and "Fields Estate" not in logged


def test_a_slack_failure_in_a_command_gets_the_apology_through_its_response(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture
) -> None:
    standin.fail_next("views.open", error="internal_error", status=200)
    bot.driver().command(TEACHER.id, COMMAND, "Fields Estate")
    bot.settle()
    (response,) = _responses(standin)
    assert (response["response_type"], response["text"]) == ("ephemeral", GENERIC)
    assert "SlackApiError (internal_error)" in caplog.text and "Fields Estate" not in caplog.text
