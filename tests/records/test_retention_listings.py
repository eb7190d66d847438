"""A reminder digest or a panel listing names several records: it leaves Slack when any of them is purged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from bot.records.retention import run_daily
from bot.standin.harness import COORDINATOR, PANEL, POLICE, YOUTH, LocalBot
from bot.standin.server import SlackStandin
from handlers.referrals.ids import Button, ScreenField
from storage.contexts import Context
from storage.db import session_scope
from storage.outbox import OutboxMessage
from storage.outbox_mentions import OutboxMention
from storage.referrals import Referral
from tests.actions.helpers import swept
from tests.factories import make_action, make_context
from tests.referral.helpers import message_text, refer, referrals, settle

AS_OF = datetime(2027, 12, 1, 9, 0, tzinfo=UTC)
LONG_AGO = AS_OF.replace(year=2020) - timedelta(days=1)  # closed (or declined) before the periods began


def _texts(standin: SlackStandin) -> list[str]:
    with standin.lock:
        return [message_text(m) for m in standin.state.messages]


def _overdue_posts(standin: SlackStandin, ref: str) -> list[str]:
    return [
        t for m in standin.messages_in(PANEL) if ref in (t := message_text(m)) and "screening deadline" in t
    ]


def _keys(bot: LocalBot, model: type[OutboxMessage] | type[OutboxMention]) -> list[str]:
    column = OutboxMessage.key if model is OutboxMessage else OutboxMention.message_key
    with session_scope(bot.deps.engine) as s:
        return sorted(s.exec(select(column)))


def test_digests_and_listings_that_named_a_purged_context_are_taken_back(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()  # type: ignore[attr-defined]  # Monday 23 November 2026, 10:00
    engine = bot.deps.engine
    gone = make_context(engine, now=now, name="Place that goes", next_review_on=date(2026, 11, 25))
    stays = make_context(engine, now=now, name="Place that stays")
    overdue = date(2026, 11, 13)  # six working days: reminded and escalated
    make_action(engine, gone, now=now, owner=POLICE.id, due_on=overdue, description="Invented MARKER-GONE")
    make_action(engine, stays, now=now, owner=YOUTH.id, due_on=overdue, description="Invented MARKER-STAYS")
    result = swept(bot)
    assert len(result.escalations) == 2 and len(result.reviews) == 1
    assert len(standin.dms_to(POLICE.id)) == len(standin.dms_to(YOUTH.id)) == 1
    listings = [t for t in _texts(standin) if gone.ref in t and "MARKER" not in t]  # the reviews due
    assert len(listings) == 1
    assert sum("MARKER-GONE" in t for t in _texts(standin)) == 2  # the owner's digest, the escalation
    named = _keys(bot, OutboxMention)
    assert len(named) == 5  # the two digests, the escalation (twice: it names both), the reviews due

    with session_scope(engine) as s:
        s.execute(
            update(Context).where(col(Context.id) == gone.id).values(state="closed", closed_at=LONG_AGO)
        )
    bot.clock.set(AS_OF)  # type: ignore[attr-defined]
    report = run_daily(bot.deps)
    assert report.counts["context"] == 1 and report.counts["outbox_mention"] == 5 - 1
    settle(bot)

    texts = _texts(standin)
    assert not any("MARKER-GONE" in t or gone.ref in t for t in texts)  # digest, escalation, reviews due
    assert standin.dms_to(YOUTH.id) and "MARKER-STAYS" in message_text(standin.dms_to(YOUTH.id)[0])
    assert standin.dms_to(POLICE.id) == []
    # The escalation named the other context too: it went with the purged one (its owner's digest stays).
    assert not any("working days overdue" in t for t in texts)
    assert [k for k in _keys(bot, OutboxMessage) if k.startswith("reminders:")] == [
        k for k in named if k.startswith(f"reminders:digest:{YOUTH.id}:")
    ]
    assert _keys(bot, OutboxMention) == [k for k in named if k.startswith(f"reminders:digest:{YOUTH.id}:")]


def test_a_screening_listing_that_named_a_purged_declined_referral_is_taken_back(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin, urgency="amber")
    [referral] = referrals(bot)
    bot.clock.set(datetime(2026, 11, 26, 9, 5, tzinfo=UTC))  # type: ignore[attr-defined]  # past its deadline
    assert [c.claimed.kind for c in swept(bot).screenings] == ["screen_overdue"]
    assert len(_overdue_posts(standin, referral.ref)) == 1
    assert _keys(bot, OutboxMention) == [
        k for k in _keys(bot, OutboxMessage) if k.startswith("reminders:screening:")
    ]

    assert bot.driver().click(COORDINATOR.id, post, Button.DECLINE).status == 200
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    values = {ScreenField.DECLINE_REASON: "Not extra-familial", ScreenField.SIGNPOSTED_TO: "Early Help"}
    assert bot.driver().submit(COORDINATOR.id, view, values).json() == {}
    settle(bot)
    with session_scope(bot.deps.engine) as s:
        s.execute(update(Referral).values(screened_at=LONG_AGO))
    bot.clock.set(AS_OF)  # type: ignore[attr-defined]
    assert run_daily(bot.deps).counts["referral"] == 1
    settle(bot)
    assert _overdue_posts(standin, referral.ref) == []
    assert _keys(bot, OutboxMention) == []
