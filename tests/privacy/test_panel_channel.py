"""The panel channel can change after start-up: shared, made public or archived, it gets no panel detail.
What is owed waits in the outbox (nothing lost), the coordinators are told once per episode, both ends are
audited, and once the channel is private to this workspace alone again everything is posted in order.
Guests and other organisations' accounts get nothing from any panel view."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, PANEL, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.referrals.ids import COMMAND
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.factories import make_context
from tests.referral.helpers import GOOD, refer


def _top_level(standin: SlackStandin) -> list[str]:
    return [m.text for m in standin.messages_in(PANEL) if m.thread_ts is None]


def _notices(standin: SlackStandin, words: str) -> list[str]:
    return [m.text for m in standin.dms_to(COORDINATOR.id) if words in m.text]


def _audited(bot: LocalBot, action: str) -> list[AuditEvent]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


def settle(bot: LocalBot) -> None:
    """Deliver everything that may go now (held panel detail stays in the outbox)."""
    bot.settle()


def _refer_quietly(bot: LocalBot, standin: SlackStandin, name: str) -> None:
    """A referral whose panel post may be held (tests.referral.helpers waits for an empty outbox)."""
    bot.driver().command(TEACHER.id, COMMAND)
    bot.settle()
    view = standin.open_view(TEACHER.id)
    assert view is not None
    values = {str(k): v for k, v in GOOD.items()} | {"name": name}
    reply = bot.driver().submit(TEACHER.id, view, values)
    assert reply.json() == {}, reply.body
    bot.settle()


def test_a_channel_shared_with_another_organisation_holds_panel_detail_until_unshared(
    bot: LocalBot, standin: SlackStandin
) -> None:
    refer(bot, standin)
    posted = len(_top_level(standin))
    driver = bot.driver()
    assert driver.channel_event("channel_shared", PANEL, is_shared=True, is_ext_shared=True).status == 200
    settle(bot)
    held = _notices(standin, "Panel detail is on hold")
    assert len(held) == 1 and "another organisation (Slack Connect)" in held[0]

    _refer_quietly(bot, standin, "Bus stop outside the leisure centre")
    _refer_quietly(bot, standin, "Stairwell, block D, Fields Estate")
    driver.channel_event("channel_shared", PANEL)  # another workspace joins: the same episode
    settle(bot)
    assert len(_top_level(standin)) == posted  # nothing reached the shared channel
    assert len(standin.dms_to(TEACHER.id)) >= 3  # the referrers' own receipts are not held
    assert len(_notices(standin, "Panel detail is on hold")) == 1  # told once per episode

    driver.channel_event("channel_unshared", PANEL, is_shared=False, is_ext_shared=False)
    settle(bot)
    posts = _top_level(standin)[posted:]
    assert len(posts) == 2
    assert "Bus stop outside the leisure centre" in posts[0] and "block D" in posts[1]  # in order
    released = _notices(standin, "Panel detail is flowing again")
    assert len(released) == 1 and "2 waiting message(s)" in released[0]
    [hold] = _audited(bot, "panel.held")
    [release] = _audited(bot, "panel.released")
    assert hold.detail["reason"] == "ext_shared" and hold.detail["seen_by"] == "channel_shared"
    assert release.detail["messages"] == 2 and hold.record_id == PANEL


def test_an_archived_channel_holds_panel_detail_until_unarchived(
    bot: LocalBot, standin: SlackStandin
) -> None:
    driver = bot.driver()
    driver.channel_event("group_archive", PANEL, is_archived=True)
    settle(bot)
    _refer_quietly(bot, standin, "Underpass by the canal")
    assert _top_level(standin) == []
    held = _notices(standin, "Panel detail is on hold")
    assert len(held) == 1 and "archived" in held[0] and "Nothing was waiting" in held[0]
    driver.channel_event("group_unarchive", PANEL, is_archived=False)
    settle(bot)
    assert len(_top_level(standin)) == 1 and "Underpass by the canal" in _top_level(standin)[0]
    assert len(_notices(standin, "Panel detail is flowing again")) == 1


def test_privacy_is_checked_before_posting_even_without_an_event(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    refer(bot, standin)
    posted = len(_top_level(standin))
    standin.set_channel(PANEL, is_private=False)  # made public, and Slack's event never arrived
    clock.advance(timedelta(seconds=61))  # past the short cache of the last answer
    _refer_quietly(bot, standin, "Car park behind the shops")
    assert len(_top_level(standin)) == posted
    held = _notices(standin, "Panel detail is on hold")
    assert len(held) == 1 and "public channel" in held[0]
    assert "1 message(s) for the panel are waiting" in held[0]
    assert _audited(bot, "panel.held")[0].detail["seen_by"] == "delivery"

    standin.set_channel(PANEL, is_private=True)
    clock.advance(timedelta(seconds=61))
    settle(bot)  # the deliverer looks again while held, and releases
    assert len(_top_level(standin)) == posted + 1
    assert len(_notices(standin, "Panel detail is flowing again")) == 1


def test_a_newcomer_from_another_organisation_makes_the_bot_look_again(
    bot: LocalBot, standin: SlackStandin
) -> None:
    standin.add_user("UEXTERNAL1", name="Visitor (another council)", team_id="TOTHERORG1")
    standin.set_channel(PANEL, is_shared=True, is_ext_shared=True)
    bot.driver().channel_event("member_joined_channel", PANEL, user="UEXTERNAL1")
    settle(bot)
    assert len(_notices(standin, "Panel detail is on hold")) == 1


def test_guests_and_other_organisations_get_nothing_from_panel_views(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    ctx = make_context(bot.deps.engine, now=clock.now())
    standin.add_user("UGUEST0001", name="Guest (agency temp)", is_restricted=True)
    standin.add_user("USINGLE001", name="Single-channel guest", is_ultra_restricted=True)
    standin.add_user("UEXTERNAL1", name="Visitor (another council)", team_id="TOTHERORG1")
    standin.add_user("USTRANGER1", name="Stranger", team_id="TEFRP", is_stranger=True)
    standin.state.members[PANEL] += ["UGUEST0001", "USINGLE001", "UEXTERNAL1", "USTRANGER1"]
    driver = bot.driver()
    for user, words in (
        ("UGUEST0001", "a guest account"),
        ("USINGLE001", "a guest account"),
        ("UEXTERNAL1", "an account of another organisation"),
        ("USTRANGER1", "an account of another organisation"),
    ):
        for text in (f"context {ctx.ref}", "meeting list"):
            before = len(standin.state.responses)
            driver.command(user, "/efh", text)
            settle(bot)
            answers = [str(r.get("text")) for r in standin.state.responses[before:]]
            assert len(answers) == 1 and words in answers[0] and "nothing was shown" in answers[0], answers
            assert ctx.name not in answers[0]
    assert _audited(bot, "context.viewed") == []
    driver.command(TEACHER.id, "/efh", f"context {ctx.ref}")  # a full member of the panel still can
    settle(bot)
    assert ctx.ref in str(standin.state.responses[-1])
    assert len(_audited(bot, "context.viewed")) == 1
