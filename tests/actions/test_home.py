"""The App Home: an owner's open actions with buttons (overdue first); the coordinator's caseload."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.standin.harness import LocalBot
from bot.standin.server import SlackStandin
from handlers import metadata
from handlers.actions.ids import ActionId, ActionMeta
from storage import outbox
from storage.db import session_scope
from tests.actions.helpers import action_row
from tests.factories import make_action, make_context, make_meeting

OWNER = "UPOLICE001"
COORD = "UCOORD0001"


def _texts(view: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b.get("type") == "section"]


def test_owner_sees_open_actions_overdue_first_with_buttons(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    ctx = make_context(bot.deps.engine, now=now)
    later = make_action(
        bot.deps.engine,
        ctx,
        now=now,
        owner=OWNER,
        due_on=date(2026, 12, 4),
        description="Guardianship plan with the estate manager",
    )
    overdue = make_action(
        bot.deps.engine,
        ctx,
        now=now,
        owner=OWNER,
        due_on=date(2026, 11, 18),
        description="Lighting survey of the stairwell",
    )
    make_action(
        bot.deps.engine,
        ctx,
        now=now,
        owner=OWNER,
        due_on=date(2026, 11, 1),
        state="done",
        description="Finished earlier",
    )
    make_action(
        bot.deps.engine,
        ctx,
        now=now,
        owner="UYOUTH0001",
        due_on=date(2026, 11, 30),
        description="Someone else's action",
    )
    assert bot.driver().open_home(OWNER).status == 200
    bot.settle()
    view = standin.state.homes[OWNER]
    texts = _texts(view)
    assert "*2* open actions, *1* overdue" in texts[0]
    assert "Overdue" in texts[1] and "Lighting survey" in texts[1]
    assert "Guardianship plan" in texts[2]
    assert not any("Finished earlier" in t or "Someone else" in t for t in texts)
    assert not any("Caseload" in (b.get("text") or {}).get("text", "") for b in view["blocks"])
    buttons = [
        metadata.load(ActionMeta, e["value"]).action_id
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ActionId.MARK_DONE
    ]
    assert buttons == [overdue.id, later.id]
    # The buttons work from the Home tab too, and the Home is refreshed after the change.
    driver = bot.driver()
    driver.click_in_view(
        OWNER, view, ActionId.MARK_DONE, value=metadata.dump(ActionMeta(action_id=overdue.id or 0))
    )
    bot.settle()
    driver.submit(OWNER, standin.open_view(OWNER) or {}, {"note": "Survey done; two lights replaced"})
    bot.settle()
    assert action_row(bot, overdue.id or 0).state == "done"
    assert "*1* open action." in _texts(standin.state.homes[OWNER])[0]


def test_home_opened_event_retried_publishes_once(bot: LocalBot, standin: SlackStandin) -> None:
    driver = bot.driver()
    event = {"type": "app_home_opened", "user": OWNER, "channel": "D" + OWNER, "tab": "home"}
    driver.event(event, event_id="EvHOME0001")
    driver.event(event, event_id="EvHOME0001", retry_num=1)
    bot.settle()
    assert len(standin.calls_to("views.publish")) == 1
    assert "no open actions" in _texts(standin.state.homes[OWNER])[0]


def test_coordinator_sees_caseload(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    engine = bot.deps.engine
    a = make_context(
        engine,
        now=now,
        name="Fields Estate stairwell",
        level="universal_plus",
        next_review_on=date(2026, 11, 27),
    )
    b = make_context(engine, now=now, name="Riverside park", level="complex")
    make_context(engine, now=now, name="Closed place", level="complex", state="closed")
    make_action(engine, a, now=now, owner=OWNER, agency="Police", due_on=date(2026, 11, 16))
    make_action(engine, b, now=now, owner=OWNER, agency="Police", due_on=date(2026, 11, 19))
    make_action(engine, b, now=now, owner="UHEALTH001", agency="Health", due_on=date(2026, 11, 20))
    make_action(engine, b, now=now, owner="UHEALTH001", agency="Health", due_on=date(2026, 12, 20))
    make_action(engine, a, now=now, owner=COORD, agency="Children's Social Care", due_on=date(2026, 12, 1))
    make_meeting(
        engine,
        starts_at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        location="Room 2",
        agenda_posted_at=now - timedelta(hours=1),
    )
    with session_scope(engine) as s:
        outbox.enqueue(
            session=s,
            key="test:lost",
            op=outbox.Op.DM,
            channel="UGONE00001",
            payload={"text": "x"},
            now=now,
            summary="assignment DM",
        )
        row = outbox.find(session=s, key="test:lost")
        assert row is not None and row.id is not None
        outbox.mark_failed(session=s, row_id=row.id, error="user_not_found")
    bot.driver().open_home(COORD)
    bot.settle()
    view = standin.state.homes[COORD]
    body = "\n".join(_texts(view))
    assert len(view["blocks"]) <= 100
    assert "Open contexts: 2" in body and "Complex / High Risk: *1*" in body
    assert "Universal Plus / Universal Partnership Plus: *1*" in body
    assert "EFRP-2026-0001" in body and "review due Fri 27 Nov 2026" in body
    assert "Overdue actions by agency: 3" in body and "Police: *2*" in body and "Health: *1*" in body
    assert "Thu 26 Nov 2026 10:00 · Room 2 · agenda posted" in body
    assert "assignment DM to <@UGONE00001>: `user_not_found`" in body
    assert "You have *1* open action." in body  # the coordinator's own action comes first


def test_home_stays_within_100_blocks_for_a_busy_owner(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    ctx = make_context(bot.deps.engine, now=now)
    for i in range(70):
        make_action(bot.deps.engine, ctx, now=now, owner=COORD, due_on=date(2026, 12, 1) + timedelta(days=i))
    bot.driver().open_home(COORD)
    bot.settle()
    view = standin.state.homes[COORD]
    assert len(view["blocks"]) <= 100
    assert "more, due later" in str(view["blocks"])
