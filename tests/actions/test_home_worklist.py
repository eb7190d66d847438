"""The coordinators' Home lists referrals to screen and open contexts with their next step and buttons,
bounded; other people's Home has no worklist, and its buttons refuse them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from bot.standin.harness import COORDINATOR, OUTSIDER, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers import metadata
from handlers.meetings.ids import Button as MeetingButton
from handlers.records.ids import Button, Callback, ContextRef
from handlers.referrals.ids import Button as ScreenButton
from handlers.reviews.ids import ReviewAction
from storage.audit import AuditEvent
from storage.contexts import Context
from storage.db import session_scope
from tests.factories import make_action, make_context, make_decision
from tests.referral.helpers import refer, settle


def _home(bot: LocalBot, standin: SlackStandin, user: str) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}
    assert bot.driver().event(event, event_id=f"Ev{uuid.uuid4().hex}").status == 200
    settle(bot)
    view: dict[str, Any] = standin.state.homes[user]
    return view


def _text(view: dict[str, Any]) -> str:
    parts = [str((b.get("text") or {}).get("text", "")) for b in view["blocks"]]
    parts += [str(e.get("text", "")) for b in view["blocks"] if b["type"] == "context" for e in b["elements"]]
    return "\n".join(parts)


def _buttons(view: dict[str, Any], block_prefix: str) -> dict[str, list[str]]:
    return {
        b["block_id"]: [e["action_id"] for e in b["elements"]]
        for b in view["blocks"]
        if b["type"] == "actions" and b.get("block_id", "").startswith(block_prefix)
    }


def _audit(bot: LocalBot, action: str) -> list[AuditEvent]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_coordinators_see_what_to_do_next_with_buttons(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    engine = bot.deps.engine
    new = make_context(engine, now=now - timedelta(days=2), name="Bus route 38")
    decided = make_context(engine, now=now - timedelta(weeks=10), name="Fields Estate stairwell")
    make_decision(engine, decided, now=now - timedelta(weeks=10))
    with session_scope(engine) as s:
        row = s.get(Context, decided.id)
        assert row is not None
        row.first_discussed_at, row.next_review_on = now - timedelta(weeks=10), date(2026, 11, 30)
        s.add(row)
    make_action(engine, decided, now=now, due_on=date(2026, 11, 16), description="Lighting survey")
    post = refer(bot, standin, name="Kings Park benches", urgency="red")

    view = _home(bot, standin, COORDINATOR.id)
    text = _text(view)
    text = text[text.index("Worklist (coordinators)") :]
    assert "Worklist (coordinators)" in text and "Referrals to screen: 1" in text
    assert "Kings Park benches" in text and ":red_circle:" in text
    assert "Open contexts: 2" in text
    assert text.index(new.ref) < text.index(decided.ref)  # never discussed first
    assert "Next: the panel's first decision" in text
    assert "review due Mon 30 Nov 2026" in text and "*1* overdue action" in text
    assert list(_buttons(view, "home-screen-").values()) == [
        [Button.REFERRAL_DETAILS, ScreenButton.ACCEPT, ScreenButton.DECLINE, ScreenButton.ASK]
    ]
    assert _buttons(view, "home-context-") == {
        f"home-context-{new.id}": [Button.OPEN_RECORD, MeetingButton.RECORD_DECISION],
        f"home-context-{decided.id}": [Button.OPEN_RECORD, ReviewAction.START],
    }

    # Open record and Details work from the Home tab, privately, and each view is audited.
    bot.driver().click_in_view(COORDINATOR.id, view, Button.OPEN_RECORD, value=_value(view, new.id))
    settle(bot)
    opened = standin.open_view(COORDINATOR.id)
    assert opened is not None and opened["callback_id"] == Callback.RECORD and new.ref in str(opened)
    bot.driver().click_in_view(COORDINATOR.id, view, Button.REFERRAL_DETAILS)
    settle(bot)
    details = standin.open_view(COORDINATOR.id)
    assert details is not None and details["callback_id"] == Callback.REFERRAL
    assert "adults sell cannabis" in str(details) and "UP-B-04" in str(details)
    assert [e.ref for e in _audit(bot, "context.viewed")] == [new.ref]
    assert len(_audit(bot, "referral.viewed")) == 1
    assert post.ts  # the referral's post is untouched by reading it

    # Someone off the panel who gets hold of the buttons sees a refusal and nothing of the record.
    bot.driver().click_in_view(OUTSIDER.id, view, Button.OPEN_RECORD, value=_value(view, new.id))
    settle(bot)
    refused = standin.open_view(OUTSIDER.id)
    assert refused is not None and "Only members of the panel" in str(refused) and new.ref not in str(refused)
    bot.driver().click_in_view(OUTSIDER.id, view, Button.REFERRAL_DETAILS)
    settle(bot)
    assert "cannabis" not in str(standin.open_view(OUTSIDER.id))
    assert len(_audit(bot, "context.viewed")) == 1 and len(_audit(bot, "referral.viewed")) == 1


def _value(view: dict[str, Any], context_id: int | None) -> str:
    return metadata.dump(ContextRef(context_id or 0))


def test_other_people_have_no_worklist_and_a_large_caseload_is_bounded(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()
    for n in range(12):
        make_context(bot.deps.engine, now=now - timedelta(days=n), name=f"Context number {n}")
    assert "Worklist" not in _text(_home(bot, standin, TEACHER.id))
    view = _home(bot, standin, COORDINATOR.id)
    assert "Open contexts: 12" in _text(view) and "…and 4 more" in _text(view)
    assert len(_buttons(view, "home-context-")) == 8
    assert len(view["blocks"]) <= 100


def test_a_context_due_for_review_offers_start_review_once(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()  # Monday 23 November 2026
    engine = bot.deps.engine
    due = make_context(engine, now=now - timedelta(weeks=10), name="Fields Estate stairwell")
    make_decision(engine, due, now=now - timedelta(weeks=10))
    with session_scope(engine) as s:
        row = s.get(Context, due.id)
        assert row is not None
        row.first_discussed_at, row.next_review_on = now - timedelta(weeks=10), date(2026, 11, 30)
        s.add(row)

    view = _home(bot, standin, COORDINATOR.id)
    assert f"{due.ref}* · Fields Estate stairwell · review due Mon 30 Nov 2026" in _text(view)  # still listed
    starts = [
        b["block_id"]
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ReviewAction.START
    ]
    assert starts == [f"home-context-{due.id}"]  # once, on the worklist's line for the context
