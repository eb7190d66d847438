"""Screening on time: a Red referral reaches the coordinators at once; every referral has a deadline in
working time, shown where it is screened; the sweep reminds the coordinators and tells the panel, once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.actions.reminders import SweepResult, sweep
from bot.standin.harness import COORDINATOR, PANEL, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.referrals.ids import Button, FormField, ScreenField
from storage.db import session_scope
from storage.meetings import add_one_off
from tests.referral.helpers import GOOD, audit_actions, fresh, message_text, refer, referrals, settle

MONDAY_5PM = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # London is UTC in winter


def _swept(bot: LocalBot) -> SweepResult:
    result = sweep(bot.deps)
    settle(bot)
    return result


def _overdue_posts(standin: SlackStandin) -> list[str]:
    return [message_text(m) for m in standin.messages_in(PANEL) if "screening deadline" in m.text]


def test_a_red_referral_mentions_the_coordinators_and_dms_each_one_without_the_narrative(
    make_bot: Callable[..., LocalBot], standin: SlackStandin
) -> None:
    bot = make_bot(EFRP_COORDINATORS=f"{COORDINATOR.id},UYOUTH0001")
    post = refer(bot, standin, urgency="red")
    (referral,) = referrals(bot)
    assert referral.screen_by == MONDAY_5PM  # referred Monday 10:00: the end of that working day
    text = message_text(post)
    assert f"<@{COORDINATOR.id}>" in text and "<@UYOUTH0001>" in text and "screen today" in text
    assert "Screen by:" in text and str(int(MONDAY_5PM.timestamp())) in text
    for coordinator in (COORDINATOR.id, "UYOUTH0001"):
        (dm,) = standin.dms_to(coordinator)
        shown = message_text(dm)
        assert referral.ref in shown and "Red" in shown and "Public space" in shown
        typed = (
            GOOD[FormField.NAME],
            GOOD[FormField.AREA],
            GOOD[FormField.DESCRIPTION],
            GOOD[FormField.CONCERNS],
        )
        for narrative in (*typed, "YP-104233"):
            assert narrative not in shown
    assert not standin.dms_to(TEACHER.id)[1:]  # the referrer got only their receipt
    assert "referral.submitted" in audit_actions(bot)


def test_amber_and_green_referrals_alert_nobody_but_carry_their_deadline(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin, urgency="amber")
    with session_scope(bot.deps.engine) as s:  # a meeting on Thursday: Green is screened by Wednesday
        add_one_off(
            session=s,
            starts_at=datetime(2026, 11, 26, 10, tzinfo=UTC),
            location="",
            by="U",
            now=bot.clock.now(),
        )
    refer(bot, standin, urgency="green")
    amber, green = referrals(bot)
    assert amber.screen_by == MONDAY_5PM + timedelta(days=2)  # EFRP_AMBER_SCREEN_DAYS defaults to 2
    assert green.screen_by == MONDAY_5PM + timedelta(days=2)  # the working day before the meeting
    assert standin.dms_to(COORDINATOR.id) == []
    assert f"<@{COORDINATOR.id}>" not in message_text(post) and "Screen by:" in message_text(post)
    assert bot.driver().click(COORDINATOR.id, post, Button.DECLINE).status == 200
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and "Screen by:" in str(view["blocks"])


def test_the_amber_setting_changes_the_deadline(
    make_bot: Callable[..., LocalBot], standin: SlackStandin
) -> None:
    bot = make_bot(EFRP_AMBER_SCREEN_DAYS="5")
    refer(bot, standin, urgency="amber")
    (referral,) = referrals(bot)
    assert referral.screen_by == MONDAY_5PM + timedelta(days=7)


def test_unscreened_referrals_are_reminded_then_escalated_once_each_and_screened_ones_never(
    bot: LocalBot, standin: SlackStandin
) -> None:
    refer(bot, standin, urgency="amber")
    other = refer(bot, standin, urgency="amber")
    amber, _ = referrals(bot)
    bot.driver().click(COORDINATOR.id, other, Button.ACCEPT)
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    bot.driver().submit(COORDINATOR.id, view, {ScreenField.TARGET: "new"})
    settle(bot)
    bot.clock.set(datetime(2026, 11, 25, 15, 30, tzinfo=UTC))  # Wednesday, 90 minutes before the deadline
    first = _swept(bot)
    assert [c.claimed.kind for c in first.screenings] == ["screen_soon"]
    (dm,) = standin.dms_to(COORDINATOR.id)
    assert amber.ref in message_text(dm) and "still waiting for screening" in message_text(dm)
    assert _swept(bot).screenings == [] and len(standin.dms_to(COORDINATOR.id)) == 1
    bot.clock.set(datetime(2026, 11, 26, 9, 5, tzinfo=UTC))  # Thursday morning: past the deadline
    late = _swept(bot)
    assert [c.claimed.kind for c in late.screenings] == ["screen_overdue"]
    (listing,) = _overdue_posts(standin)
    assert amber.ref in listing and referrals(bot)[1].ref not in listing
    assert _swept(bot).screenings == [] and len(_overdue_posts(standin)) == 1
    assert {"reminder.screen_soon", "reminder.screen_overdue"} <= set(audit_actions(bot))
    assert "Screen by:" not in message_text(fresh(standin, other))  # screened: no deadline shown
