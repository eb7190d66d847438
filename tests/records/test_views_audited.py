"""Every form that shows a record, and the coordinators' caseload, is audited as a view: who, which record,
and on which surface."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.meetings.ids import Button
from handlers.referrals.ids import Button as ScreeningButton
from handlers.reviews.ids import ReviewAction
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.factories import make_context
from tests.meetings.helpers import agenda_message, button_value, post_thursday_agenda
from tests.referral.helpers import refer, settle


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _views(bot: LocalBot) -> list[tuple[str, str, str | None, str]]:
    with session_scope(bot.deps.engine) as s:
        events = s.exec(select(AuditEvent).order_by(AuditEvent.id))
        return [
            (e.action, e.actor, e.ref, e.detail.get("via", ""))
            for e in events
            if e.action.endswith(".viewed")
        ]


def test_decision_and_review_forms_are_audited_views(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(
        panel_bot.deps.engine,
        now=clock.now() - timedelta(weeks=12),
        name="Bus station",
        next_review_on=date(2026, 11, 26),
        first_discussed_at=clock.now() - timedelta(weeks=12),
    )
    post_thursday_agenda(panel_bot, clock)
    agenda = agenda_message(standin)
    driver = panel_bot.driver()
    driver.click(
        COORDINATOR.id,
        agenda,
        Button.RECORD_DECISION,
        value=button_value(agenda, Button.RECORD_DECISION, ctx.ref),
    )
    panel_bot.settle()
    driver.click(
        COORDINATOR.id, agenda, ReviewAction.START, value=button_value(agenda, ReviewAction.START, ctx.ref)
    )
    panel_bot.settle()
    driver.command(COORDINATOR.id, "/efh", f"review {ctx.ref}")
    panel_bot.settle()
    driver.click(
        TEACHER.id, agenda, ReviewAction.START, value=button_value(agenda, ReviewAction.START, ctx.ref)
    )
    panel_bot.settle()  # refused: not a coordinator, nothing shown, nothing recorded
    assert _views(panel_bot) == [
        ("context.viewed", COORDINATOR.id, ctx.ref, "decision form"),
        ("context.viewed", COORDINATOR.id, ctx.ref, "review form"),
        ("context.viewed", COORDINATOR.id, ctx.ref, "review form"),
    ]


def test_screening_forms_and_the_caseload_are_audited_views(bot: LocalBot, standin: SlackStandin) -> None:
    post = refer(bot, standin)
    driver = bot.driver()
    driver.click(COORDINATOR.id, post, ScreeningButton.ACCEPT)
    settle(bot)
    assert standin.open_view(COORDINATOR.id) is not None
    driver.open_home(COORDINATOR.id)
    driver.open_home(TEACHER.id)  # their own actions only: no caseload
    bot.settle()
    views = _views(bot)
    assert views[0][:2] == ("referral.viewed", COORDINATOR.id) and views[0][3] == "screening form"
    assert views[1:] == [("caseload.viewed", COORDINATOR.id, None, "home")]
