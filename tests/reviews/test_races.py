"""Review races and forms left open: one change is stored; the other person is told what happened, by whom."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import SlackStandin
from storage.audit import AuditEvent
from storage.contexts import Context
from storage.db import session_scope
from storage.reviews import Review
from tests.races import assert_told_plainly, at_once, form_errors, shown_name
from tests.reviews.conftest import Ready, open_review, review_values, summary_post

CLOSE = {"review_outcome": "safer", "review_reason": "Lit, guarded, young people say it is safe."}


def _values(ready: Ready, narrative: str = "The stairwell is lit now.") -> dict[str, Any]:
    return review_values(ready, indicators={"universal": ["U-RA-02"]}, narrative=narrative)


def _reviews(bot: LocalBot) -> list[Review]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(Review)))


def _local_time(bot: LocalBot, clock: ManualClock) -> str:
    return clock.now().astimezone(bot.deps.settings.tz).strftime("%H:%M")


def _close_form(bot: LocalBot, standin: SlackStandin) -> dict[str, Any]:
    bot.driver().click(COORDINATOR.id, summary_post(standin), "review_close")
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "review_close_submit"
    return view


def _reviewed(bot: LocalBot, standin: SlackStandin, ready: Ready) -> None:
    view = open_review(bot, standin, ready.context.ref)
    assert bot.driver().submit(COORDINATOR.id, view, _values(ready)).json() == {}
    bot.settle()


def test_two_reviews_of_one_context_at_once_store_one_and_name_it_to_the_other(
    bot: LocalBot, standin: SlackStandin, ready: Ready, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = open_review(bot, standin, ready.context.ref), open_review(bot, standin, ready.context.ref)
    answers = at_once(
        lambda: bot.driver().submit(COORDINATOR.id, first, _values(ready, "One view.")).json(),
        lambda: bot.driver().submit(COORDINATOR.id, second, _values(ready, "Another view.")).json(),
    )
    bot.settle()
    told = form_errors(answers)
    assert answers.count({}) == 1 and len(told) == 1, answers
    who = shown_name(bot.standin, COORDINATOR.id)
    assert f"{who} recorded a review of {ready.context.ref} at " in told[0]
    assert "after you opened this form" in told[0]
    assert len(_reviews(bot)) == 1
    assert_told_plainly(told, caplog)


def test_a_review_form_left_open_while_the_context_was_closed_writes_nothing(
    bot: LocalBot, standin: SlackStandin, ready: Ready, clock: ManualClock
) -> None:
    _reviewed(bot, standin, ready)
    late = open_review(bot, standin, ready.context.ref)  # opened, then left while the panel closes it
    assert bot.driver().submit(COORDINATOR.id, _close_form(bot, standin), CLOSE).json() == {}
    bot.settle()
    reply = bot.driver().submit(COORDINATOR.id, late, _values(ready, "Typed while it closed.")).json()
    assert reply["response_action"] == "errors"  # the form stays open with what was typed
    said = " ".join(reply["errors"].values())
    when = _local_time(bot, clock)
    who = shown_name(bot.standin, COORDINATOR.id)
    assert f"{ready.context.ref} was closed by {who} at {when} after you opened this form" in said
    assert len(_reviews(bot)) == 1


def test_closing_twice_at_once_closes_once_and_tells_the_other_who_closed_it(
    bot: LocalBot, standin: SlackStandin, ready: Ready, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    _reviewed(bot, standin, ready)
    first, second = _close_form(bot, standin), _close_form(bot, standin)
    answers = at_once(
        lambda: bot.driver().submit(COORDINATOR.id, first, CLOSE).json(),
        lambda: bot.driver().submit(COORDINATOR.id, second, CLOSE).json(),
    )
    bot.settle()
    told = form_errors(answers)
    assert answers.count({}) == 1 and len(told) == 1, answers
    when = _local_time(bot, clock)
    who = shown_name(bot.standin, COORDINATOR.id)
    assert f"{ready.context.ref} was closed by {who} at {when}. Nothing was changed." in told[0]
    with session_scope(bot.deps.engine) as s:
        closed = s.exec(select(AuditEvent).where(AuditEvent.action == "review.close")).all()
    assert len(closed) == 1
    assert_told_plainly(told, caplog)


def test_reopening_twice_at_once_reopens_once_and_names_who_did(
    bot: LocalBot, standin: SlackStandin, ready: Ready, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    _reviewed(bot, standin, ready)
    assert bot.driver().submit(COORDINATOR.id, _close_form(bot, standin), CLOSE).json() == {}
    bot.settle()
    ref = ready.context.ref
    at_once(
        lambda: bot.driver().command(COORDINATOR.id, "/efh", f"reopen {ref} new incidents"),
        lambda: bot.driver().command(COORDINATOR.id, "/efh", f"reopen {ref} more incidents"),
    )
    bot.settle()
    told = [str(r.get("text")) for r in standin.state.responses]
    assert len([t for t in told if "is open again" in t]) == 1, told
    when = _local_time(bot, clock)
    who = shown_name(bot.standin, COORDINATOR.id)
    assert len([t for t in told if f"{ref} was already reopened by {who} at {when}" in t]) == 1
    with session_scope(bot.deps.engine) as s:
        assert len(s.exec(select(AuditEvent).where(AuditEvent.action == "context.reopened")).all()) == 1
        ctx = s.get(Context, ready.context.id)
        assert ctx is not None and ctx.state == "open"
    assert_told_plainly(told, caplog)
