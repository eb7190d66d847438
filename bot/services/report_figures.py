"""The system view's figures, computed from the bot's records for a period in a fixed number of queries.

A period is two local dates (``EFRP_TIMEZONE``), both included: it runs from ``since`` 00:00 to the end of
``until``. Timestamps are compared with those bounds; due dates (``due_on``, ``next_review_on``) with the
dates themselves. Whether something happened "by" a due date compares its local day with that date.

How each ``SystemFigures`` field is counted (the report's "how measured" section says the same):

- ``referrals_total``: referrals made (``created_at``) in the period. Of those:
  ``referrals_naming_context``: a non-blank context name and a context kind other than "other" (peer group,
  school, public space, online space); ``referrals_with_baseline``: at least one Context Wellbeing
  Framework indicator recorded; ``referrals_screened``: no longer waiting ("submitted"): accepted,
  declined or information asked; ``referrals_from_outside_social_care``: the referrer's agency is given
  and is not children's social care; ``referring_agencies``: distinct agency names (case and spaces
  ignored).
- Children's social care is recognised by name: an agency containing "social care" or "children's
  services" (also "childrens services"), or the word "CSC" standing alone, case-insensitively.
- ``contexts_accepted``: contexts accepted in the period. ``contexts_assessed``: of those, the panel
  recorded a decision (agreed a level) by the end of the period; ``..._with_framework``: the context has
  an assessment with framework indicators; ``..._with_focus``: a decision named what most needs to change;
  ``..._with_partner_information``: a referral into the context came from outside children's social care,
  or a decision lists an agency other than children's social care among its partners.
- ``decisions_total``: decisions (every version, amendments included) recorded in the period;
  ``..._with_goals``: at least one safety goal; ``..._with_context_actions``: an action targeting the
  context; ``..._with_social_care``: children's social care among the partners; ``..._with_young_people_
  parents_or_community``: a partner entry containing "young people", "young person", "parent",
  "community" or "resident" (the decision modal's "Young people", "Parents and carers", "Community members
  and residents"); ``deciding_agencies``: distinct other partner entries across those decisions.
- ``actions_*``: actions agreed (``created_at``) in the period, by kind and target; ``owning_agencies``:
  distinct owning agencies. ``actions_due``: actions, not withdrawn, due in the period;
  ``actions_done_by_due``: of those, done on or before the due date.
- Reviews due: the next review date each decision (not superseded by an amendment) and each decided
  review set; ``reviews_due`` counts those falling in the period, ``reviews_on_time`` those for which the
  context's next review was held on or before that date. ``reviews_done``: reviews held in the period;
  ``reviews_compared_with_baseline``: of those, the context has a baseline (indicators at referral).
- ``contexts_reviewed``: outcomes (safer / partly safer / not safer) recorded by review decisions in the
  period, each counted once; ``contexts_safer`` and ``contexts_partly_safer`` split them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, and_, cast, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from bot.domain.enums import ActionState, ActionTarget, ContextKind, HarmType, ReferralStatus
from bot.domain.scaleup import SystemFigures
from bot.domain.scaleup_throughput import ActionRecord, ReferralRecord, ReviewRecord
from storage.actions import Action
from storage.contexts import Assessment, Context
from storage.decisions import Decision, SafetyGoal
from storage.referrals import Referral
from storage.reviews import Review

SOCIAL_CARE_NAMES = ("social care", "children's services", "childrens services", "children’s services")
"""Case-insensitive parts of an agency name that mean children's social care."""
SOCIAL_CARE_WORDS = ("csc",)
"""Case-insensitive words (standing alone, as in "LBH CSC" or "Hackney (CSC)") that mean it too."""
WORD_SEPARATORS = "()[],.;:/&-"
"""Characters read as spaces when looking for a standalone word."""
COMMUNITY_VOICE_NAMES = ("young people", "young person", "parent", "community", "resident")
"""Case-insensitive parts of a partner entry that mean young people, parents or community took part."""
NAMED_KINDS = tuple(k.value for k in ContextKind if k is not ContextKind.OTHER)
EMPTY_JSON = "[]"


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


def is_social_care(agency: str) -> bool:
    """Whether an agency name means children's social care."""
    folded = agency.lower()
    if any(name in folded for name in SOCIAL_CARE_NAMES):
        return True
    for separator in WORD_SEPARATORS:
        folded = folded.replace(separator, " ")
    return any(f" {word} " in f" {folded} " for word in SOCIAL_CARE_WORDS)


def is_community_voice(entry: str) -> bool:
    """Whether a decision's partner entry is young people, parents or community members."""
    folded = entry.casefold()
    return any(name in folded for name in COMMUNITY_VOICE_NAMES)


def _social_care_sql(agency: Any) -> ColumnElement[bool]:
    """SQL: the agency column names children's social care."""
    folded = func.lower(agency)
    spaced: Any = folded
    for separator in WORD_SEPARATORS:
        spaced = func.replace(spaced, separator, " ")
    padded = literal(" ") + spaced + literal(" ")
    return or_(
        *(folded.like(f"%{name}%") for name in SOCIAL_CARE_NAMES),
        *(padded.like(f"% {word} %") for word in SOCIAL_CARE_WORDS),
    )


def _count_if(condition: Any) -> Any:
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END), as an integer."""
    return func.coalesce(func.sum(cast(condition, Integer)), 0)


def _nonempty(json_column: Any) -> ColumnElement[bool]:
    """SQL: a JSON list column holds at least one item."""
    return cast(json_column, String) != EMPTY_JSON


def _within(column: Any, period: Period) -> ColumnElement[bool]:
    """SQL: a timestamp column falls in the period."""
    return and_(column >= period.start, column < period.end)


def _referral_counts(session: Session, period: Period) -> dict[str, int]:
    """Referral figures: one aggregate query."""
    agency = func.lower(func.trim(col(Referral.referrer_agency)))
    given = agency != ""
    row = session.execute(
        select(
            func.count(),
            _count_if(
                and_(func.trim(col(Referral.context_name)) != "", col(Referral.context_kind).in_(NAMED_KINDS))
            ),
            _count_if(_nonempty(col(Referral.indicator_ids))),
            _count_if(col(Referral.status) != ReferralStatus.SUBMITTED),
            _count_if(and_(given, ~_social_care_sql(agency))),
            func.count(func.distinct(func.nullif(agency, ""))),
        ).where(_within(col(Referral.created_at), period))
    ).one()
    names = (
        "referrals_total",
        "referrals_naming_context",
        "referrals_with_baseline",
        "referrals_screened",
        "referrals_from_outside_social_care",
        "referring_agencies",
    )
    return dict(zip(names, (int(v or 0) for v in row), strict=True))


def _context_counts(session: Session, period: Period) -> dict[str, int]:
    """Accepted and assessed contexts: one aggregate query with correlated EXISTS tests."""
    ctx = col(Context.id)
    decided = exists().where(col(Decision.context_id) == ctx, col(Decision.decided_at) < period.end)
    framework = exists().where(col(Assessment.context_id) == ctx, _nonempty(col(Assessment.indicator_ids)))
    focus = exists().where(
        col(Decision.context_id) == ctx, col(Decision.decided_at) < period.end, _nonempty(col(Decision.focus))
    )
    row = session.execute(
        select(
            func.count(),
            _count_if(decided),
            _count_if(and_(decided, framework)),
            _count_if(and_(decided, focus)),
        ).where(_within(col(Context.accepted_at), period))
    ).one()
    names = (
        "contexts_accepted",
        "contexts_assessed",
        "contexts_assessed_with_framework",
        "contexts_assessed_with_focus",
    )
    return dict(zip(names, (int(v or 0) for v in row), strict=True))


def _decision_partners(session: Session, period: Period) -> dict[str, int]:
    """Partner figures of the period's decisions; the JSON partner lists are loaded in one narrow query."""
    rows = session.execute(select(col(Decision.partners)).where(_within(col(Decision.decided_at), period)))
    social = community = 0
    agencies: set[str] = set()
    for (partners,) in rows:
        entries = [" ".join(str(p).split()) for p in partners or [] if str(p).strip()]
        social += any(is_social_care(p) for p in entries)
        community += any(is_community_voice(p) for p in entries)
        agencies.update(p.casefold() for p in entries if not is_community_voice(p))
    return {
        "decisions_with_social_care": social,
        "decisions_with_young_people_parents_or_community": community,
        "deciding_agencies": len(agencies),
    }


def _decision_counts(session: Session, period: Period) -> dict[str, int]:
    """Decision figures: one aggregate query with correlated EXISTS tests."""
    goals = exists().where(col(SafetyGoal.decision_id) == col(Decision.id))
    context_actions = exists().where(
        col(Action.decision_id) == col(Decision.id), col(Action.target) == ActionTarget.CONTEXT
    )
    row = session.execute(
        select(func.count(), _count_if(goals), _count_if(context_actions)).where(
            _within(col(Decision.decided_at), period)
        )
    ).one()
    return {
        "decisions_total": int(row[0] or 0),
        "decisions_with_goals": int(row[1] or 0),
        "decisions_with_context_actions": int(row[2] or 0),
    }


def _partner_informed_contexts(session: Session, period: Period) -> int:
    """Assessed contexts accepted in the period with partner information (referral or decision partners)."""
    ctx = col(Context.id)
    outside_referral = exists().where(
        col(Referral.context_id) == ctx,
        func.trim(col(Referral.referrer_agency)) != "",
        ~_social_care_sql(col(Referral.referrer_agency)),
    )
    rows = session.execute(
        select(ctx, outside_referral, col(Decision.partners))
        .join(Decision, col(Decision.context_id) == ctx)
        .where(_within(col(Context.accepted_at), period), col(Decision.decided_at) < period.end)
    ).all()
    informed: set[int] = set()
    for context_id, from_outside, partners in rows:
        entries = [str(p) for p in partners or []]
        if from_outside or any(not is_social_care(p) and not is_community_voice(p) for p in entries):
            informed.add(int(context_id))
    return len(informed)


def _action_counts(session: Session, period: Period) -> dict[str, int]:
    """Action figures for actions agreed in the period; one aggregate query."""
    agency = func.nullif(func.lower(func.trim(col(Action.owner_agency))), "")
    agreed = session.execute(
        select(
            func.count(),
            _count_if(col(Action.kind) == "builds_safety"),
            _count_if(col(Action.kind) == "disrupts"),
            _count_if(col(Action.target) == ActionTarget.CONTEXT),
            _count_if(col(Action.target) == ActionTarget.INDIVIDUALS),
            func.count(func.distinct(agency)),
        ).where(_within(col(Action.created_at), period))
    ).one()
    names = (
        "actions_total",
        "actions_builds_safety",
        "actions_disrupts",
        "actions_context_targeted",
        "actions_individual_targeted",
        "owning_agencies",
    )
    return dict(zip(names, (int(v or 0) for v in agreed), strict=True))


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


def _review_counts(session: Session, period: Period) -> dict[str, int]:
    """Review and outcome figures: two aggregate queries."""
    baseline = exists().where(
        col(Assessment.context_id) == col(Review.context_id),
        col(Assessment.source) == "referral",
        _nonempty(col(Assessment.indicator_ids)),
    )
    done_row = session.execute(
        select(func.count(), _count_if(baseline)).where(_within(col(Review.reviewed_at), period))
    ).one()
    outcome_row = session.execute(
        select(
            func.count(),
            _count_if(col(Review.outcome) == "safer"),
            _count_if(col(Review.outcome) == "partly_safer"),
        ).where(col(Review.outcome).is_not(None), _within(col(Review.decided_at), period))
    ).one()
    return {
        "reviews_done": int(done_row[0] or 0),
        "reviews_compared_with_baseline": int(done_row[1] or 0),
        "contexts_reviewed": int(outcome_row[0] or 0),
        "contexts_safer": int(outcome_row[1] or 0),
        "contexts_partly_safer": int(outcome_row[2] or 0),
    }


def due_by_date_counts(records: ThroughputRecords) -> dict[str, int]:
    """Actions and reviews due in the period, and how many were done by their date (local days)."""
    actions = [a for a in records.actions if a.state is not ActionState.WITHDRAWN]
    return {
        "actions_due": len(actions),
        "actions_done_by_due": sum(
            1
            for a in actions
            if a.state is ActionState.DONE and a.done_on is not None and a.done_on <= a.due_on
        ),
        "reviews_due": len(records.reviews),
        "reviews_on_time": sum(_by(r.done_on, r.due_on) for r in records.reviews),
    }


def _by(done_on: date | None, due_on: date) -> bool:
    """Done on or before the due date."""
    return done_on is not None and done_on <= due_on


def system_figures(*, session: Session, period: Period, records: ThroughputRecords) -> SystemFigures:
    """Every ``SystemFigures`` field for a period, in a fixed number of queries whatever the records.

    Figures about due dates come from ``records`` (see ``throughput_records``), whose days are local.
    """
    counts = _referral_counts(session, period) | due_by_date_counts(records)
    counts |= _context_counts(session, period)
    counts["contexts_assessed_with_partner_information"] = _partner_informed_contexts(session, period)
    counts |= _decision_partners(session, period) | _decision_counts(session, period)
    counts |= _action_counts(session, period) | _review_counts(session, period)
    return SystemFigures(**counts)


def _local_day(value: datetime | None, tz: ZoneInfo) -> date | None:
    """The local date of a UTC timestamp."""
    return None if value is None else value.astimezone(tz).date()


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
        .where(_within(col(Referral.created_at), period))
        .order_by(col(Referral.created_at))
    ).all()
    referrals = tuple(_referral_record(row, period, tz) for row in referral_rows)
    dues = _review_dues(period)
    review_rows = session.execute(select(dues.c.due_on, dues.c.held_at).order_by(dues.c.due_on)).all()
    reviews = tuple(ReviewRecord(r[0], _local_day(r[1], tz)) for r in review_rows)
    action_rows = session.execute(
        select(col(Action.owner_agency), col(Action.due_on), col(Action.state), col(Action.done_at)).where(
            col(Action.due_on) >= period.since, col(Action.due_on) <= period.until
        )
    ).all()
    actions = tuple(
        ActionRecord(
            " ".join(str(r[0] or "").split()) or "No agency given",
            r[1],
            ActionState(r[2]),
            _local_day(r[3], tz),
        )
        for r in action_rows
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
