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

from typing import Any

from sqlalchemy import Integer, String, and_, cast, exists, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from bot.domain.enums import ActionTarget, ContextKind, ReferralStatus
from bot.domain.scaleup import SystemFigures
from bot.report.records import Period, ThroughputRecords, due_by_date_counts, within
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
        ).where(within(col(Referral.created_at), period))
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
        ).where(within(col(Context.accepted_at), period))
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
    rows = session.execute(select(col(Decision.partners)).where(within(col(Decision.decided_at), period)))
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
            within(col(Decision.decided_at), period)
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
        .where(within(col(Context.accepted_at), period), col(Decision.decided_at) < period.end)
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
        ).where(within(col(Action.created_at), period))
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


def _review_counts(session: Session, period: Period) -> dict[str, int]:
    """Review and outcome figures: two aggregate queries."""
    baseline = exists().where(
        col(Assessment.context_id) == col(Review.context_id),
        col(Assessment.source) == "referral",
        _nonempty(col(Assessment.indicator_ids)),
    )
    done_row = session.execute(
        select(func.count(), _count_if(baseline)).where(within(col(Review.reviewed_at), period))
    ).one()
    outcome_row = session.execute(
        select(
            func.count(),
            _count_if(col(Review.outcome) == "safer"),
            _count_if(col(Review.outcome) == "partly_safer"),
        ).where(col(Review.outcome).is_not(None), within(col(Review.decided_at), period))
    ).one()
    return {
        "reviews_done": int(done_row[0] or 0),
        "reviews_compared_with_baseline": int(done_row[1] or 0),
        "contexts_reviewed": int(outcome_row[0] or 0),
        "contexts_safer": int(outcome_row[1] or 0),
        "contexts_partly_safer": int(outcome_row[2] or 0),
    }


def system_figures(*, session: Session, period: Period, records: ThroughputRecords) -> SystemFigures:
    """Every ``SystemFigures`` field for a period, in a fixed number of queries whatever the records.

    Figures about due dates come from ``records`` (see ``throughput_records``), whose days are local.
    """
    counts = _referral_counts(session, period) | due_by_date_counts(records, period.until)
    counts |= _context_counts(session, period)
    counts["contexts_assessed_with_partner_information"] = _partner_informed_contexts(session, period)
    counts |= _decision_partners(session, period) | _decision_counts(session, period)
    counts |= _action_counts(session, period) | _review_counts(session, period)
    return SystemFigures(**counts)
