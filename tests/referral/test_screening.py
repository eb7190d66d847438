"""Screening from the panel channel: who may screen, accept (new or joined context), decline, double clicks,
a restart in between."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, OUTSIDER, PANEL, TEACHER, YOUTH, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.records.ids import Button as RecordButton
from handlers.referrals.ids import Button, Callback, ScreenField
from storage.contexts import Assessment, Context
from storage.db import session_scope
from tests.factories import make_context
from tests.races import shown_name
from tests.referral.helpers import audit_actions, fresh, message_text, refer, referrals, settle, snapshot


def _open_modal(bot: LocalBot, standin: SlackStandin, user: str, post: Message, button: str) -> dict:  # type: ignore[type-arg]
    assert bot.driver().click(user, post, button).status == 200
    settle(bot)
    view = standin.open_view(user)
    assert view is not None
    return view


def _accept(bot: LocalBot, standin: SlackStandin, post: Message, target: str = "new") -> None:
    view = _open_modal(bot, standin, COORDINATOR.id, post, Button.ACCEPT)
    assert view["callback_id"] == Callback.ACCEPT
    assert bot.driver().submit(COORDINATOR.id, view, {ScreenField.TARGET: target}).json() == {}
    settle(bot)


def _contexts(bot: LocalBot) -> list[Context]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(Context).order_by(Context.id)))


def test_only_coordinators_can_screen_anyone_else_is_told_privately_and_nothing_changes(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    before = snapshot(bot)
    messages, updates = len(standin.state.messages), len(standin.calls_to("chat.update"))
    views = len(standin.state.views)
    for person in (
        OUTSIDER,
        TEACHER,
        YOUTH,
    ):  # TEACHER and YOUTH are in the panel channel but not coordinators
        for button in (Button.ACCEPT, Button.DECLINE, Button.ASK):
            assert bot.driver().click(person.id, post, button).status == 200
            settle(bot)
            refusal = standin.state.ephemeral[-1]
            assert refusal["user"] == person.id and refusal["channel"] == PANEL
            assert (
                "Only the panel's coordinators" in refusal["text"]
                and "Nothing was changed" in refusal["text"]
            )
    assert len(standin.state.ephemeral) == 9
    assert snapshot(bot) == before
    assert len(standin.state.messages) == messages and len(standin.calls_to("chat.update")) == updates
    assert len(standin.state.views) == views
    assert fresh(standin, post).edits == 0


def test_accept_opens_a_context_on_the_next_agenda_and_updates_the_post_in_place(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    post = refer(bot, standin)
    clock.advance(timedelta(hours=2))
    _accept(bot, standin, post)
    [context] = _contexts(bot)
    assert (context.ref, context.kind, context.state, context.level) == (
        "EFRP-2026-0001",
        "public_space",
        "open",
        "universal_plus",
    )
    assert context.accepted_at == clock.now() and context.first_discussed_at is None
    [referral] = referrals(bot)
    assert (referral.status, referral.screened_by, referral.context_id) == (
        "accepted",
        COORDINATOR.id,
        context.id,
    )
    with session_scope(bot.deps.engine) as s:
        [baseline] = s.exec(select(Assessment)).all()
    assert (baseline.context_id, baseline.referral_id, baseline.source) == (
        context.id,
        referral.id,
        "referral",
    )
    updated = fresh(standin, post)
    assert updated.edits == 1 and len([m for m in standin.messages_in(PANEL) if not m.thread_ts]) == 1
    text = message_text(updated)
    assert "*Accepted* by <@UCOORD0001>" in text and "on the next panel agenda" in text
    buttons = [e["action_id"] for b in updated.blocks or [] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [RecordButton.REFERRAL_DETAILS]  # screened: only the way to its details is left
    dms = standin.dms_to(TEACHER.id)
    assert len(dms) == 2 and "accepted" in message_text(dms[-1]) and "EFRP-2026-0001" in message_text(dms[-1])
    assert "Year 9" not in message_text(dms[-1])  # no more than the referrer gave; no panel detail
    assert audit_actions(bot) == ["referral.submitted", "referral.accepted", "context.opened"]


def test_a_second_accept_or_decline_changes_nothing_and_names_who_screened(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    as_first_seen = copy.deepcopy(post)  # a second click comes from the message as it was on screen
    first_modal = _open_modal(bot, standin, COORDINATOR.id, post, Button.ACCEPT)
    second_modal = _open_modal(bot, standin, COORDINATOR.id, post, Button.DECLINE)
    assert bot.driver().submit(COORDINATOR.id, first_modal, {ScreenField.TARGET: "new"}).json() == {}
    settle(bot)
    before, views = snapshot(bot), len(standin.state.views)
    messages, updates = len(standin.state.messages), len(standin.calls_to("chat.update"))
    for button in (Button.ACCEPT, Button.DECLINE, Button.ASK):
        assert bot.driver().click(COORDINATOR.id, as_first_seen, button).status == 200
        settle(bot)
        told = standin.state.ephemeral[-1]
        who = shown_name(bot.standin, COORDINATOR.id)
        assert told["user"] == COORDINATOR.id and f"already accepted by {who}" in told["text"]
    assert len(standin.state.views) == views
    reply = bot.driver().submit(
        COORDINATOR.id,
        second_modal,
        {ScreenField.DECLINE_REASON: "Duplicate", ScreenField.SIGNPOSTED_TO: "Nowhere"},
    )
    assert reply.status == 200 and reply.json()["response_action"] == "errors"  # said on the open form
    who = shown_name(bot.standin, COORDINATOR.id)
    assert f"already accepted by {who}" in reply.json()["errors"][ScreenField.DECLINE_REASON]
    settle(bot)
    assert snapshot(bot) == before
    assert len(standin.calls_to("chat.update")) == updates
    assert len(standin.state.messages) == messages
    assert len(_contexts(bot)) == 1


def test_decline_asks_for_a_reason_and_signposting_and_tells_the_referrer(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    view = _open_modal(bot, standin, COORDINATOR.id, post, Button.DECLINE)
    assert view["callback_id"] == Callback.DECLINE
    reply = bot.driver().submit(COORDINATOR.id, view, {})
    assert set(reply.json()["errors"]) == {ScreenField.DECLINE_REASON, ScreenField.SIGNPOSTED_TO}
    assert referrals(bot)[0].status == "submitted"
    reply = bot.driver().submit(
        COORDINATOR.id,
        view,
        {
            ScreenField.DECLINE_REASON: "A single incident, already handled by the school.",
            ScreenField.SIGNPOSTED_TO: "Early Help and the school's DSL",
        },
    )
    assert reply.json() == {}
    settle(bot)
    [referral] = referrals(bot)
    assert (referral.status, referral.context_id, referral.signposted_to) == (
        "declined",
        None,
        "Early Help and the school's DSL",
    )
    assert _contexts(bot) == []
    text = message_text(fresh(standin, post))
    assert "*Declined* by <@UCOORD0001>" in text and "Early Help and the school's DSL" in text
    dm = message_text(standin.dms_to(TEACHER.id)[-1])
    assert "A single incident, already handled by the school." in dm and "Early Help" in dm
    assert audit_actions(bot)[-1] == "referral.declined"


def test_accept_can_join_an_open_context_of_the_same_kind_with_a_similar_name(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.deps.clock.now()
    existing = make_context(bot.deps.engine, now=now - timedelta(days=30), name="Fields Estate stairwell")
    make_context(bot.deps.engine, now=now, name="Fields Estate stairwell group", kind="peer_group")
    make_context(bot.deps.engine, now=now, name="Fields Estate stairwells", state="closed")
    make_context(bot.deps.engine, now=now, name="Hackney Downs bandstand")
    post = refer(bot, standin)  # "Stairwell, block C, Fields Estate", a public space
    view = _open_modal(bot, standin, COORDINATOR.id, post, Button.ACCEPT)
    choices = view["blocks"][1]["element"]["options"]
    assert [c["value"] for c in choices] == ["new", f"context:{existing.id}"]
    assert choices[1]["text"]["text"].startswith(f"Join {existing.ref}: Fields Estate stairwell")
    assert (
        bot.driver().submit(COORDINATOR.id, view, {ScreenField.TARGET: f"context:{existing.id}"}).json() == {}
    )
    settle(bot)
    assert len(_contexts(bot)) == 4  # nothing new opened
    referral = referrals(bot)[-1]
    assert (referral.status, referral.context_id) == ("accepted", existing.id)
    with session_scope(bot.deps.engine) as s:
        mine = s.exec(
            select(Assessment).where(Assessment.context_id == existing.id).order_by(Assessment.id)
        ).all()
        again = s.get(Context, existing.id)
    assert [a.source for a in mine] == ["referral", "referral"]
    assert mine[0].referral_id != referral.id and mine[1].referral_id == referral.id
    assert mine[1].indicator_ids == referral.indicator_ids
    assert again is not None and again.first_discussed_at == existing.first_discussed_at
    assert f"Joined the open context *{existing.ref}*" in message_text(fresh(standin, post))
    assert existing.ref in message_text(standin.dms_to(TEACHER.id)[-1])
    assert audit_actions(bot)[-2:] == ["referral.accepted", "context.assessment_added"]


def test_screening_works_after_a_restart_between_referral_and_screening(
    make_bot: Callable[..., LocalBot], standin: SlackStandin
) -> None:
    first = make_bot()
    post = refer(first, standin)
    first.stop()
    second = make_bot()
    _accept(second, standin, post)
    updated = fresh(standin, post)
    assert updated.edits == 1 and "*Accepted*" in message_text(updated)
    assert referrals(second)[0].status == "accepted" and len(_contexts(second)) == 1
    assert len(standin.dms_to(TEACHER.id)) == 2
