"""Tests for the reminder decision: what is due as of a given now, never nagging, missing or repeating."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.holidays import bank_holidays
from bot.domain.calendar import WorkingHours
from bot.domain.enums import ActionState
from bot.domain.reminders import (
    ActionDue,
    DueReminder,
    ReminderKind,
    ReminderPolicy,
    ReviewDue,
    action_subject,
    due_action_reminders,
    due_review_notices,
    next_reminder_at,
    parse_reminder_policy,
    review_subject,
)

LONDON = ZoneInfo("Europe/London")
HOURS = WorkingHours(bank_holidays=bank_holidays("england-and-wales"))
POLICY = ReminderPolicy()
K = ReminderKind
Key = tuple[str, ReminderKind, date]


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A London wall-clock time."""
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A UTC time."""
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def action(
    due: date, action_id: int = 1, state: ActionState = ActionState.OPEN, context_open: bool = True
) -> ActionDue:
    """An action due on a date."""
    return ActionDue(action_id=action_id, due_on=due, state=state, context_open=context_open)


def keys(reminders: list[DueReminder]) -> list[Key]:
    """The unique keys of reminders, in order."""
    return [r.key for r in reminders]


def simulate(
    actions_at: Callable[[datetime], list[ActionDue]],
    start: datetime,
    end: datetime,
    policy: ReminderPolicy = POLICY,
    sent: dict[Key, datetime] | None = None,
) -> dict[Key, datetime]:
    """Run the scheduler every 15 minutes; the dict plays the DB's unique key (insert-or-ignore)."""
    sent = {} if sent is None else sent
    now = start
    while now < end:
        due = due_action_reminders(actions_at(now), now, policy, HOURS)
        owner = [r for r in due if r.kind != K.ESCALATION]
        assert len(owner) <= len({r.action_id for r in owner}), "at most one owner reminder per action"
        for reminder in due:
            sent.setdefault(reminder.key, now)
        now += timedelta(minutes=15)
    return sent


def at_nine(*days: date) -> list[datetime]:
    """09:00 London on each day, as UTC."""
    return [HOURS.opening(d) for d in days]


# --- the whole schedule, driven by now ------------------------------------------------------

DUE = date(2026, 6, 17)  # a Wednesday in BST, no bank holidays nearby


def test_full_schedule_before_on_overdue_and_escalation() -> None:
    sent = simulate(lambda now: [action(DUE)], utc(2026, 6, 1), utc(2026, 7, 10))
    expected_days = {
        (K.BEFORE_DUE, date(2026, 6, 12)),  # 3 working days before
        (K.ON_DUE, DUE),
        (K.OVERDUE, date(2026, 6, 19)),  # then every 2 working days
        (K.OVERDUE, date(2026, 6, 23)),
        (K.OVERDUE, date(2026, 6, 25)),
        (K.OVERDUE, date(2026, 6, 29)),
        (K.OVERDUE, date(2026, 7, 1)),
        (K.OVERDUE, date(2026, 7, 3)),
        (K.OVERDUE, date(2026, 7, 7)),
        (K.OVERDUE, date(2026, 7, 9)),
        (K.ESCALATION, date(2026, 6, 24)),  # 5 working days overdue, once
    }
    assert set(sent) == {("action:1", kind, day) for kind, day in expected_days}
    for (_, _, day), sent_at in sent.items():
        assert sent_at == HOURS.opening(day) == utc(day.year, day.month, day.day, 8)  # 09:00 BST


def test_next_reminder_at_agrees_with_the_schedule() -> None:
    sent = simulate(lambda now: [action(DUE)], utc(2026, 6, 1), utc(2026, 7, 10))
    owner_times = sorted(t for (_, kind, _), t in sent.items() if kind != K.ESCALATION)
    now = utc(2026, 6, 1)
    while now < owner_times[-1]:
        assert next_reminder_at(action(DUE), now, POLICY, HOURS) == min(t for t in owner_times if t > now)
        now += timedelta(minutes=45)


def test_due_date_on_a_weekend_goes_monday_at_nine_once() -> None:
    saturday = date(2026, 6, 20)
    assert due_action_reminders([action(saturday)], london(2026, 6, 20, 12), POLICY, HOURS) == []
    assert due_action_reminders([action(saturday)], london(2026, 6, 22, 8, 59), POLICY, HOURS) == []
    monday = due_action_reminders([action(saturday)], london(2026, 6, 22, 9), POLICY, HOURS)
    assert keys(monday) == [("action:1", K.ON_DUE, saturday)]  # the key day stays the due date
    sent = simulate(lambda now: [action(saturday)], utc(2026, 6, 15), utc(2026, 6, 30))
    assert sent == {
        ("action:1", K.BEFORE_DUE, date(2026, 6, 17)): utc(2026, 6, 17, 8),
        ("action:1", K.ON_DUE, saturday): utc(2026, 6, 22, 8),
        ("action:1", K.OVERDUE, date(2026, 6, 23)): utc(2026, 6, 23, 8),
        ("action:1", K.OVERDUE, date(2026, 6, 25)): utc(2026, 6, 25, 8),
        ("action:1", K.ESCALATION, date(2026, 6, 26)): utc(2026, 6, 26, 8),
        ("action:1", K.OVERDUE, date(2026, 6, 29)): utc(2026, 6, 29, 8),
    }
    assert next_reminder_at(action(saturday), london(2026, 6, 20, 12), POLICY, HOURS) == utc(2026, 6, 22, 8)


def test_due_on_good_friday_skips_the_easter_weekend() -> None:
    good_friday = date(2026, 4, 3)
    sent = simulate(lambda now: [action(good_friday)], utc(2026, 3, 23), utc(2026, 4, 14))
    assert sent == {
        ("action:1", K.BEFORE_DUE, date(2026, 3, 31)): utc(2026, 3, 31, 8),
        ("action:1", K.ON_DUE, good_friday): utc(2026, 4, 7, 8),  # Tuesday after Easter Monday
        ("action:1", K.OVERDUE, date(2026, 4, 8)): utc(2026, 4, 8, 8),
        ("action:1", K.OVERDUE, date(2026, 4, 10)): utc(2026, 4, 10, 8),
        ("action:1", K.ESCALATION, date(2026, 4, 13)): utc(2026, 4, 13, 8),
    }


def test_due_on_christmas_day_waits_for_the_substitute_boxing_day() -> None:
    christmas = date(2026, 12, 25)
    sent = simulate(lambda now: [action(christmas)], utc(2026, 12, 14), utc(2027, 1, 6))
    assert sent == {
        ("action:1", K.BEFORE_DUE, date(2026, 12, 22)): utc(2026, 12, 22, 9),
        ("action:1", K.ON_DUE, christmas): utc(2026, 12, 29, 9),  # 28th is the Boxing Day substitute
        ("action:1", K.OVERDUE, date(2026, 12, 30)): utc(2026, 12, 30, 9),
        ("action:1", K.OVERDUE, date(2027, 1, 4)): utc(2027, 1, 4, 9),  # 1 Jan is a holiday
        ("action:1", K.ESCALATION, date(2027, 1, 5)): utc(2027, 1, 5, 9),
    }


def test_spring_dst_change() -> None:
    monday = date(2026, 3, 30)  # clocks went forward on Sunday 29 March
    assert due_action_reminders([action(monday)], utc(2026, 3, 27, 8, 30), POLICY, HOURS) == []  # 08:30 GMT
    friday = due_action_reminders([action(monday)], utc(2026, 3, 27, 9), POLICY, HOURS)
    assert keys(friday) == [("action:1", K.BEFORE_DUE, date(2026, 3, 25))]
    assert due_action_reminders([action(monday)], utc(2026, 3, 30, 7, 59), POLICY, HOURS) == []
    on_due = due_action_reminders([action(monday)], utc(2026, 3, 30, 8), POLICY, HOURS)  # 09:00 BST
    assert keys(on_due) == [("action:1", K.ON_DUE, monday)]
    assert next_reminder_at(action(monday), utc(2026, 3, 27, 12), POLICY, HOURS) == utc(2026, 3, 30, 8)


def test_autumn_dst_change() -> None:
    monday = date(2026, 10, 26)  # clocks went back on Sunday 25 October
    friday = due_action_reminders([action(monday)], utc(2026, 10, 23, 8), POLICY, HOURS)  # 09:00 BST
    assert keys(friday) == [("action:1", K.BEFORE_DUE, date(2026, 10, 21))]
    assert due_action_reminders([action(monday)], utc(2026, 10, 26, 8, 30), POLICY, HOURS) == []
    on_due = due_action_reminders([action(monday)], utc(2026, 10, 26, 9), POLICY, HOURS)  # 09:00 GMT
    assert keys(on_due) == [("action:1", K.ON_DUE, monday)]
    assert next_reminder_at(action(monday), utc(2026, 10, 23, 12), POLICY, HOURS) == utc(2026, 10, 26, 9)


# --- changes to the action ------------------------------------------------------------------


def test_moving_the_due_date_restarts_the_schedule() -> None:
    moved_at, new_due = london(2026, 6, 19, 12), date(2026, 6, 26)

    def actions_at(now: datetime) -> list[ActionDue]:
        return [action(DUE if now < moved_at else new_due)]

    sent = simulate(actions_at, utc(2026, 6, 1), utc(2026, 7, 4))
    assert set(sent) == {
        ("action:1", K.BEFORE_DUE, date(2026, 6, 12)),
        ("action:1", K.ON_DUE, DUE),
        ("action:1", K.OVERDUE, date(2026, 6, 19)),
        # new due date, new keys; the old escalation (24 June) never happens
        ("action:1", K.BEFORE_DUE, date(2026, 6, 23)),
        ("action:1", K.ON_DUE, new_due),
        ("action:1", K.OVERDUE, date(2026, 6, 30)),
        ("action:1", K.OVERDUE, date(2026, 7, 2)),
        ("action:1", K.ESCALATION, date(2026, 7, 3)),
    }


def test_action_done_midway_stops_everything() -> None:
    done_at = london(2026, 6, 18, 11)

    def actions_at(now: datetime) -> list[ActionDue]:
        return [action(DUE, state=ActionState.OPEN if now < done_at else ActionState.DONE)]

    sent = simulate(actions_at, utc(2026, 6, 1), utc(2026, 7, 10))
    assert set(sent) == {("action:1", K.BEFORE_DUE, date(2026, 6, 12)), ("action:1", K.ON_DUE, DUE)}


@pytest.mark.parametrize(
    "item",
    [
        action(DUE, state=ActionState.DONE),
        action(DUE, state=ActionState.WITHDRAWN),
        action(DUE, context_open=False),
    ],
)
def test_nothing_for_closed_actions_or_contexts(item: ActionDue) -> None:
    now = london(2026, 7, 1, 10)  # long overdue and past escalation
    assert due_action_reminders([item], now, POLICY, HOURS) == []
    assert next_reminder_at(item, now, POLICY, HOURS) is None


# --- downtime, hours and idempotence --------------------------------------------------------


def test_catch_up_after_a_week_of_downtime_sends_one_reminder_plus_escalation() -> None:
    before = simulate(lambda now: [action(DUE)], utc(2026, 6, 1), utc(2026, 6, 15))
    assert set(before) == {("action:1", K.BEFORE_DUE, date(2026, 6, 12))}
    back = london(2026, 6, 26, 9)  # down from Monday 15 until Friday 26
    caught_up = due_action_reminders([action(DUE)], back, POLICY, HOURS)
    assert keys(caught_up) == [
        ("action:1", K.OVERDUE, date(2026, 6, 25)),  # the latest only, not 17, 19, 23 and 25
        ("action:1", K.ESCALATION, date(2026, 6, 24)),
    ]
    after = simulate(lambda now: [action(DUE)], back, utc(2026, 7, 2), sent=dict(before))
    assert set(after) - set(before) == {
        *keys(caught_up),
        ("action:1", K.OVERDUE, date(2026, 6, 29)),
        ("action:1", K.OVERDUE, date(2026, 7, 1)),
    }


def test_short_downtime_catch_up_without_escalation() -> None:
    caught_up = due_action_reminders([action(DUE)], london(2026, 6, 22, 10), POLICY, HOURS)
    assert keys(caught_up) == [("action:1", K.OVERDUE, date(2026, 6, 19))]


@pytest.mark.parametrize(
    "now",
    [
        london(2026, 6, 24, 8, 59),
        london(2026, 6, 24, 17),
        london(2026, 6, 24, 23, 30),
        london(2026, 6, 27, 10),  # Saturday
        london(2026, 8, 31, 10),  # Summer bank holiday
    ],
)
def test_nothing_is_due_outside_working_hours(now: datetime) -> None:
    assert due_action_reminders([action(DUE)], now, POLICY, HOURS) == []


def test_same_now_gives_the_same_keys() -> None:
    items = [action(DUE, 1), action(date(2026, 6, 29), 2), action(date(2026, 5, 1), 3)]
    now = london(2026, 6, 24, 11)
    first = due_action_reminders(items, now, POLICY, HOURS)
    assert first == due_action_reminders(items, now, POLICY, HOURS)
    assert keys(first) == keys(due_action_reminders(items, london(2026, 6, 24, 16, 59), POLICY, HOURS))


def test_actions_sharing_a_due_date_each_get_their_own_reminder() -> None:
    items = [action(DUE, 7), action(DUE, 3, state=ActionState.DONE), action(DUE, 5)]
    result = due_action_reminders(items, london(2026, 6, 17, 10), POLICY, HOURS)
    assert result == [
        DueReminder("action:7", K.ON_DUE, DUE, action_id=7),
        DueReminder("action:5", K.ON_DUE, DUE, action_id=5),
    ]


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_action_reminders([action(DUE)], datetime(2026, 6, 17, 10), POLICY, HOURS)


# --- policy variants ------------------------------------------------------------------------


def test_policy_without_on_due_or_overdue() -> None:
    policy = ReminderPolicy(on_due=False, overdue_every_days=0, escalate_after_days=0)
    sent = simulate(lambda now: [action(DUE)], utc(2026, 6, 1), utc(2026, 7, 10), policy=policy)
    assert set(sent) == {("action:1", K.BEFORE_DUE, date(2026, 6, 12))}
    assert next_reminder_at(action(DUE), london(2026, 6, 15, 10), policy, HOURS) is None


def test_policy_without_before_and_daily_overdue() -> None:
    policy = ReminderPolicy(before_due_days=0, overdue_every_days=1, escalate_after_days=2)
    sent = simulate(lambda now: [action(DUE)], utc(2026, 6, 1), utc(2026, 6, 24), policy=policy)
    assert set(sent) == {
        ("action:1", K.ON_DUE, DUE),
        ("action:1", K.OVERDUE, date(2026, 6, 18)),
        ("action:1", K.OVERDUE, date(2026, 6, 19)),
        ("action:1", K.ESCALATION, date(2026, 6, 19)),
        ("action:1", K.OVERDUE, date(2026, 6, 22)),
        ("action:1", K.OVERDUE, date(2026, 6, 23)),
    }


def test_next_reminder_at() -> None:
    item = action(DUE)
    assert next_reminder_at(item, london(2026, 6, 1, 10), POLICY, HOURS) == utc(2026, 6, 12, 8)
    assert next_reminder_at(item, london(2026, 6, 12, 9), POLICY, HOURS) == utc(2026, 6, 17, 8)
    assert next_reminder_at(item, london(2026, 6, 17, 8), POLICY, HOURS) == utc(2026, 6, 17, 8)
    assert next_reminder_at(item, london(2026, 6, 17, 20), POLICY, HOURS) == utc(2026, 6, 19, 8)
    assert next_reminder_at(item, london(2027, 6, 16, 10), POLICY, HOURS) == utc(2027, 6, 18, 8)


# --- review notices -------------------------------------------------------------------------

REVIEW_ON = date(2026, 7, 15)  # a Wednesday; notice from Wednesday 8 July


def test_review_notice_a_week_ahead() -> None:
    reviews = [ReviewDue(context_id=7, next_review_on=REVIEW_ON, context_open=True)]
    assert due_review_notices(reviews, london(2026, 7, 7, 16), HOURS) == []
    assert due_review_notices(reviews, london(2026, 7, 8, 8, 59), HOURS) == []
    expected = [DueReminder("review:7", K.REVIEW_DUE, REVIEW_ON, context_id=7)]
    assert due_review_notices(reviews, london(2026, 7, 8, 9), HOURS) == expected
    assert due_review_notices(reviews, london(2026, 7, 14, 12), HOURS) == expected  # same key
    assert due_review_notices(reviews, london(2026, 7, 11, 12), HOURS) == []  # Saturday


def test_review_notice_lead_days_and_exclusions() -> None:
    reviews = [
        ReviewDue(context_id=1, next_review_on=REVIEW_ON, context_open=True),
        ReviewDue(context_id=2, next_review_on=None, context_open=True),
        ReviewDue(context_id=3, next_review_on=REVIEW_ON, context_open=False),
        ReviewDue(context_id=4, next_review_on=date(2026, 7, 18), context_open=True),  # Saturday
    ]
    now = london(2026, 7, 15, 10)
    assert [r.context_id for r in due_review_notices(reviews, now, HOURS, lead_days=0)] == [1]
    monday = london(2026, 7, 20, 9)
    assert [r.key for r in due_review_notices(reviews, monday, HOURS, lead_days=0)] == [
        ("review:1", K.REVIEW_DUE, REVIEW_ON),
        ("review:4", K.REVIEW_DUE, date(2026, 7, 18)),
    ]
    with pytest.raises(ValueError, match="lead_days"):
        due_review_notices(reviews, now, HOURS, lead_days=-1)


# --- policy parsing and small helpers -------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", ReminderPolicy()),
        ("before=3,every=2,escalate=5", ReminderPolicy()),
        (" before = 5 , every=3 ", ReminderPolicy(before_due_days=5, overdue_every_days=3)),
        ("on_due=no,escalate=off", ReminderPolicy(on_due=False, escalate_after_days=0)),
        ("ON_DUE=Yes,Every=0", ReminderPolicy(on_due=True, overdue_every_days=0)),
    ],
)
def test_parse_reminder_policy(spec: str, expected: ReminderPolicy) -> None:
    assert parse_reminder_policy(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("before", "needs key=value"),
        ("before=", "needs key=value"),
        ("before=3,,every=2", "empty entry"),
        ("after=3", "unknown reminder policy key 'after'"),
        ("before=3,before=4", "given twice"),
        ("every=-1", "whole number"),
        ("every=two", "whole number"),
        ("escalate=1.5", "whole number"),
        ("on_due=maybe", "on_due must be yes or no"),
    ],
)
def test_parse_reminder_policy_errors(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_reminder_policy(spec)


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="before_due_days"):
        ReminderPolicy(before_due_days=-1)
    with pytest.raises(ValueError, match="overdue_every_days"):
        ReminderPolicy(overdue_every_days=True)


def test_subjects_and_keys() -> None:
    assert action_subject(12) == "action:12"
    assert review_subject(7) == "review:7"
    reminder = DueReminder("action:12", K.OVERDUE, DUE, action_id=12)
    assert reminder.key == ("action:12", K.OVERDUE, DUE)
    assert str(K.ESCALATION) == "escalation"
