"""`/efh agency NAME` over the real HTTP surface: a panel member sees one agency's record privately."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from bot.domain.agency_record import find_agency
from bot.report.agency import agency_record_table, owner_agency_facts
from bot.report.records import Period
from bot.standin.harness import COORDINATOR, OUTSIDER, PANEL, POLICE, TEACHER, YOUTH, LocalBot
from bot.standin.server import SlackStandin
from handlers import metadata
from handlers.actions.ids import ActionId, ActionMeta
from storage import audit
from storage.db import session_scope
from tests.factories import make_action, make_context
from tests.report.system import seed


def _replies(standin: SlackStandin) -> list[str]:
    return [str(r.get("text")) for r in standin.state.responses]


def test_a_panel_member_sees_an_agencys_record_privately(bot: LocalBot, standin: SlackStandin) -> None:
    seed(bot.deps.engine)
    bot.driver().command(TEACHER.id, "/efh", "agency EDUCATION 2026-01-01")
    bot.settle()
    (reply,) = [t for t in _replies(standin) if "Agreed:" in t]
    assert reply.startswith("*Education*: actions agreed from 01 Jan 2026 to ")
    assert "Agreed: 1. Done on time: 0. Done late: 1 (median 5 days late). Overdue now: 0." in reply
    assert "Withdrawn because circumstances changed (not counted against the agency): 0." in reply
    assert "Reassigned away: 0." in reply
    assert standin.messages_in(PANEL) == []  # privately: nothing posted
    with session_scope(bot.deps.engine) as s:
        viewed = [e for e in audit.list_events(session=s) if e.action == "agency_record.viewed"]
    assert [(e.actor, e.record_id, e.detail["since"]) for e in viewed] == [
        (TEACHER.id, "Education", "2026-01-01")
    ]


def test_the_period_defaults_to_the_last_12_months_and_says_so(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(TEACHER.id, "/efh", "agency children's social care")
    bot.settle()
    (reply,) = [t for t in _replies(standin) if "Agreed:" in t]
    assert reply.startswith("*Children's social care*: actions agreed from ")
    assert "the last 12 months unless you give `SINCE`" in reply and "Agreed: 0." in reply


def test_an_unknown_agency_is_refused_with_the_list(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(TEACHER.id, "/efh", "agency Fire brigade")
    bot.settle()
    (reply,) = [t for t in _replies(standin) if "no agency called" in t]
    assert "The agencies are: Children's social care, Police, Education" in reply
    with session_scope(bot.deps.engine) as s:
        assert [e for e in audit.list_events(session=s) if e.action == "agency_record.viewed"] == []


def test_someone_not_on_the_panel_is_refused(bot: LocalBot, standin: SlackStandin) -> None:
    seed(bot.deps.engine)
    bot.driver().command(OUTSIDER.id, "/efh", "agency Police")
    bot.settle()
    texts = _replies(standin)
    assert any("Only members of the panel can see an agency's record" in t for t in texts)
    assert not any("Agreed:" in t for t in texts)


def _contexts(view: dict[str, Any]) -> list[str]:
    return [e["text"] for b in view["blocks"] if b.get("type") == "context" for e in b["elements"]]


def test_an_owner_sees_their_agencys_record_on_their_home_tab(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    ctx = make_context(bot.deps.engine, now=now)
    today = now.date()
    make_action(bot.deps.engine, ctx, now=now, owner=POLICE.id, due_on=today - timedelta(days=10))
    make_action(
        bot.deps.engine, ctx, now=now, owner=POLICE.id, due_on=today + timedelta(days=10), state="done"
    )
    make_action(bot.deps.engine, ctx, now=now, owner=YOUTH.id, due_on=today, agency="Youth service")
    driver = bot.driver()
    assert driver.open_home(POLICE.id).status == 200
    assert driver.open_home(TEACHER.id).status == 200
    bot.settle()
    (line,) = [t for t in _contexts(standin.state.homes[POLICE.id]) if "'s record since" in t]
    assert line.startswith("Police's record since ")
    assert "2 agreed, 1 done on time, 0 done late, 1 overdue now, 0 withdrawn" in line
    assert not any("'s record since" in t for t in _contexts(standin.state.homes[TEACHER.id]))  # owns none


def _withdraw(bot: LocalBot, standin: SlackStandin, action_id: int, because: str) -> None:
    """A coordinator withdraws the action through the Withdraw button and its form."""
    value = metadata.dump(ActionMeta(action_id=action_id))
    button = {"type": "button", "action_id": ActionId.WITHDRAW, "value": value}
    bot.driver().click_in_view(
        COORDINATOR.id, {"blocks": [{"type": "actions", "elements": [button]}]}, button["action_id"]
    )
    bot.settle()
    form = standin.open_view(COORDINATOR.id)
    assert form is not None
    values = {"withdrawn_because": because, "why": "Closed at the panel"}
    assert bot.driver().submit(COORDINATOR.id, form, values).json() == {}
    bot.settle()


def test_not_delivered_is_counted_apart_and_against_the_agency(bot: LocalBot, standin: SlackStandin) -> None:
    now = bot.clock.now()
    ctx = make_context(bot.deps.engine, now=now)
    due = now.date() + timedelta(days=10)
    changed, missed, _kept = (
        make_action(bot.deps.engine, ctx, now=now, owner=POLICE.id, due_on=due, agency="Police")
        for _ in range(3)
    )
    _withdraw(bot, standin, changed.id or 0, "circumstances_changed")
    _withdraw(bot, standin, missed.id or 0, "not_delivered")
    bot.driver().command(TEACHER.id, "/efh", "agency Police")
    bot.settle()
    (reply,) = [t for t in _replies(standin) if "Agreed:" in t]
    assert "Agreed: 3." in reply
    assert "Withdrawn because circumstances changed (not counted against the agency): 1." in reply
    assert "Not delivered (withdrawn, counted against the agency): 1." in reply
    assert bot.driver().open_home(POLICE.id).status == 200
    bot.settle()
    (line,) = [t for t in _contexts(standin.state.homes[POLICE.id]) if "'s record since" in t]
    assert "1 withdrawn (circumstances changed), 1 not delivered, 0 reassigned away" in line


def test_one_agencys_record_is_its_row_of_the_whole_table_whatever_the_spelling(bot: LocalBot) -> None:
    now = bot.clock.now()
    today = now.date()
    ctx = make_context(bot.deps.engine, now=now)
    for owner, agency, due, state in (
        (YOUTH.id, "Youth Club", today - timedelta(days=10), "open"),  # typed as Other, in two spellings
        (YOUTH.id, "youth  club", today + timedelta(days=10), "open"),
        (YOUTH.id, "Youth Club", today - timedelta(days=3), "withdrawn"),
        (POLICE.id, "Police", today - timedelta(days=5), "open"),
    ):
        make_action(bot.deps.engine, ctx, now=now, owner=owner, due_on=due, state=state, agency=agency)
    tz = bot.deps.settings.tz
    table = agency_record_table(bot.deps, period=Period.of(today - timedelta(days=364), today, tz), now=now)
    with session_scope(bot.deps.engine) as s:
        youth = owner_agency_facts(session=s, deps=bot.deps, owner_id=YOUTH.id, now=now)
        police = owner_agency_facts(session=s, deps=bot.deps, owner_id=POLICE.id, now=now)
    for facts, name in ((youth, "youth club"), (police, "Police")):
        whole = find_agency(table, name)
        assert whole is not None and facts == {"since": today - timedelta(days=364), **asdict(whole)}
    assert youth is not None and (youth["agreed"], youth["overdue_now"]) == (3, 1)
