"""The agenda's read: only contexts that can be on the agenda, and the same agenda as reading them all."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.domain.agenda import ActionTally, AgendaAction, AgendaContext, assemble_agenda, assemble_from_tallies
from bot.domain.enums import ActionState, ContextKind, Level
from bot.meetings.agenda_inputs import bulk_records, load_inputs
from storage.actions import Action
from storage.contexts import Context
from storage.db import make_engine, session_scope
from storage.meetings import AgendaItem
from storage.referrals import Referral
from tests.factories import make_action, make_context, make_meeting

# 00:30 on 1 July in London (BST): the meeting's local date is a day after its UTC date.
MEETING_AT = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
MEETING_DAY = date(2026, 7, 1)
TZ = "Europe/London"


def _read_everything(engine: Engine) -> tuple[list[AgendaContext], list[AgendaAction]]:
    """Every context and action, read the plain way: the reference the filtered read must agree with."""
    with session_scope(engine) as s:
        contexts = []
        for c in s.exec(select(Context)):
            referred = [r.created_at for r in s.exec(select(Referral).where(Referral.context_id == c.id))]
            contexts.append(
                AgendaContext(
                    id=c.id or 0,
                    ref=c.ref,
                    name=c.name,
                    kind=ContextKind(c.kind),
                    level=Level(c.level),
                    accepted_at=c.accepted_at,
                    referred_at=min(referred) if referred else c.created_at,
                    first_discussed_at=c.first_discussed_at,
                    last_review_at=c.last_review_at,
                    next_review_on=c.next_review_on,
                    open=c.state == "open",
                )
            )
        actions = [
            AgendaAction(a.id or 0, a.context_id, a.description, a.owner_id, a.due_on, ActionState(a.state))
            for a in s.exec(select(Action))
        ]
    return contexts, actions


def _world(engine: Engine) -> dict[str, int]:
    """One context of each kind that matters to the agenda; returns their IDs by role."""
    long_ago = MEETING_AT - timedelta(days=90)
    discussed = {"first_discussed_at": long_ago + timedelta(days=7)}
    made: dict[str, Context] = {
        "new": make_context(engine, now=long_ago, name="Never discussed", level="complex"),
        "new_this_morning": make_context(engine, now=MEETING_AT - timedelta(hours=1), name="Accepted today"),
        "review_on_local_day": make_context(
            engine, now=long_ago, name="Review due on the local date", next_review_on=MEETING_DAY, **discussed
        ),
        "review_earlier": make_context(
            engine,
            now=long_ago,
            name="Review overdue",
            next_review_on=MEETING_DAY - timedelta(days=10),
            last_review_at=long_ago + timedelta(days=30),
            **discussed,
        ),
        "overdue_action": make_context(
            engine,
            now=long_ago,
            name="Overdue action",
            next_review_on=MEETING_DAY + timedelta(days=40),
            **discussed,
        ),
        "quiet": make_context(
            engine,
            now=long_ago,
            name="Nothing due",
            next_review_on=MEETING_DAY + timedelta(days=1),
            **discussed,
        ),
        "quiet_done_action": make_context(
            engine,
            now=long_ago,
            name="Only a done action",
            next_review_on=MEETING_DAY + timedelta(days=30),
            **discussed,
        ),
        "closed": make_context(engine, now=long_ago, name="Closed", state="closed"),
        "after_meeting": make_context(
            engine, now=MEETING_AT + timedelta(minutes=5), name="Accepted afterwards"
        ),
        "on_stored_agenda": make_context(
            engine,
            now=long_ago,
            name="Decided at this meeting",
            next_review_on=MEETING_DAY + timedelta(days=84),
            **discussed,
        ),
    }
    make_action(engine, made["overdue_action"], now=long_ago, due_on=MEETING_DAY - timedelta(days=1))
    make_action(engine, made["overdue_action"], now=long_ago, due_on=MEETING_DAY + timedelta(days=5))
    make_action(engine, made["quiet"], now=long_ago, due_on=MEETING_DAY)  # due on the day: not overdue
    make_action(
        engine, made["quiet_done_action"], now=long_ago, due_on=MEETING_DAY - timedelta(days=9), state="done"
    )
    make_action(engine, made["review_earlier"], now=long_ago, due_on=MEETING_DAY + timedelta(days=2))
    make_action(engine, made["closed"], now=long_ago, due_on=MEETING_DAY - timedelta(days=3))
    return {role: c.id or 0 for role, c in made.items()}


def test_only_contexts_that_can_be_on_the_agenda_are_read(database_url: str) -> None:
    engine = make_engine(database_url)
    ids = _world(engine)
    with session_scope(engine) as s:
        contexts, tallies = load_inputs(s, MEETING_AT, TZ)
    expected = {"new", "new_this_morning", "review_on_local_day", "review_earlier", "overdue_action"}
    assert {c.id for c in contexts} == {ids[role] for role in expected}
    # Their open actions, counted as of the meeting's local date: not yet due, overdue, the oldest overdue.
    assert set(tallies) == {
        ActionTally(ids["overdue_action"], MEETING_DAY, 1, 1, MEETING_DAY - timedelta(days=1)),
        ActionTally(ids["review_earlier"], MEETING_DAY, 1, 0, None),
    }
    engine.dispose()


def test_the_filtered_read_gives_the_same_agenda_as_reading_everything(database_url: str) -> None:
    engine = make_engine(database_url)
    _world(engine)
    with session_scope(engine) as s:
        filtered = assemble_from_tallies(*load_inputs(s, MEETING_AT, TZ), MEETING_AT, TZ)
    reference = assemble_agenda(*_read_everything(engine), MEETING_AT, TZ)
    assert filtered == reference
    assert [i.name for i in filtered.items] == [
        "Overdue action",
        "Never discussed",
        "Accepted today",
        "Review overdue",
        "Review due on the local date",
    ]
    engine.dispose()


def test_days_are_counted_from_the_first_referral(database_url: str) -> None:
    engine = make_engine(database_url)
    ctx = make_context(engine, now=MEETING_AT - timedelta(days=3))
    with session_scope(engine) as s:
        s.add(
            Referral(
                ref=ctx.ref + "-2",
                view_id="VEARLIER",
                referrer_id="UPOLICE001",
                referrer_agency="Police",
                context_kind="public_space",
                context_name=ctx.name,
                area="Hackney Central",
                description="Invented description.",
                concerns="Invented concerns.",
                sharing_basis="safeguarding",
                sharing_reason="Invented reason.",
                suggested_level="universal_plus",
                urgency="amber",
                status="accepted",
                context_id=ctx.id,
                created_at=MEETING_AT - timedelta(days=20),
            )
        )
    with session_scope(engine) as s:
        contexts, _ = load_inputs(s, MEETING_AT, TZ)
    assert contexts[0].referred_at == MEETING_AT - timedelta(days=20)
    assert assemble_agenda(contexts, [], MEETING_AT, TZ).items[0].days_since == 20
    engine.dispose()


def test_a_context_on_the_meetings_stored_agenda_is_read_after_it_stops_qualifying(database_url: str) -> None:
    engine = make_engine(database_url)
    ids = _world(engine)
    meeting = make_meeting(engine, starts_at=MEETING_AT)
    with session_scope(engine) as s:
        s.add(
            AgendaItem(
                meeting_id=meeting.id or 0,
                context_id=ids["on_stored_agenda"],
                section="new_contexts",
                position=0,
                suggested_minutes=10,
            )
        )
    with session_scope(engine) as s:
        without, _ = load_inputs(s, MEETING_AT, TZ)
        with_meeting, _ = load_inputs(s, MEETING_AT, TZ, meeting.id)
        stored = s.exec(select(AgendaItem).where(col(AgendaItem.meeting_id) == meeting.id)).one()
    assert ids["on_stored_agenda"] not in {c.id for c in without}
    assert ids["on_stored_agenda"] in {c.id for c in with_meeting}
    assert stored.context_id == ids["on_stored_agenda"]
    engine.dispose()


def test_the_garbage_collector_is_left_as_it_was_found() -> None:
    assert gc.isenabled()
    with bulk_records():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk_records():
            pass
        assert not gc.isenabled()  # someone else's pause is not ended by ours
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), bulk_records():
        raise RuntimeError("a failed read")
    assert gc.isenabled()
