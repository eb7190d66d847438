"""Agenda assembly: sections, ordering, meeting-day boundaries across DST, timing."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.agenda import (
    ActionTally,
    AgendaAction,
    AgendaContext,
    AgendaItem,
    AgendaSection,
    AgendaTiming,
    assemble_agenda,
    assemble_from_tallies,
    tally_actions,
)
from bot.domain.enums import ActionState, ContextKind, Level

LONDON = ZoneInfo("Europe/London")
# Thursday after the clocks went back (Sun 25 Oct 2026): London is on GMT (UTC+0).
MEETING = datetime(2026, 10, 29, 10, 0, tzinfo=LONDON)
MEETING_DAY = date(2026, 10, 29)


def ctx(
    cid: str,
    *,
    ref: str | None = None,
    level: Level = Level.UNIVERSAL_PLUS,
    accepted: datetime = datetime(2026, 9, 1, 9, 0, tzinfo=LONDON),
    referred: datetime = datetime(2026, 8, 28, 9, 0, tzinfo=LONDON),
    discussed: datetime | None = None,
    last_review: datetime | None = None,
    next_review: date | None = None,
    is_open: bool = True,
) -> AgendaContext:
    """A synthetic context."""
    return AgendaContext(
        id=cid,
        ref=ref or f"EFRP-2026-{cid}",
        name=f"Context {cid}",
        kind=ContextKind.PUBLIC_SPACE,
        level=level,
        accepted_at=accepted,
        referred_at=referred,
        first_discussed_at=discussed,
        last_review_at=last_review,
        next_review_on=next_review,
        open=is_open,
    )


def act(aid: str, cid: str, due: date, state: ActionState = ActionState.OPEN) -> AgendaAction:
    """A synthetic action."""
    return AgendaAction(
        id=aid, context_id=cid, description=f"action {aid}", owner="U123", due_on=due, state=state
    )


DISCUSSED = datetime(2026, 9, 10, 10, 0, tzinfo=LONDON)


def refs(items: tuple[AgendaItem, ...]) -> list[str]:
    """Refs of agenda items."""
    return [item.ref for item in items]


# ------------------------------------------------------------------ empty


def test_no_contexts_no_actions_gives_empty_agenda() -> None:
    agenda = assemble_agenda([], [], MEETING, "Europe/London")
    assert agenda.is_empty
    assert agenda.items == ()
    assert agenda.sections == ()
    assert agenda.total_minutes == 0
    assert agenda.meeting_date == MEETING_DAY
    for section in AgendaSection:
        assert agenda.items_in(section) == ()


def test_nothing_due_gives_empty_agenda() -> None:
    contexts = [
        ctx("1", discussed=DISCUSSED),
        ctx("2", discussed=DISCUSSED, next_review=MEETING_DAY + timedelta(days=1)),
    ]
    actions = [act("a", "1", MEETING_DAY), act("b", "2", MEETING_DAY + timedelta(days=7))]
    assert assemble_agenda(contexts, actions, MEETING, LONDON).is_empty


# ------------------------------------------------------------------ sections and order


def test_sections_in_order_and_context_not_repeated() -> None:
    contexts = [
        ctx("R", discussed=DISCUSSED, next_review=date(2026, 10, 20)),
        ctx("N", level=Level.COMPLEX),
        # overdue action AND review due: only in section 1, flagged as also due for review
        ctx("A", discussed=DISCUSSED, next_review=date(2026, 10, 1)),
        # overdue action AND never discussed: only in section 1
        ctx("AN"),
    ]
    actions = [act("1", "A", date(2026, 10, 20)), act("2", "AN", date(2026, 10, 21))]
    agenda = assemble_agenda(contexts, actions, MEETING, LONDON)

    assert [i.section for i in agenda.items] == [
        AgendaSection.ACTIONS_DUE,
        AgendaSection.ACTIONS_DUE,
        AgendaSection.NEW_CONTEXTS,
        AgendaSection.REVIEWS_DUE,
    ]
    assert refs(agenda.items) == ["EFRP-2026-A", "EFRP-2026-AN", "EFRP-2026-N", "EFRP-2026-R"]
    assert len({i.context_id for i in agenda.items}) == 4
    first, second = agenda.items_in(AgendaSection.ACTIONS_DUE)
    assert first.also == (AgendaSection.REVIEWS_DUE,)
    assert first.review_due_on == date(2026, 10, 1)
    assert second.also == (AgendaSection.NEW_CONTEXTS,)
    assert [s for s, _ in agenda.sections] == list(AgendaSection)
    assert [s.label for s in AgendaSection] == ["Actions due", "New contexts", "Reviews due"]


def test_actions_due_grouped_per_context_oldest_overdue_first_then_ref() -> None:
    contexts = [ctx("Y", discussed=DISCUSSED), ctx("X", discussed=DISCUSSED), ctx("W", discussed=DISCUSSED)]
    actions = [
        act("y1", "Y", date(2026, 10, 5)),
        act("x2", "X", date(2026, 10, 20)),
        act("x1", "X", date(2026, 10, 1)),
        act("x3", "X", date(2026, 11, 5)),  # open, not yet due
        act("x4", "X", date(2026, 9, 1), ActionState.DONE),
        act("x5", "X", date(2026, 9, 1), ActionState.WITHDRAWN),
        act("w1", "W", date(2026, 10, 5)),
        act("zz", "missing-context", date(2026, 1, 1)),
    ]
    agenda = assemble_agenda(contexts, actions, MEETING, LONDON)

    assert refs(agenda.items) == ["EFRP-2026-X", "EFRP-2026-W", "EFRP-2026-Y"]
    x = agenda.items[0]
    assert (x.overdue_count, x.open_count) == (
        2,
        1,
    )  # x1 and x2 overdue, x3 not yet due; done and withdrawn not
    assert tally_actions(actions, MEETING_DAY)["X"] == ActionTally("X", MEETING_DAY, 1, 2, date(2026, 10, 1))


def test_new_contexts_highest_level_then_longest_waiting_then_ref() -> None:
    early = datetime(2026, 9, 1, 9, 0, tzinfo=LONDON)
    late = datetime(2026, 10, 1, 9, 0, tzinfo=LONDON)
    contexts = [
        ctx("U", level=Level.UNIVERSAL, accepted=early),
        ctx("P-late", level=Level.UNIVERSAL_PLUS, accepted=late),
        ctx("C-late", level=Level.COMPLEX, accepted=late),
        ctx("P-early-b", ref="EFRP-B", level=Level.UNIVERSAL_PLUS, accepted=early),
        ctx("P-early-a", ref="EFRP-A", level=Level.UNIVERSAL_PLUS, accepted=early),
        ctx("C-early", level=Level.COMPLEX, accepted=early),
    ]
    agenda = assemble_agenda(contexts, [], MEETING, LONDON)
    assert [i.context_id for i in agenda.items] == [
        "C-early",
        "C-late",
        "P-early-a",
        "P-early-b",
        "P-late",
        "U",
    ]
    assert all(i.section is AgendaSection.NEW_CONTEXTS for i in agenda.items)


def test_reviews_due_earliest_first_and_only_when_due() -> None:
    contexts = [
        ctx("later", discussed=DISCUSSED, next_review=date(2026, 10, 20)),
        ctx("today", discussed=DISCUSSED, next_review=MEETING_DAY),
        ctx("earliest", discussed=DISCUSSED, next_review=date(2026, 10, 2)),
        ctx("tomorrow", discussed=DISCUSSED, next_review=MEETING_DAY + timedelta(days=1)),
        ctx("no-date", discussed=DISCUSSED),
    ]
    agenda = assemble_agenda(contexts, [], MEETING, LONDON)
    assert [i.context_id for i in agenda.items] == ["earliest", "later", "today"]
    assert agenda.items[0].review_due_on == date(2026, 10, 2)


def test_closed_and_stepped_down_contexts_never_appear() -> None:
    contexts = [
        ctx("closed-new", is_open=False),
        ctx("closed-review", is_open=False, discussed=DISCUSSED, next_review=date(2026, 10, 1)),
        ctx("closed-actions", is_open=False, discussed=DISCUSSED),
    ]
    actions = [act("a", "closed-actions", date(2026, 10, 1))]
    assert assemble_agenda(contexts, actions, MEETING, LONDON).is_empty


# ------------------------------------------------------------------ time boundaries


def test_accepted_the_morning_of_the_meeting_is_on_it_after_start_is_not() -> None:
    contexts = [
        ctx("morning", accepted=datetime(2026, 10, 29, 8, 15, tzinfo=LONDON)),
        ctx("at-start", accepted=MEETING),
        ctx("after", accepted=datetime(2026, 10, 29, 10, 1, tzinfo=LONDON)),
        ctx("afternoon", accepted=datetime(2026, 10, 29, 14, 0, tzinfo=LONDON)),
    ]
    agenda = assemble_agenda(contexts, [], MEETING, LONDON)
    assert sorted(i.context_id for i in agenda.items) == ["at-start", "morning"]


def test_action_due_on_meeting_day_is_not_overdue_day_before_is() -> None:
    contexts = [ctx("1", discussed=DISCUSSED), ctx("2", discussed=DISCUSSED)]
    actions = [act("today", "1", MEETING_DAY), act("yesterday", "2", MEETING_DAY - timedelta(days=1))]
    agenda = assemble_agenda(contexts, actions, MEETING, LONDON)
    assert [i.context_id for i in agenda.items] == ["2"]
    assert (agenda.items[0].overdue_count, agenda.items[0].open_count) == (1, 0)


def test_new_context_lists_action_due_today_as_open_not_overdue() -> None:
    agenda = assemble_agenda([ctx("1")], [act("today", "1", MEETING_DAY)], MEETING, LONDON)
    (item,) = agenda.items
    assert item.section is AgendaSection.NEW_CONTEXTS
    assert (item.open_count, item.overdue_count) == (1, 0)


def test_dst_week_days_since_counts_local_dates() -> None:
    # Referred 00:30 BST on Thu 22 Oct = 23:30 UTC on Wed 21 Oct; the clocks went back on Sun 25 Oct.
    referred = datetime(2026, 10, 22, 0, 30, tzinfo=LONDON)
    assert referred.astimezone(UTC).date() == date(2026, 10, 21)
    item = assemble_agenda([ctx("1", referred=referred)], [], MEETING, LONDON).items[0]
    assert item.days_since == 7

    # Local clock-time subtraction would give 6 days 23h45m; local dates give 7.
    referred = datetime(2026, 10, 22, 10, 30, tzinfo=LONDON)
    meeting = datetime(2026, 10, 29, 10, 15, tzinfo=LONDON)
    item = assemble_agenda([ctx("1", referred=referred)], [], meeting, LONDON).items[0]
    assert item.days_since == 7


def test_meeting_just_after_midnight_in_summer_uses_local_date() -> None:
    # 00:30 BST on Thu 2 Apr 2026 is 23:30 UTC on Wed 1 Apr: the meeting's date is 2 Apr.
    meeting = datetime(2026, 4, 2, 0, 30, tzinfo=LONDON)
    contexts = [
        ctx("actions", accepted=datetime(2026, 3, 1, tzinfo=LONDON), discussed=DISCUSSED.replace(month=3)),
        ctx(
            "review",
            accepted=datetime(2026, 3, 1, tzinfo=LONDON),
            discussed=DISCUSSED.replace(month=3),
            next_review=date(2026, 4, 2),
        ),
    ]
    actions = [act("a", "actions", date(2026, 4, 1))]
    for tz in (LONDON, "Europe/London"):
        for moment in (meeting, meeting.astimezone(UTC)):
            agenda = assemble_agenda(contexts, actions, moment, tz)
            assert agenda.meeting_date == date(2026, 4, 2)
            assert [(i.section, i.context_id) for i in agenda.items] == [
                (AgendaSection.ACTIONS_DUE, "actions"),
                (AgendaSection.REVIEWS_DUE, "review"),
            ]
    # In UTC the same instant is still 1 Apr: nothing is overdue and no review is due yet.
    assert assemble_agenda(contexts, actions, meeting, UTC).is_empty


def test_days_since_last_review_or_referral() -> None:
    contexts = [
        ctx(
            "reviewed",
            discussed=DISCUSSED,
            last_review=datetime(2026, 10, 1, 10, tzinfo=LONDON),
            next_review=date(2026, 10, 28),
        ),
        ctx(
            "never-reviewed",
            discussed=DISCUSSED,
            next_review=date(2026, 10, 28),
            referred=datetime(2026, 9, 29, 10, tzinfo=LONDON),
        ),
    ]
    agenda = assemble_agenda(contexts, [], MEETING, LONDON)
    days = {i.context_id: i.days_since for i in agenda.items}
    assert days == {"reviewed": 28, "never-reviewed": 30}


def test_naive_meeting_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        assemble_agenda([], [], datetime(2026, 10, 29, 10, 0), LONDON)


# ------------------------------------------------------------------ timing


def test_default_timing_and_totals() -> None:
    contexts = [
        ctx("new-c", level=Level.COMPLEX),
        ctx("new-p", level=Level.UNIVERSAL_PLUS),
        ctx("new-u", level=Level.UNIVERSAL),
        ctx("review", discussed=DISCUSSED, next_review=date(2026, 10, 1)),
        ctx("act-3", discussed=DISCUSSED),
        ctx("act-9", discussed=DISCUSSED),
        ctx("act-review", discussed=DISCUSSED, next_review=date(2026, 10, 1)),
    ]
    old = date(2026, 10, 1)
    actions = [act(f"3-{n}", "act-3", old) for n in range(3)]
    actions += [act(f"9-{n}", "act-9", old) for n in range(9)]
    actions += [act("r", "act-review", old)]
    agenda = assemble_agenda(contexts, actions, MEETING, LONDON)
    minutes = {i.context_id: i.suggested_minutes for i in agenda.items}
    assert minutes == {
        "new-c": 15,
        "new-p": 10,
        "new-u": 5,
        "review": 10,
        "act-3": 5 + 3,
        "act-9": 5 + 5,  # extra capped at 5
        "act-review": 10 + 1,  # review allowance, plus its overdue action
    }
    assert agenda.total_minutes == sum(minutes.values()) == 69
    assert agenda.minutes_in(AgendaSection.ACTIONS_DUE) == 29
    assert agenda.minutes_in(AgendaSection.NEW_CONTEXTS) == 30
    assert agenda.minutes_in(AgendaSection.REVIEWS_DUE) == 10


def test_custom_timing() -> None:
    timing = AgendaTiming(new_complex=30, actions_only=2, per_overdue_action=2, overdue_extra_cap=3)
    contexts = [ctx("c", level=Level.COMPLEX), ctx("a", discussed=DISCUSSED)]
    actions = [act("1", "a", date(2026, 10, 1)), act("2", "a", date(2026, 10, 2))]
    agenda = assemble_agenda(contexts, actions, MEETING, LONDON, timing)
    assert [i.suggested_minutes for i in agenda.items] == [2 + 3, 30]
    assert agenda.total_minutes == 35


def test_negative_timing_is_refused() -> None:
    with pytest.raises(ValueError, match="review"):
        AgendaTiming(review=-1)


# ------------------------------------------------------------------ scale


def test_scales_to_ten_thousand_contexts_and_hundred_thousand_actions() -> None:
    base = ctx("0", discussed=DISCUSSED)
    contexts = []
    for n in range(10_000):
        kind = n % 4  # 0: overdue actions, 1: new, 2: review due, 3: nothing due
        contexts.append(
            replace(
                base,
                id=n,
                ref=f"EFRP-{n:05d}",
                first_discussed_at=None if kind == 1 else DISCUSSED,
                next_review_on=date(2026, 10, 1) if kind == 2 else None,
            )
        )
    actions = [
        act(str(m), "", date(2026, 10, 1) if (m // 10) % 4 == 0 else date(2026, 11, 30))
        for m in range(100_000)
    ]
    actions = [replace(a, context_id=m // 10) for m, a in enumerate(actions)]
    started = time.perf_counter()
    agenda = assemble_agenda(contexts, actions, MEETING, LONDON)
    elapsed = time.perf_counter() - started
    assert len(agenda.items_in(AgendaSection.ACTIONS_DUE)) == 2_500
    assert len(agenda.items_in(AgendaSection.NEW_CONTEXTS)) == 2_500
    assert len(agenda.items_in(AgendaSection.REVIEWS_DUE)) == 2_500
    assert all(i.overdue_count == 10 for i in agenda.items_in(AgendaSection.ACTIONS_DUE))
    assert elapsed < 10  # generous: a quadratic implementation takes minutes


def test_tallies_made_for_another_date_are_refused() -> None:
    tallies = tally_actions([act("a", "1", MEETING_DAY)], MEETING_DAY - timedelta(days=1))
    with pytest.raises(ValueError, match="as of"):
        assemble_from_tallies([ctx("1")], tallies.values(), MEETING, LONDON)
