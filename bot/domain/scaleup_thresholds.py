"""Every threshold the scale-up judgement uses, in one place, each with why it sits where it does.

How a cell is judged (``bot.domain.scaleup.judge_cell``), using the cell's ``CellRule`` below:

1. Fewer than ``MIN_SAMPLE`` records under the cell's main measure: **not yet evidenced** (too few records
   to judge anything, whatever the share).
2. Main measure below its ``seen`` threshold: **Level 1**. The bot records context work, so it cannot see
   Level 1 practice (work with children and families) directly: a cell with enough records but too little
   Level 2 practice is read as a system still working at Level 1 there.
3. Main measure at or above ``seen`` but below ``consistent``: **Level 2 practice seen**.
4. Main measure at or above ``consistent`` and every ``supporting`` measure at or above its threshold, each
   resting on at least ``MIN_SAMPLE`` records: **consistently Level 2**. Otherwise it stays at "seen".

Every comparison is "at or above" (``>=``). Shares are compared exactly as fractions (8 of 10 meets 0.8).
A share whose denominator is zero is "no evidence", never 0%. Each measure is defined in ``MEASURES``
(which ``SystemFigures`` counts it divides), so what is compared with what can be read here in full.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Threshold:
    """A documented minimum a measure must reach, under a stable key such as ``TARGET.REFERRAL.seen``."""

    key: str
    measure: str
    """Name of the measure it applies to (empty for the minimum-sample rule, which applies to all)."""
    minimum: float
    """A share between 0 and 1, or a count (records, distinct agencies)."""
    is_share: bool
    why: str


@dataclass(frozen=True, slots=True)
class CellRule:
    """How one cell is judged: what evidences it, and the thresholds its main and supporting measures meet."""

    evidence: str
    """Why these measures evidence the cell, in terms of the seed's descriptions."""
    seen: Threshold
    consistent: Threshold
    supporting: tuple[Threshold, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureDef:
    """What a measure counts: a share (numerator fields summed, over a denominator field) or a count."""

    label: str
    numerator: tuple[str, ...]
    denominator: str | None
    """None for a count (e.g. distinct agencies); the field names are ``SystemFigures`` fields."""
    sample: str
    """The field whose value is the number of records the measure rests on (the minimum-sample rule)."""


def _ratio(label: str, numerator: str, denominator: str) -> MeasureDef:
    """A share: numerator records of the denominator's."""
    return MeasureDef(label, (numerator,), denominator, denominator)


MEASURES: dict[str, MeasureDef] = {
    "referrals_naming_context": _ratio(
        "Referrals naming a context", "referrals_naming_context", "referrals_total"
    ),
    "referrals_screened": _ratio("Referrals screened", "referrals_screened", "referrals_total"),
    "referrals_from_partners": _ratio(
        "Referrals from outside children's social care",
        "referrals_from_outside_social_care",
        "referrals_total",
    ),
    "referrals_with_baseline": _ratio(
        "Referrals with a baseline", "referrals_with_baseline", "referrals_total"
    ),
    "referring_agencies": MeasureDef(
        "Distinct referring agencies", ("referring_agencies",), None, "referrals_total"
    ),
    "contexts_assessed": _ratio("Accepted contexts assessed", "contexts_assessed", "contexts_accepted"),
    "assessments_using_framework": _ratio(
        "Assessments using the framework", "contexts_assessed_with_framework", "contexts_assessed"
    ),
    "assessments_naming_focus": _ratio(
        "Assessments naming what most needs to change", "contexts_assessed_with_focus", "contexts_assessed"
    ),
    "assessments_with_partner_information": _ratio(
        "Assessments with partner information",
        "contexts_assessed_with_partner_information",
        "contexts_assessed",
    ),
    "decisions_with_context_actions": _ratio(
        "Decisions with a context-targeted action", "decisions_with_context_actions", "decisions_total"
    ),
    "decisions_with_goals": _ratio("Decisions with safety goals", "decisions_with_goals", "decisions_total"),
    "decisions_with_social_care": _ratio(
        "Decisions with children's social care", "decisions_with_social_care", "decisions_total"
    ),
    "decisions_with_community_voice": _ratio(
        "Decisions informed by young people, parents or community",
        "decisions_with_young_people_parents_or_community",
        "decisions_total",
    ),
    "deciding_agencies": MeasureDef(
        "Distinct deciding agencies", ("deciding_agencies",), None, "decisions_total"
    ),
    "actions_context_targeted": _ratio(
        "Actions targeting the context", "actions_context_targeted", "actions_total"
    ),
    "actions_individual_targeted": _ratio(
        "Actions targeting individuals", "actions_individual_targeted", "actions_total"
    ),
    "actions_building_safety": _ratio("Actions building safety", "actions_builds_safety", "actions_total"),
    "actions_disrupting": _ratio("Actions disrupting", "actions_disrupts", "actions_total"),
    "actions_delivered_on_time": _ratio("Due actions done on time", "actions_done_by_due", "actions_due"),
    "owning_agencies": MeasureDef(
        "Distinct agencies owning actions", ("owning_agencies",), None, "actions_total"
    ),
    "reviews_on_time": _ratio("Reviews held on time", "reviews_on_time", "reviews_due"),
    "reviews_compared_with_baseline": _ratio(
        "Reviews compared with the baseline", "reviews_compared_with_baseline", "reviews_done"
    ),
    "contexts_improved": MeasureDef(
        "Reviewed contexts safer or partly safer",
        ("contexts_safer", "contexts_partly_safer"),
        "contexts_reviewed",
        "contexts_reviewed",
    ),
    "contexts_safer": _ratio("Reviewed contexts safer", "contexts_safer", "contexts_reviewed"),
}
"""Measure name -> definition. Cell rules and judgements name measures by these keys."""

SAMPLE_NOUNS: dict[str, str] = {
    "referrals_total": "referrals",
    "contexts_accepted": "accepted contexts",
    "contexts_assessed": "assessed contexts",
    "decisions_total": "decisions",
    "actions_total": "actions",
    "actions_due": "actions due",
    "reviews_due": "reviews due",
    "reviews_done": "reviews held",
    "contexts_reviewed": "reviewed contexts",
}
"""How the records under each sample field are called in explanations."""

CELL_EXTRAS: dict[str, tuple[str, ...]] = {
    "TARGET.RESPONSE": ("actions_individual_targeted",),
    "WELFARE.RESPONSE": ("actions_disrupting",),
    "OUTCOMES.RESPONSE": ("contexts_safer",),
}
"""Figures shown with a cell for context, without a threshold of their own."""

MIN_SAMPLE = Threshold(
    "MIN_SAMPLE",
    "",
    3,
    False,
    "Fewer than three records cannot show a pattern: one or two referrals, decisions or actions say more "
    "about a single case than about the system, and a share of 1 of 2 would swing from 0% to 100% on one "
    "record. Below three a cell is 'not yet evidenced' and a supporting measure cannot confirm consistency.",
)

SHARE_SEEN = 0.25
_SEEN_WHY = (
    "One record in four. The seed's partial Level 2 rows describe practice that happens 'sometimes', 'on "
    "occasion', 'ad hoc': more than an isolated instance, less than routine. A quarter shows it happening as "
    "practice rather than once; less is read as Level 1."
)
SHARE_CONSISTENT = 0.8
_CONSISTENT_WHY = (
    "Four records in five. The seed's achieved Level 2 rows say the system does this 'consistently'; 80% "
    "allows the occasional exception (an urgent case recorded later, a record still in progress when the "
    "period ends) but not routine gaps."
)
AGENCIES_SEEN = 2
_AGENCIES_SEEN_WHY = (
    "Two distinct agencies. One agency acting alone (often children's social care) is not a partnership; a "
    "second agency is the first sign of the 'some partner agencies' in the seed's partial Level 2 rows."
)
AGENCIES_CONSISTENT = 4
_AGENCIES_CONSISTENT_WHY = (
    "Four distinct agencies. The panel draws on social care, police, education, health, youth justice, "
    "community safety and the voluntary sector; four shows the work does not rest on one or two partners, "
    "while allowing that not every agency takes part in every period."
)


def _share(key: str, measure: str, minimum: float, why: str) -> Threshold:
    """A share threshold."""
    return Threshold(key, measure, minimum, True, why)


def _count(key: str, measure: str, minimum: int, why: str) -> Threshold:
    """A count threshold."""
    return Threshold(key, measure, minimum, False, why)


def _standard(cell: str, measure: str, evidence: str, *supporting: Threshold) -> CellRule:
    """A cell judged on a share with the standard 'seen' and 'consistent' thresholds."""
    return CellRule(
        evidence,
        _share(f"{cell}.seen", measure, SHARE_SEEN, _SEEN_WHY),
        _share(f"{cell}.consistent", measure, SHARE_CONSISTENT, _CONSISTENT_WHY),
        supporting,
    )


def _agencies(cell: str, measure: str, evidence: str, *supporting: Threshold) -> CellRule:
    """A cell judged on a count of distinct agencies."""
    return CellRule(
        evidence,
        _count(f"{cell}.seen", measure, AGENCIES_SEEN, _AGENCIES_SEEN_WHY),
        _count(f"{cell}.consistent", measure, AGENCIES_CONSISTENT, _AGENCIES_CONSISTENT_WHY),
        supporting,
    )


def _supporting(cell: str, measure: str, minimum: float = SHARE_CONSISTENT, why: str = "") -> Threshold:
    """A supporting share a cell needs for 'consistently Level 2'."""
    return _share(f"{cell}.{measure}", measure, minimum, why or _CONSISTENT_WHY)


CELL_RULES: dict[str, CellRule] = {
    "TARGET.REFERRAL": _standard(
        "TARGET.REFERRAL",
        "referrals_naming_context",
        "Level 2 is receiving and screening referrals for peer groups, schools and locations: referrals that "
        "name a context (not only a child), and screening of every referral for consistency.",
        _supporting("TARGET.REFERRAL", "referrals_screened"),
    ),
    "TARGET.ASSESSMENT": _standard(
        "TARGET.ASSESSMENT",
        "contexts_assessed",
        "Level 2 is assessing peer groups, schools and locations with an agreed framework: accepted contexts "
        "the panel assessed, and for consistency assessments that used the Context Wellbeing Framework.",
        _supporting("TARGET.ASSESSMENT", "assessments_using_framework"),
    ),
    "TARGET.PLANNING": _standard(
        "TARGET.PLANNING",
        "decisions_with_context_actions",
        "Level 2 is plans that target contexts; the partial row lacks ways to monitor or review them: "
        "decisions with a context-targeted action, and for consistency reviews held on time.",
        _supporting("TARGET.PLANNING", "reviews_on_time"),
    ),
    "TARGET.RESPONSE": CellRule(
        "Level 2 is interventions designed to increase safety in contexts rather than only targeting "
        "individual young people: actions that target the context.",
        _share("TARGET.RESPONSE.seen", "actions_context_targeted", SHARE_SEEN, _SEEN_WHY),
        _share(
            "TARGET.RESPONSE.consistent",
            "actions_context_targeted",
            0.5,
            "Half of actions. The panel also rightly agrees support for individual young people (Level 1 "
            "work alongside Level 2), so consistency is context actions being the main business, not nearly "
            "all of it.",
        ),
    ),
    "WELFARE.REFERRAL": CellRule(
        "Level 2 is contexts referred into a system designed to protect young people, not left to community "
        "safety; the partial row has contexts raised mainly by children's services practitioners: the share "
        "of referrals into this welfare panel from agencies other than children's social care.",
        _share("WELFARE.REFERRAL.seen", "referrals_from_partners", SHARE_SEEN, _SEEN_WHY),
        _share(
            "WELFARE.REFERRAL.consistent",
            "referrals_from_partners",
            0.5,
            "Half of referrals. Social care stays a natural main referrer, but when half come from police, "
            "schools, community safety and others, contexts those agencies know are routed into the welfare "
            "system rather than kept in their own structures.",
        ),
    ),
    "WELFARE.ASSESSMENT": _standard(
        "WELFARE.ASSESSMENT",
        "assessments_using_framework",
        "Level 2 puts child welfare at the heart of assessing contexts, with a welfare-based framework "
        "rather than a tasking or crime assessment: assessments using the Context Wellbeing Framework.",
    ),
    "WELFARE.PLANNING": _standard(
        "WELFARE.PLANNING",
        "decisions_with_social_care",
        "Level 2 convenes plans for contexts under child-welfare frameworks with children's social care "
        "taking part: decisions children's social care took part in, and for consistency decisions that set "
        "safety goals (the welfare change expected), not crime targets.",
        _supporting("WELFARE.PLANNING", "decisions_with_goals"),
    ),
    "WELFARE.RESPONSE": CellRule(
        "Level 2 is interventions that build guardianship and safety; in the partial row disruption may "
        "still dominate: actions that build safety rather than disrupt.",
        _share("WELFARE.RESPONSE.seen", "actions_building_safety", SHARE_SEEN, _SEEN_WHY),
        _share(
            "WELFARE.RESPONSE.consistent",
            "actions_building_safety",
            0.75,
            "Three actions in four. The partial row lets disruption 'still be dominant'; consistency needs "
            "building safety clearly dominant, leaving room for the disruption a panel may still agree.",
        ),
    ),
    "PARTNERSHIPS.REFERRAL": _agencies(
        "PARTNERSHIPS.REFERRAL",
        "referring_agencies",
        "Level 2 is partner agencies alert to contexts and supported to notify children's services: the "
        "number of distinct agencies that referred.",
    ),
    "PARTNERSHIPS.ASSESSMENT": _standard(
        "PARTNERSHIPS.ASSESSMENT",
        "assessments_with_partner_information",
        "Level 2 is partner agencies providing information and data to build a picture of safety and harm "
        "in contexts: assessments that drew on information from a partner agency.",
    ),
    "PARTNERSHIPS.PLANNING": _agencies(
        "PARTNERSHIPS.PLANNING",
        "deciding_agencies",
        "Level 2 is partners with reach into contexts building the plans; the partial row notes young "
        "people, parents and communities may not feature: distinct agencies contributing to decisions, and "
        "for consistency decisions informed by young people, parents or community members.",
        _supporting(
            "PARTNERSHIPS.PLANNING",
            "decisions_with_community_voice",
            0.25,
            "One decision in four. Young people, parents and communities rarely sit on a panel, so their "
            "recorded views count; a quarter shows their part is regular, not the exception the partial "
            "row describes.",
        ),
    ),
    "PARTNERSHIPS.RESPONSE": _agencies(
        "PARTNERSHIPS.RESPONSE",
        "owning_agencies",
        "Level 2 is partners delivering or overseeing interventions that increase safety; in the partial "
        "row some disperse risk instead: distinct agencies owning actions, and for consistency actions that "
        "build safety and actions delivered by their due date.",
        _supporting(
            "PARTNERSHIPS.RESPONSE",
            "actions_building_safety",
            0.5,
            "Half of actions. Partners' actions should mostly build safety rather than disperse risk; a "
            "majority is the least that shows it.",
        ),
        _supporting(
            "PARTNERSHIPS.RESPONSE",
            "actions_delivered_on_time",
            0.75,
            "Three due actions in four done by their date. Delivery is what the achieved row asks of "
            "partners; the bot chases overdue actions, so slippage beyond a quarter is routine, not chance.",
        ),
    ),
    "OUTCOMES.REFERRAL": _standard(
        "OUTCOMES.REFERRAL",
        "referrals_with_baseline",
        "Level 2 documents contextual concerns at referral as the baseline for measuring impact: referrals "
        "that recorded the context's indicators.",
    ),
    "OUTCOMES.ASSESSMENT": _standard(
        "OUTCOMES.ASSESSMENT",
        "assessments_naming_focus",
        "Level 2 assessments identify what in the context most needs attention (guardianship, group "
        "dynamic, environment); the partial row is not supported by a framework: assessments naming that "
        "focus, and for consistency assessments using the Context Wellbeing Framework.",
        _supporting("OUTCOMES.ASSESSMENT", "assessments_using_framework"),
    ),
    "OUTCOMES.PLANNING": _standard(
        "OUTCOMES.PLANNING",
        "decisions_with_goals",
        "Level 2 plans set the ambitions for intervention (the change expected) and agree priority actions "
        "on the context; the partial row has plans focused on individuals: decisions with safety goals, and "
        "for consistency decisions with a context-targeted action.",
        _supporting("OUTCOMES.PLANNING", "decisions_with_context_actions"),
    ),
    "OUTCOMES.RESPONSE": _standard(
        "OUTCOMES.RESPONSE",
        "reviews_compared_with_baseline",
        "Level 2 records contextual impact when plans are reviewed, and impact on individuals alone while "
        "contextual risk persists is insufficient: reviews compared with the baseline, and for consistency "
        "reviewed contexts that became safer or partly safer.",
        _supporting(
            "OUTCOMES.RESPONSE",
            "contexts_improved",
            0.5,
            "Half of reviewed contexts. Contexts change slowly and some close without improving, so half "
            "is a modest bar; below it, the panel's work is not yet making contexts safer as a rule.",
        ),
    ),
}
"""Cell ID -> how it is judged. Every one of the 16 cells has a rule (checked by the tests)."""
