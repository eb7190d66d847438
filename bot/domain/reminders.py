"""Which reminders are due as of a given ``now``: the pure decision, never the sending.

Every occurrence has a unique key ``(subject, kind, day)``; the database enforces that key, so the
caller may ask as often as it likes and send only what it manages to insert. The rules:

* An action's owner schedule derives only from its due date ``D`` (in working days):
  BEFORE_DUE on ``D - before``, ON_DUE on ``D``, OVERDUE on ``D + k*every`` (k = 1, 2, …).
  ESCALATION to the coordinators on ``D + escalate``, once per due date.
* An occurrence's send moment is the opening of its day, or of the next working day if its day is
  not one (only ON_DUE can fall on a weekend or holiday; its key day stays the due date).
* Nothing is due outside working hours; it goes at the next opening.
* Per call, at most one owner reminder per action: the latest one whose send moment has passed.
  After downtime the owner gets one catch-up, not a flood; superseded occurrences are never sent.
  An action created inside the before-due window still gets BEFORE_DUE (as a "due soon" nudge).
* Moving the due date restarts the schedule, because every key derives from the due date.
* A value of 0 in the policy switches that reminder off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.calendar import WorkingHours
from bot.domain.enums import ActionState

_DAY = timedelta(days=1)


class ReminderKind(StrEnum):
    """What a reminder is about."""

    BEFORE_DUE = "before_due"
    ON_DUE = "on_due"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    REVIEW_DUE = "review_due"


@dataclass(frozen=True)
class ReminderPolicy:
    """When owners are reminded and coordinators told, in working days; 0 switches a reminder off."""

    before_due_days: int = 3
    on_due: bool = True
    overdue_every_days: int = 2
    escalate_after_days: int = 5

    def __post_init__(self) -> None:
        """Reject negative or non-integer day counts."""
        for name in ("before_due_days", "overdue_every_days", "escalate_after_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number of working days, 0 or more; got {value!r}")


_POLICY_KEYS = {
    "before": "before_due_days",
    "on_due": "on_due",
    "every": "overdue_every_days",
    "escalate": "escalate_after_days",
}
_TRUE = frozenset({"yes", "true", "on", "1"})
_FALSE = frozenset({"no", "false", "off", "0"})
_POLICY_FORMAT = "expected e.g. 'before=3,on_due=yes,every=2,escalate=5'"


def parse_reminder_policy(spec: str) -> ReminderPolicy:
    """Parse "before=3,on_due=yes,every=2,escalate=5"; omitted keys keep defaults, 0/off disables.

    Keys: ``before`` (working days before the due date), ``on_due`` (yes/no), ``every`` (working
    days between overdue reminders), ``escalate`` (working days overdue before coordinators are
    told). Raises ValueError naming the problem on unknown, repeated or malformed entries.
    """
    values: dict[str, int | bool] = {}
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            if spec.strip():
                raise ValueError(f"empty entry in reminder policy {spec!r}; {_POLICY_FORMAT}")
            continue
        key, sep, value = (part.strip().lower() for part in item.partition("="))
        if not sep or not value:
            raise ValueError(f"entry {item!r} in reminder policy needs key=value; {_POLICY_FORMAT}")
        field_name = _POLICY_KEYS.get(key)
        if field_name is None:
            raise ValueError(f"unknown reminder policy key {key!r}; use {', '.join(_POLICY_KEYS)}")
        if field_name in values:
            raise ValueError(f"reminder policy key {key!r} given twice in {spec!r}")
        if field_name == "on_due":
            if value not in _TRUE | _FALSE:
                raise ValueError(f"on_due must be yes or no, got {value!r}")
            values[field_name] = value in _TRUE
        elif value in ("off", "none", "no"):
            values[field_name] = 0
        elif value.isdigit():
            values[field_name] = int(value)
        else:
            raise ValueError(f"{key} must be a whole number of working days (or 'off'), got {value!r}")
    return ReminderPolicy(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ActionDue:
    """An action as the reminder decision sees it."""

    action_id: int
    due_on: date
    state: ActionState
    context_open: bool


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """A context's next review as the reminder decision sees it."""

    context_id: int
    next_review_on: date | None
    context_open: bool


@dataclass(frozen=True, slots=True)
class DueReminder:
    """One reminder occurrence that is due; ``key`` is unique in the database."""

    subject: str
    kind: ReminderKind
    day: date
    action_id: int | None = None
    context_id: int | None = None

    @property
    def key(self) -> tuple[str, ReminderKind, date]:
        """The unique key (subject, kind, day)."""
        return (self.subject, self.kind, self.day)


def action_subject(action_id: int) -> str:
    """Reminder subject for an action, e.g. "action:12"."""
    return f"action:{action_id}"


def review_subject(context_id: int) -> str:
    """Reminder subject for a context's review, e.g. "review:7"."""
    return f"review:{context_id}"


_Occurrence = tuple[ReminderKind, date]


def _latest_owner_occurrence(
    due: date, today: date, policy: ReminderPolicy, hours: WorkingHours
) -> _Occurrence | None:
    """The latest owner occurrence whose send day is on or before working day ``today``."""
    if today >= due:  # ON_DUE's send day (due, or the next working day) is then <= today
        every = policy.overdue_every_days
        if every:
            elapsed = hours.working_days_between(due, today)
            if elapsed >= every:
                return ReminderKind.OVERDUE, hours.add_working_days(due, elapsed // every * every)
        if policy.on_due:
            return ReminderKind.ON_DUE, due
    if policy.before_due_days:
        day = hours.add_working_days(due, -policy.before_due_days)
        if day <= today:
            return ReminderKind.BEFORE_DUE, day
    return None


def _action_plan(
    due: date, today: date, policy: ReminderPolicy, hours: WorkingHours
) -> tuple[_Occurrence, ...]:
    """Occurrences due on open working day ``today`` for any open action due on ``due``."""
    found: list[_Occurrence] = []
    owner = _latest_owner_occurrence(due, today, policy, hours)
    if owner is not None:
        found.append(owner)
    if policy.escalate_after_days and today > due:
        day = hours.add_working_days(due, policy.escalate_after_days)
        if day <= today:
            found.append((ReminderKind.ESCALATION, day))
    return tuple(found)


def due_action_reminders(
    actions: Iterable[ActionDue], now: datetime, policy: ReminderPolicy, hours: WorkingHours
) -> list[DueReminder]:
    """Reminders due now: per open action, the latest owner reminder plus any escalation; O(n)."""
    if not hours.is_open(now):
        return []
    today = hours.local_date(now)
    plans: dict[date, tuple[_Occurrence, ...]] = {}  # the schedule depends only on the due date
    result: list[DueReminder] = []
    for action in actions:
        if action.state != ActionState.OPEN or not action.context_open:
            continue
        plan = plans.get(action.due_on)
        if plan is None:
            plan = plans[action.due_on] = _action_plan(action.due_on, today, policy, hours)
        if plan:
            subject = action_subject(action.action_id)
            result.extend(DueReminder(subject, kind, day, action_id=action.action_id) for kind, day in plan)
    return result


def next_reminder_at(
    action: ActionDue, now: datetime, policy: ReminderPolicy, hours: WorkingHours
) -> datetime | None:
    """When the next owner reminder will be sent (UTC), or None if no more are scheduled.

    Occurrences whose send moment is at or before ``now`` count as already handled.
    """
    if action.state != ActionState.OPEN or not action.context_open:
        return None
    today = hours.local_date(now)
    # Send days on or after `cutoff` have their opening strictly after now.
    cutoff = today if now < hours.opening(today) else today + _DAY
    due = action.due_on
    if policy.before_due_days:
        day = hours.add_working_days(due, -policy.before_due_days)
        if day >= cutoff:
            return hours.opening(day)
    if policy.on_due:
        day = hours.working_day_on_or_after(due)
        if day >= cutoff:
            return hours.opening(day)
    every = policy.overdue_every_days
    if not every:
        return None
    last_past = cutoff - _DAY
    elapsed = hours.working_days_between(due, last_past) if last_past > due else 0
    return hours.opening(hours.add_working_days(due, (elapsed // every + 1) * every))


def due_review_notices(
    reviews: Iterable[ReviewDue], now: datetime, hours: WorkingHours, lead_days: int = 5
) -> list[DueReminder]:
    """Coordinator notices for reviews due within ``lead_days`` working days (key day = review date)."""
    if lead_days < 0:
        raise ValueError(f"lead_days must be 0 or more, got {lead_days}")
    if not hours.is_open(now):
        return []
    today = hours.local_date(now)
    notice_days: dict[date, date] = {}
    result: list[DueReminder] = []
    for review in reviews:
        review_on = review.next_review_on
        if review_on is None or not review.context_open:
            continue
        send_day = notice_days.get(review_on)
        if send_day is None:
            send_day = hours.working_day_on_or_after(hours.add_working_days(review_on, -lead_days))
            notice_days[review_on] = send_day
        if send_day <= today:
            subject = review_subject(review.context_id)
            result.append(
                DueReminder(subject, ReminderKind.REVIEW_DUE, review_on, context_id=review.context_id)
            )
    return result
