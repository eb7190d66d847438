"""The report's period, and the per-record rows it is measured from (dates local to ``EFRP_TIMEZONE``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from bot.domain.calendar import local_date
from bot.domain.enums import ActionState, ContextKind, HarmType
from bot.domain.scaleup_throughput import (
    ActionRecord,
    ReferralRecord,
    ReviewRecord,
    actions_by_agency,
    review_timeliness,
)
from storage.actions import Action, counted_agency
from storage.decisions import Decision
from storage.referrals import Referral
from storage.reviews import Review


@dataclass(frozen=True, slots=True)
class Period:
    """Two local dates, both included, and the UTC instants that bound them (end exclusive)."""

    since: date
    until: date
    start: datetime
    end: datetime

    @classmethod
    def of(cls, since: date, until: date, tz: ZoneInfo) -> Period:
        """The period from ``since`` to ``until`` in a time zone."""
        start = datetime.combine(since, time(0), tz).astimezone(UTC)
        end = datetime.combine(until + timedelta(days=1), time(0), tz).astimezone(UTC)
        return cls(since, until, start, end)


@dataclass(frozen=True, slots=True)
class ThroughputRecords:
    """Per-record tuples the domain's throughput helpers aggregate (dates, enums and agency names only)."""

    referrals: tuple[ReferralRecord, ...]
    reviews: tuple[ReviewRecord, ...]
    actions: tuple[ActionRecord, ...]


def within(column: Any, period: Period) -> ColumnElement[bool]:
    """SQL: a timestamp column falls in the period."""
    return and_(column >= period.start, column < period.end)


def _review_dues(period: Period) -> Any:
    """Subquery: each review due date set in the period's range, with when it was set and the review held."""
    later = aliased(Decision)
    from_decisions: Any = select(
        col(Decision.context_id).label("context_id"),
        col(Decision.next_review_on).label("due_on"),
        col(Decision.decided_at).label("set_at"),
    ).where(~exists().where(col(later.supersedes_id) == col(Decision.id)))
    from_reviews: Any = select(
        col(Review.context_id).label("context_id"),
        col(Review.next_review_on).label("due_on"),
        col(Review.decided_at).label("set_at"),
    ).where(col(Review.next_review_on).is_not(None), col(Review.decided_at).is_not(None))
    dues = union_all(from_decisions, from_reviews).subquery("dues")
    held = (
        select(func.min(col(Review.reviewed_at)))
        .where(col(Review.context_id) == dues.c.context_id, col(Review.reviewed_at) > dues.c.set_at)
        .scalar_subquery()
    )
    return (
        select(dues.c.due_on.label("due_on"), held.label("held_at"))
        .where(dues.c.due_on >= period.since, dues.c.due_on <= period.until)
        .subquery("due_reviews")
    )


def due_by_date_counts(records: ThroughputRecords, until: date) -> dict[str, int]:
    """Actions and reviews due in the period, and how many were done by their date (local days).

    The same counts as the throughput section's (``review_timeliness`` and ``actions_by_agency``).
    """
    reviews = review_timeliness(records.reviews, until)
    agencies = actions_by_agency(records.actions, until)
    return {
        "actions_due": sum(a.total for a in agencies),
        "actions_done_by_due": sum(a.done_on_time for a in agencies),
        "reviews_due": reviews.due,
        "reviews_on_time": reviews.on_time,
    }


def _local_day(value: datetime | None, tz: ZoneInfo) -> date | None:
    """The local date of a UTC timestamp."""
    return None if value is None else local_date(value, tz)


def _enum_or_none(kind: type[ContextKind] | type[HarmType], value: str) -> Any:
    """The enum member with this value, or None for a value the bot no longer knows."""
    try:
        return kind(value)
    except ValueError:
        return None


def throughput_records(*, session: Session, period: Period, tz: ZoneInfo) -> ThroughputRecords:
    """Referrals made, reviews due and actions due in the period, as the domain's records; three queries."""
    first_discussed = (
        select(func.min(col(Decision.decided_at)))
        .where(
            col(Decision.context_id) == col(Referral.context_id),
            col(Decision.decided_at) >= col(Referral.created_at),
            col(Decision.decided_at) < period.end,
        )
        .scalar_subquery()
    )
    referral_rows = session.execute(
        select(
            col(Referral.created_at),
            col(Referral.context_kind),
            col(Referral.context_name),
            col(Referral.harm_types),
            col(Referral.screened_at),
            first_discussed,
        )
        .where(within(col(Referral.created_at), period))
        .order_by(col(Referral.created_at))
    ).all()
    referrals = tuple(_referral_record(row, period, tz) for row in referral_rows)
    dues = _review_dues(period)
    review_rows = session.execute(select(dues.c.due_on, dues.c.held_at).order_by(dues.c.due_on)).all()
    reviews = tuple(ReviewRecord(r[0], _local_day(r[1], tz)) for r in review_rows)
    action_rows = session.execute(
        # A disowned action is counted apart, not against the agency of the owner who said it is not theirs.
        select(
            counted_agency(),
            col(Action.due_on),
            col(Action.state),
            col(Action.done_at),
        ).where(col(Action.due_on) >= period.since, col(Action.due_on) <= period.until)
    ).all()
    states = {s.value: s for s in ActionState}
    agencies: dict[object, str] = {}  # a few agencies over many actions: tidy each name once
    for r in action_rows:
        if r[0] not in agencies:
            agencies[r[0]] = " ".join(str(r[0] or "").split()) or "No agency given"
    actions = tuple(
        ActionRecord(agencies[r[0]], r[1], states[r[2]], _local_day(r[3], tz)) for r in action_rows
    )
    return ThroughputRecords(referrals, reviews, actions)


def _referral_record(row: Any, period: Period, tz: ZoneInfo) -> ReferralRecord:
    """One referral row as the domain's record; events after the period count as not yet happened."""
    created, kind, name, harms, screened_at, discussed_at = row
    screened = screened_at if screened_at is not None and screened_at < period.end else None
    harm_types = tuple(h for h in (_enum_or_none(HarmType, str(v)) for v in harms or []) if h is not None)
    named = _enum_or_none(ContextKind, str(kind)) if str(name or "").strip() else None
    made = _local_day(created, tz) or period.since
    screened_on = _local_day(screened, tz)
    return ReferralRecord(
        made, named, harm_types, screened_on and max(screened_on, made), _local_day(discussed_at, tz)
    )
