"""After the review: continue, step down or close (coordinators only), closure stops reminders, reopening."""

from __future__ import annotations

import copy
from datetime import timedelta

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.scheduler import all_jobs
from bot.standin.harness import COORDINATOR, HEALTH, PANEL, POLICE, YOUTH, LocalBot
from bot.standin.server import SlackStandin
from storage.audit import AuditEvent
from storage.contexts import Context
from storage.db import session_scope
from storage.reviews import Review
from tests.factories import make_action, make_context
from tests.reviews.conftest import Ready, open_review, review_values, summary_post


def _review(bot: LocalBot, standin: SlackStandin, ready: Ready) -> None:
    view = open_review(bot, standin, ready.context.ref)
    bot.driver().submit(
        COORDINATOR.id,
        view,
        review_values(
            ready,
            indicators={"universal": ["U-RA-02", "U-B-02"]},
            narrative="Safer: the stairwell is lit now.",
            goals=("met", "met"),
        ),
    )
    bot.settle()


def _context(bot: LocalBot, ready: Ready) -> Context:
    with session_scope(bot.deps.engine) as s:
        ctx = s.get(Context, ready.context.id)
        assert ctx is not None
        return ctx


def test_continue_sets_next_review_and_updates_summary_in_place(
    bot: LocalBot, standin: SlackStandin, ready: Ready, clock: ManualClock
) -> None:
    _review(bot, standin, ready)
    post = summary_post(standin)
    stale = copy.deepcopy(post)  # the message as a slow client still shows it
    bot.driver().click(COORDINATOR.id, post, "review_continue")
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "review_continue_submit"
    today = clock.now().date()
    reply = bot.driver().submit(COORDINATOR.id, view, {"review_next": today.isoformat()})
    assert reply.json()["response_action"] == "errors"  # not after today
    when = today + timedelta(weeks=8)
    bot.driver().submit(COORDINATOR.id, view, {"review_next": when.isoformat()})
    bot.settle()
    ctx = _context(bot, ready)
    assert ctx.state == "open" and ctx.next_review_on == when
    updated = summary_post(standin)
    assert updated.ts == post.ts and updated.edits == 1
    assert "Continue (next review)" in updated.text and when.strftime("%a %d %b %Y") in updated.text
    assert not [b for b in updated.blocks or [] if b["type"] == "actions"]
    assert standin.messages_in(PANEL, thread_ts=post.ts)  # a decision note in the thread

    # A second click on the old buttons (e.g. a stale client) finds nothing to do.
    bot.driver().click(COORDINATOR.id, stale, "review_step_down")
    bot.settle()
    assert _context(bot, ready).state == "open"
    assert any("already decided" in str(e.get("text")) for e in standin.state.ephemeral)


def test_step_down(bot: LocalBot, standin: SlackStandin, ready: Ready) -> None:
    _review(bot, standin, ready)
    bot.driver().click(COORDINATOR.id, summary_post(standin), "review_step_down")
    bot.settle()
    ctx = _context(bot, ready)
    assert ctx.state == "stepped_down" and ctx.next_review_on is None
    assert "Step down to universal services" in summary_post(standin).text


def test_close_with_outcome_stops_reminders_and_reopen_is_audited(
    bot: LocalBot, standin: SlackStandin, ready: Ready, clock: ManualClock
) -> None:
    # A second, open context with an overdue action: the reminder sweep (when built) must still reach it.
    other = make_context(bot.deps.engine, now=clock.now() - timedelta(weeks=4), name="Bus route 38")
    make_action(
        bot.deps.engine,
        other,
        now=clock.now() - timedelta(weeks=4),
        owner=HEALTH.id,
        due_on=clock.now().date() - timedelta(days=7),
        description="Talk to the bus operator",
    )
    _review(bot, standin, ready)
    post = summary_post(standin)

    bot.driver().click(POLICE.id, post, "review_close")  # a panel member, not a coordinator
    bot.settle()
    assert standin.open_view(POLICE.id) is None
    assert any(
        e.get("user") == POLICE.id and "coordinators" in str(e.get("text")) for e in standin.state.ephemeral
    )

    bot.driver().click(COORDINATOR.id, post, "review_close")
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "review_close_submit"
    outcome_block = next(b for b in view["blocks"] if b.get("block_id") == "review_outcome")
    assert outcome_block["element"]["initial_option"]["value"] == "safer"  # what the comparison suggests
    bot.driver().submit(
        COORDINATOR.id,
        view,
        {"review_outcome": "safer", "review_reason": "Lit, guarded, young people say it is safe."},
    )
    bot.settle()
    ctx = _context(bot, ready)
    assert (ctx.state, ctx.outcome, ctx.next_review_on) == ("closed", "safer", None)
    assert ctx.closed_at == clock.now()
    assert "outcome: *Safer*" in summary_post(standin).text
    with session_scope(bot.deps.engine) as s:
        review = s.exec(select(Review)).one()
        assert (review.decision, review.outcome, review.decided_by) == ("close", "safer", COORDINATOR.id)

    # Reminders: nothing for the closed context's open action (owner YOUTH), however late it gets.
    clock.advance(timedelta(weeks=3))
    dms_before = {u: len(standin.dms_to(u)) for u in (POLICE.id, YOUTH.id, HEALTH.id)}
    panel_before = len(standin.messages_in(PANEL))
    jobs = all_jobs()
    for job in jobs:
        job.run(bot.deps)
    bot.settle()
    assert len(standin.dms_to(YOUTH.id)) == dms_before[YOUTH.id]
    assert len(standin.dms_to(POLICE.id)) == dms_before[POLICE.id]
    assert not [m for m in standin.messages_in(PANEL)[panel_before:] if ready.context.ref in m.text]
    if any(job.id.startswith("reminder") for job in jobs):
        assert (
            len(standin.dms_to(HEALTH.id)) > dms_before[HEALTH.id]
        )  # the sweep ran and reached the open one

    # Reopening: refused for others, audited for a coordinator.
    bot.driver().command(POLICE.id, "/efh", f"reopen {ready.context.ref} new incidents")
    bot.settle()
    assert _context(bot, ready).state == "closed"
    bot.driver().command(COORDINATOR.id, "/efh", f"reopen {ready.context.ref} new incidents <!here>")
    bot.settle()
    ctx = _context(bot, ready)
    assert ctx.state == "open" and ctx.closed_at is None and ctx.outcome is None
    assert ctx.next_review_on is not None and ctx.next_review_on > clock.now().date()
    with session_scope(bot.deps.engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "context.reopened")).one()
        assert event.actor == COORDINATOR.id and event.detail["before"]["outcome"] == "safer"
        assert event.detail["reason_given"] is True and "incidents" not in str(event.detail)
    assert ctx.reopen_reason == "new incidents <!here>"  # kept with the record, which retention can purge
    notice = [m for m in standin.messages_in(PANEL) if "reopened" in m.text]
    assert len(notice) == 1 and "&lt;!here&gt;" in notice[0].text and "<!here>" not in notice[0].text


def test_reviewing_a_closed_context_is_refused(bot: LocalBot, standin: SlackStandin, ready: Ready) -> None:
    with session_scope(bot.deps.engine) as s:
        ctx = s.get(Context, ready.context.id)
        assert ctx is not None
        ctx.state = "closed"
        s.add(ctx)
    bot.driver().command(COORDINATOR.id, "/efh", f"review {ready.context.ref}")
    bot.settle()
    assert standin.open_view(COORDINATOR.id) is None
    assert any("reopen" in str(r.get("text")) for r in standin.state.responses)
    bot.driver().command(COORDINATOR.id, "/efh", "review EFRP-2099-9999")
    bot.settle()
    assert any("no context EFRP-2099-9999" in str(r.get("text")) for r in standin.state.responses)


def test_review_button_for_the_agenda_opens_the_modal(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    from bot.standin.server import Message
    from handlers import blocks
    from handlers.reviews.views import review_button

    item = blocks.actions([review_button(ready.context.id or 0)])
    agenda = Message(channel=PANEL, ts="1800000000.999999", text="agenda", blocks=[item])
    bot.driver().click(YOUTH.id, agenda, "review_start")
    bot.settle()
    assert standin.open_view(YOUTH.id) is None
    bot.driver().click(COORDINATOR.id, agenda, "review_start")
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None and view["callback_id"] == "review_submit"
