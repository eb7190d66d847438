"""The panel's throughput, aggregated from simple per-record tuples: monthly counts, durations and rates.

Pure aggregation for the system view (``scaleup`` judges the grid): referrals per month by context kind
and harm type, days from referral to screening and to first panel discussion, review timeliness, and
action completion and overdue rates by agency. Records hold dates, enums and agency names (organisations,
never people); nothing here reads the clock: the as-of day is always a parameter.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.enums import ActionState, ContextKind, HarmType
from bot.domain.scaleup_flow import MonthlyFlow, monthly_flow


@dataclass(frozen=True, slots=True)
class ReferralRecord:
    """One referral: day made, context kind named (None: only a child), harms, day screened, first panel."""

    created_on: date
    kind: ContextKind | None
    harm_types: tuple[HarmType, ...] = ()
    screened_on: date | None = None
    first_discussed_on: date | None = None

    def __post_init__(self) -> None:
        _to_days(self)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review: the day it was due and the day it was held (None: not yet)."""

    due_on: date
    done_on: date | None = None

    def __post_init__(self) -> None:
        _to_days(self)


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One action: the owning agency (an organisation, never a person), due day, state and day done."""

    agency: str
    due_on: date
    state: ActionState
    done_on: date | None = None

    def __post_init__(self) -> None:
        # The two date fields by name, not _to_days: the report builds one of these per action.
        if isinstance(self.due_on, datetime):
            object.__setattr__(self, "due_on", self.due_on.date())
        if isinstance(self.done_on, datetime):
            object.__setattr__(self, "done_on", self.done_on.date())
        if self.state is ActionState.DONE and self.done_on is None:
            raise ValueError("a done action needs the day it was done")


def _to_days(record: ReferralRecord | ReviewRecord | ActionRecord) -> None:
    """Reduce any datetime on a record to its date, so that days compare and subtract cleanly."""
    for name in type(record).__dataclass_fields__:  # not fields(): it rebuilds a tuple on every call
        value = getattr(record, name)
        if isinstance(value, datetime):
            object.__setattr__(record, name, value.date())


@dataclass(frozen=True, slots=True)
class MonthlyReferrals:
    """Referrals made in a month ('YYYY-MM'), by context kind and by each harm type named; zeros kept."""

    month: str
    total: int
    without_context: int
    by_kind: tuple[tuple[ContextKind, int], ...]
    by_harm: tuple[tuple[HarmType, int], ...]


@dataclass(frozen=True, slots=True)
class DurationStats:
    """Days between two events over the records with both: count, median, nearest-rank 90th percentile."""

    count: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True, slots=True)
class ReviewTimeliness:
    """Reviews due on or before the as-of day: held on time, held late, or still overdue."""

    due: int
    on_time: int
    late: int
    overdue: int
    on_time_share: float | None


@dataclass(frozen=True, slots=True)
class AgencyActions:
    """One agency's actions as of a day; withdrawn ones are counted apart and left out of the rates."""

    agency: str
    total: int
    withdrawn: int
    done: int
    done_on_time: int
    overdue: int
    completion_share: float | None
    overdue_share: float | None


@dataclass(frozen=True, slots=True)
class Throughput:
    """The panel's throughput as of a day."""

    as_of: date
    referrals_by_month: tuple[MonthlyReferrals, ...]
    to_screening: DurationStats
    to_first_discussion: DurationStats
    reviews: ReviewTimeliness
    actions_by_agency: tuple[AgencyActions, ...]
    flow: tuple[MonthlyFlow, ...] = ()
    """Referrals, screenings, first discussions, actions due and done, month by month."""


def _share_of(part: int, whole: int) -> float | None:
    """part / whole, or None when whole is zero."""
    return part / whole if whole else None


def _as_day(value: date) -> date:
    """A day, from a date or a datetime."""
    return value.date() if isinstance(value, datetime) else value


def referrals_by_month(referrals: Iterable[ReferralRecord]) -> tuple[MonthlyReferrals, ...]:
    """Referrals per calendar month, from the first month to the last, months between filled with zeros."""
    by_month: dict[tuple[int, int], list[ReferralRecord]] = {}
    for referral in referrals:
        by_month.setdefault((referral.created_on.year, referral.created_on.month), []).append(referral)
    result: list[MonthlyReferrals] = []
    year, month = min(by_month, default=(1, 1))
    while by_month and (year, month) <= max(by_month):
        batch = by_month.get((year, month), [])
        kinds = tuple((kind, sum(r.kind is kind for r in batch)) for kind in ContextKind)
        harms = tuple((harm, sum(harm in r.harm_types for r in batch)) for harm in HarmType)
        without = sum(r.kind is None for r in batch)
        result.append(MonthlyReferrals(f"{year:04d}-{month:02d}", len(batch), without, kinds, harms))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(result)


def duration_stats(days: Iterable[float]) -> DurationStats:
    """Count, median and nearest-rank 90th percentile of durations in days; None for none."""
    values = sorted(days)
    if not values:
        return DurationStats(0, None, None)
    p90 = values[math.ceil(0.9 * len(values)) - 1]
    return DurationStats(len(values), float(statistics.median(values)), float(p90))


def _delays(referrals: Iterable[ReferralRecord], event: str) -> DurationStats:
    """Days from each referral to one of its later events (a ``ReferralRecord`` field), where recorded."""
    days = []
    for referral in referrals:
        happened: date | None = getattr(referral, event)
        if happened is not None:
            if happened < referral.created_on:
                raise ValueError(f"{event} cannot come before the referral was made")
            days.append((happened - referral.created_on).days)
    return duration_stats(days)


def days_to_screening(referrals: Iterable[ReferralRecord]) -> DurationStats:
    """Days from referral to its screening decision, over screened referrals."""
    return _delays(referrals, "screened_on")


def days_to_first_discussion(referrals: Iterable[ReferralRecord]) -> DurationStats:
    """Days from referral to the context's first panel discussion, over referrals discussed."""
    return _delays(referrals, "first_discussed_on")


def review_timeliness(reviews: Iterable[ReviewRecord], as_of: date) -> ReviewTimeliness:
    """Timeliness of reviews due on or before ``as_of``; one held after ``as_of`` counts as not yet held."""
    as_of = _as_day(as_of)
    due = [r for r in reviews if r.due_on <= as_of]
    held = [r for r in due if r.done_on is not None and r.done_on <= as_of]
    on_time = sum(r.done_on is not None and r.done_on <= r.due_on for r in held)
    late = len(held) - on_time
    return ReviewTimeliness(len(due), on_time, late, len(due) - len(held), _share_of(on_time, len(due)))


def actions_by_agency(actions: Iterable[ActionRecord], as_of: date) -> tuple[AgencyActions, ...]:
    """Completion and overdue rates per agency as of a day; an action done after ``as_of`` counts as open."""
    as_of = _as_day(as_of)
    by_agency: dict[str, list[ActionRecord]] = {}
    for action in actions:
        by_agency.setdefault(action.agency, []).append(action)
    result = []
    for agency in sorted(by_agency, key=str.casefold):
        live = [a for a in by_agency[agency] if a.state is not ActionState.WITHDRAWN]
        done_flags = [
            a.state is ActionState.DONE and a.done_on is not None and a.done_on <= as_of for a in live
        ]
        done = [a for a, is_done in zip(live, done_flags, strict=True) if is_done]
        on_time = sum(a.done_on is not None and a.done_on <= a.due_on for a in done)
        overdue = sum(not is_done and a.due_on < as_of for a, is_done in zip(live, done_flags, strict=True))
        total, withdrawn = len(live), len(by_agency[agency]) - len(live)
        shares = _share_of(len(done), total), _share_of(overdue, total)
        result.append(AgencyActions(agency, total, withdrawn, len(done), on_time, overdue, *shares))
    return tuple(result)


def summarise_throughput(
    referrals: Iterable[ReferralRecord],
    reviews: Iterable[ReviewRecord],
    actions: Iterable[ActionRecord],
    as_of: date,
) -> Throughput:
    """All throughput figures for the records given, as of a day."""
    referral_list, action_list = tuple(referrals), tuple(actions)
    day = _as_day(as_of)
    return Throughput(
        day,
        referrals_by_month(referral_list),
        days_to_screening(referral_list),
        days_to_first_discussion(referral_list),
        review_timeliness(reviews, as_of),
        actions_by_agency(action_list, as_of),
        monthly_flow(
            ((r.created_on, r.screened_on, r.first_discussed_on) for r in referral_list),
            ((a.due_on, a.state, a.done_on) for a in action_list),
            day,
        ),
    )
