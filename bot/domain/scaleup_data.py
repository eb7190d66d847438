"""The Contextual Safeguarding scale-up grid as clean data with stable IDs, and how it was read from the seed.

Source: ``shared/seeds/000_*.txt``, four OCR-scrambled pages, one per domain: TARGET, a welfare-based
response (the page whose heading is lost, see ``DOMAIN_NOTES``), PARTNERSHIPS and OUTCOMES. Each page is
a table of four stage columns (REFERRAL, ASSESSMENT, PLANNING, RESPONSE) and two levels: Level 1, the
"system response to children, young people and families", and Level 2, the "system response to young
people's peers, schools and public spaces". Each level has three rows: a "not yet" baseline, a partial
(ad hoc, inconsistent) row and the achieved row. So every cell has six descriptions.

How the seed was read
---------------------
- The welfare page is tab-separated: its cells were taken column by column as they stand.
- The other three pages interleave the four columns line by line (column order varies per row). Each
  description was rebuilt by following its sentence across the interleaved fragments; every fragment of
  those pages is used once. Page rows run: Level 1 not yet, partial, achieved; then the domain and stage
  headings; then Level 2 achieved, partial, not yet.
- Cleaning keeps the seed's wording and fixes only OCR and grammar roughness (joined hyphenations,
  "Practitioners/teams/meetings" -> "Practitioners, teams and meetings", agreement, commas). Words
  supplied where the OCR dropped one, and the one truncated description, are listed in ``CELL_NOTES``.
  tests/domain/test_scaleup.py checks that every word of every description occurs in the seed.

Stable IDs
----------
A cell is ``<DOMAIN>.<STAGE>`` (e.g. ``TARGET.REFERRAL``); a description is the cell ID plus its tier
(``Tier`` values): ``.L1.NOT_YET``, ``.L1.PARTIAL``, ``.L1``, ``.L2.NOT_YET``, ``.L2.PARTIAL``, ``.L2``,
e.g. ``TARGET.REFERRAL.L1``. IDs are written literally below; never rename or reuse one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Domain(StrEnum):
    """The four things Contextual Safeguarding asks of a system, in the seed's order."""

    TARGET = "target"
    WELFARE = "welfare"
    PARTNERSHIPS = "partnerships"
    OUTCOMES = "outcomes"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.capitalize()

    @property
    def description(self) -> str:
        """The seed's statement of what the domain asks of a system."""
        return DOMAIN_DESCRIPTIONS[self]


class Stage(StrEnum):
    """The points in a system the grid looks at, in the seed's order."""

    REFERRAL = "referral"
    ASSESSMENT = "assessment"
    PLANNING = "planning"
    RESPONSE = "response"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.capitalize()

    @property
    def description(self) -> str:
        """The seed's definition of the stage."""
        return STAGE_DESCRIPTIONS[self]


class Tier(StrEnum):
    """Which of a cell's six descriptions; the value is the suffix of the description's ID."""

    L1_NOT_YET = "L1.NOT_YET"
    L1_PARTIAL = "L1.PARTIAL"
    L1 = "L1"
    L2_NOT_YET = "L2.NOT_YET"
    L2_PARTIAL = "L2.PARTIAL"
    L2 = "L2"

    @property
    def label(self) -> str:
        """Human label."""
        level = "Level 1" if self.value.startswith("L1") else "Level 2"
        if self.value.endswith("NOT_YET"):
            return f"{level}: not yet"
        return f"{level}: partly" if self.value.endswith("PARTIAL") else f"{level}: achieved"


LEVEL_1_LABEL = "Level 1: system response to children, young people and families"
LEVEL_2_LABEL = "Level 2: system response to young people's peers, schools and public spaces"

DOMAIN_NOTES: dict[Domain, str] = {
    Domain.WELFARE: (
        "The seed's heading word for this domain is not in the OCR text (its page starts at 'SCALE UP "
        "PROCESS'); 'Welfare' is taken from its statement and cells, which contrast child welfare with "
        "community safety and crime control."
    ),
}
"""What could not be recovered about a domain."""

CELL_NOTES: dict[str, str] = {
    "TARGET.PLANNING": "L1.PARTIAL: 'an' supplied ('there is not established set of ways' in the OCR).",
    "WELFARE.PLANNING": (
        "L2: the seed's text stops after 'across the'; the end of the sentence is unrecoverable and is "
        "shown as '[...]'."
    ),
    "PARTNERSHIPS.REFERRAL": "L1: 'in' supplied ('young people extra-familial spaces' in the OCR).",
    "PARTNERSHIPS.ASSESSMENT": (
        "L1.NOT_YET: 'which' supplied ('contexts in the EFH is occurring' in the OCR). L2.NOT_YET: 'for' "
        "supplied ('asked information about' in the OCR)."
    ),
    "PARTNERSHIPS.RESPONSE": "L1.NOT_YET: 'criminalising' is split across two OCR lines as 'criminal-ising'.",
}
"""Per cell: words supplied where the OCR dropped them, and text that could not be recovered."""

_GRID_TEXT = """
TARGET: The safeguarding system targets the contexts, and associated social conditions, of EFH. It achieves
    this by identifying those contexts, assessing them and, where required, intervening with them to build
    safety.
WELFARE: The local response to EFH is overseen by a safeguarding partnership with a clear role for children's
    social care in coordinating responses to significant harm in extra-familial contexts.
PARTNERSHIPS: Safeguarding responses to EFH are delivered in partnership with the people and organisations who
    can influence extra-familial contexts and relationships, including partnerships with young people and
    their families.
OUTCOMES: The safeguarding system measures the contextual impact of practice and policy responses to EFH
    alongside impacts on individual young people.
REFERRAL: The point(s) in a system where referrals for support are received/made.
ASSESSMENT: The point(s) in a system where needs, safety and risk are assessed.
PLANNING: The point(s) in a system where plans are developed, agreed and monitored.
RESPONSE: The point(s) in a system where responses are delivered.
TARGET.REFERRAL.L1.NOT_YET: Contexts associated to experiences of harm or protection are not recorded when
    young people are referred into the system, undermining their safety.
TARGET.REFERRAL.L1.PARTIAL: Practitioners, teams and meetings inconsistently log locations of harm and any
    relevant peer associations when young people are referred for support; there is no established mechanism
    for logging.
TARGET.REFERRAL.L1: The system consistently logs locations of harm and any relevant peer associations to a
    young person who has been referred into children's services.
TARGET.REFERRAL.L2.NOT_YET: Contexts associated to EFH are not identified anywhere in the safeguarding
    response to this issue.
TARGET.REFERRAL.L2.PARTIAL: Practitioners, teams and meetings inconsistently identify or flag peer groups,
    schools and locations where EFH has occurred, which at times prompts a contextual response; there is no
    established mechanism for logging or referring contexts.
TARGET.REFERRAL.L2: The system can consistently receive and screen referrals for peer groups, schools and
    locations.
TARGET.ASSESSMENT.L1.NOT_YET: Assessments for young people and families affected by EFH focus on their
    behaviour and on the capacity of their parents to safeguard them in the future.
TARGET.ASSESSMENT.L1.PARTIAL: Attempts have been made by individual practitioners to contextualise assessments
    for young people and families affected by EFH, but this is variable and is not associated to a
    service-wide approach to assessment, particularly in terms of parental capacity.
TARGET.ASSESSMENT.L1: Assessments of young people and families consider how peer, school and neighbourhood
    dynamics around them impact on parental capacity.
TARGET.ASSESSMENT.L2.NOT_YET: Contexts are not the target of welfare-based assessments in the safeguarding
    system.
TARGET.ASSESSMENT.L2.PARTIAL: Assessments of contexts are attempted in the system but often lack an agreed and
    consistent framework. Some contexts, e.g. peer groups, may be assessed while others, e.g. schools, may
    not.
TARGET.ASSESSMENT.L2: The system can consistently assess peer groups, schools and locations where young people
    are thought to be at risk of harm, and uses an agreed set of frameworks to achieve this.
TARGET.PLANNING.L1.NOT_YET: Planning meetings, and plans put in place to support young people, do not consider
    or attend to contextual factors.
TARGET.PLANNING.L1.PARTIAL: When planning support, the weight of influence that different contexts have on a
    young person is sometimes considered to prioritise interventions; there is not an established set of ways
    to achieve this, and it is not necessarily used by meeting chairs.
TARGET.PLANNING.L1: When planning support, the weight of influence that different contexts have on a young
    person is considered to prioritise interventions.
TARGET.PLANNING.L2.NOT_YET: There are no meetings or mechanisms for developing plans that target peer, school
    or neighbourhood contexts.
TARGET.PLANNING.L2.PARTIAL: The system features some efforts to coordinate plans that target contexts or
    groups associated to EFH, but there are no mechanisms in place to monitor or review these plans, or to
    record them in a consistent manner.
TARGET.PLANNING.L2: The system can coordinate plans that target contexts and groups associated to EFH to
    increase safety, and reduce risk, in contexts where young people are at risk of harm.
TARGET.RESPONSE.L1.NOT_YET: Interventions delivered to young people do not engage with contextual factors and
    may be undermined by them without reflection or further attention.
TARGET.RESPONSE.L1.PARTIAL: Interventions are delivered to young people with some recognition of contextual
    factors, but the factors themselves are not always also attended to or recommended for further work.
TARGET.RESPONSE.L1: Interventions support a young person and a family to understand contextual dynamics, and
    recommend actions to address them.
TARGET.RESPONSE.L2.NOT_YET: Interventions do not target contexts, or the social conditions of contexts that
    facilitate abuse. Instead, they target individual young people in contexts.
TARGET.RESPONSE.L2.PARTIAL: The system has coordinated, commissioned or instigated interventions designed to
    increase safety in contexts that compromise young people's welfare, but this has not happened on a
    consistent basis or via a clear mechanism: it is an ad hoc rather than common feature of safeguarding.
TARGET.RESPONSE.L2: The system can coordinate, commission or instigate interventions designed to increase
    safety in contexts that compromise young people's welfare.
WELFARE.REFERRAL.L1.NOT_YET: Young people and families affected by EFH are not recognised as in need of
    support from children's services, and referrals are not made on this basis.
WELFARE.REFERRAL.L1.PARTIAL: Referrals for some young people and families affected by EFH are received by
    children's services (for example for CSE or CCE), but other forms of EFH remain largely a concern of youth
    justice or community safety referrals.
WELFARE.REFERRAL.L1: Referrals for young people and families affected by EFH are received by children's
    services.
WELFARE.REFERRAL.L2.NOT_YET: Extra-familial contexts, if considered at all, are only referred through crime
    prevention and community safety structures.
WELFARE.REFERRAL.L2.PARTIAL: Extra-familial contexts are identified and raised by children's services
    practitioners, but a number remain primarily a concern for community safety structures.
WELFARE.REFERRAL.L2: Extra-familial contexts are referred into systems designed to protect young people (not
    solely those concerned with community safety, crime prevention or policing).
WELFARE.ASSESSMENT.L1.NOT_YET: Young people and families affected by EFH are largely screened out of
    children's social care at the point of referral and so are rarely assessed; or assessments focus on young
    people and families only and so fail to recognise the social work role in EFH.
WELFARE.ASSESSMENT.L1.PARTIAL: Assessments for young people and families affected by EFH are conducted by
    children's social care, but the language and tone of assessments can on occasion focus on crime and
    behaviour as opposed to young people's needs.
WELFARE.ASSESSMENT.L1: Assessments for young people and families affected by EFH are centred on child welfare
    and protection.
WELFARE.ASSESSMENT.L2.NOT_YET: Contexts affected by EFH are not assessed, and are responded to solely through
    a tasking mechanism or via a community safety assessment of need only.
WELFARE.ASSESSMENT.L2.PARTIAL: Children's social care contribute to assessments of extra-familial contexts,
    but overall these assessments are not always welfare-based or lack a welfare-based framework.
WELFARE.ASSESSMENT.L2: The welfare of children and young people is at the heart of system assessments of
    extra-familial contexts, rather than solely measuring the likelihood of crime or anti-social behaviour.
WELFARE.PLANNING.L1.NOT_YET: Children's social care do not play a role in planning responses to EFH; these
    cases remain largely overseen by community safety, youth justice or voluntary sector partners.
WELFARE.PLANNING.L1.PARTIAL: In some cases of significant EFH, children's social care have oversight of plans,
    but queries and inconsistencies remain: for example, the role of children's social care is unclear when
    young people affected by EFH are open to youth justice services.
WELFARE.PLANNING.L1: Planning activity for cases of EFH has the oversight of children's services.
WELFARE.PLANNING.L2.NOT_YET: Children's social care do not play any role in planning responses to contexts
    beyond families.
WELFARE.PLANNING.L2.PARTIAL: Children's social care play a role in planning around extra-familial contexts and
    may play a leadership role in relation to peer groups, but community safety and other partners retain
    ownership in a number of cases.
WELFARE.PLANNING.L2: Plans that target contexts and groups associated to EFH are convened under frameworks
    designed to coordinate support for young people and families, with a shared focus on safeguarding the
    welfare of young people across the [...]
WELFARE.RESPONSE.L1.NOT_YET: Young people affected by EFH are not in receipt of welfare-based intervention or
    support.
WELFARE.RESPONSE.L1.PARTIAL: Some welfare-based interventions are available to young people affected by EFH,
    but they are inconsistently delivered, either in terms of harm type or in terms of statutory oversight.
WELFARE.RESPONSE.L1: Interventions are focused on safeguarding the welfare of young people and families as the
    primary objective.
WELFARE.RESPONSE.L2.NOT_YET: Contexts and groups in which EFH occurs, or with which it is associated, are
    managed via criminal justice and community safety interventions only.
WELFARE.RESPONSE.L2.PARTIAL: Interventions levelled at contexts, or with groups, where there have been
    concerns about child welfare make some impact on the welfare of young people, but this is inconsistent:
    disruption, criminal justice and community safety interventions may still be dominant.
WELFARE.RESPONSE.L2: Interventions are focused on creating sustained pathways for safety in contexts, or with
    groups, where there have been concerns about child welfare: building guardianship capacity and securing
    safety in environments where young people spend their time.
PARTNERSHIPS.REFERRAL.L1.NOT_YET: Partners operating in, or with reach into, extra-familial contexts are
    unable to recognise young people as vulnerable and/or are not aware that they should raise welfare-based
    concerns. They may focus on contacting community safety.
PARTNERSHIPS.REFERRAL.L1.PARTIAL: Some partners who have contact with young people in extra-familial spaces
    are alert to the signs of EFH, can refer concerns to children's social care, and provide contextual
    information on an ad hoc basis when doing so.
PARTNERSHIPS.REFERRAL.L1: All partners who have contact with young people in extra-familial spaces are alert
    to the signs of EFH, can and do make referrals, and when doing so provide contextual information via a
    consistent referral format.
PARTNERSHIPS.REFERRAL.L2.NOT_YET: Partner agencies are not aware that they can refer contexts affected by EFH
    into children's services and/or do not know or recognise when to do this.
PARTNERSHIPS.REFERRAL.L2.PARTIAL: Some partner agencies are alert to contexts where young people are at risk
    of or affected by EFH, and have made efforts to notify children's services of these concerns.
PARTNERSHIPS.REFERRAL.L2: Partner agencies are alert to contexts where young people are at risk of or affected
    by EFH, and are supported to notify children's services of these concerns.
PARTNERSHIPS.ASSESSMENT.L1.NOT_YET: During assessments of young people and families affected by EFH, partner
    agencies are only asked for, or only provide, information on the individuals concerned instead of wider
    information about the contexts in which the EFH is occurring.
PARTNERSHIPS.ASSESSMENT.L1.PARTIAL: During assessments of young people and families affected by EFH, some
    partner agencies provide information on contexts impacting safety and risk as well as on the individuals
    affected; this is inconsistent and not always achieved.
PARTNERSHIPS.ASSESSMENT.L1: During assessments of young people and families affected by EFH, partner agencies
    provide information on contexts impacting safety and risk, as well as on the individuals affected.
PARTNERSHIPS.ASSESSMENT.L2.NOT_YET: Partner agencies that could assist in assessing a context affected by EFH
    are not included in the assessment process and/or asked for information about social and contextual
    dynamics that may be facilitating harm.
PARTNERSHIPS.ASSESSMENT.L2.PARTIAL: During assessments some partner agencies provide information and access to
    data that can be used to build a picture of safety and risk in contexts. This happens in an ad hoc fashion
    and/or there is no consistent mechanism to support it.
PARTNERSHIPS.ASSESSMENT.L2: During assessments partner agencies provide information and access to data that
    can be used to build a picture of safety and harm in contexts.
PARTNERSHIPS.PLANNING.L1.NOT_YET: Partners, including young people, parents and their wider communities, and
    those who work in extra-familial contexts, are not involved in planning support in cases of EFH: such
    partnership may not be valued and/or may not be facilitated.
PARTNERSHIPS.PLANNING.L1.PARTIAL: Partners, including young people, parents and/or wider communities, have on
    occasion been seen as partners in building contextual plans when they are affected by EFH.
PARTNERSHIPS.PLANNING.L1: Partners, including young people, parents and their wider communities, and those who
    work in extra-familial contexts, are involved in planning support in cases of EFH.
PARTNERSHIPS.PLANNING.L2.NOT_YET: Partners who have a reach into extra-familial contexts, as well as parents,
    young people and their wider communities, are not involved in building plans to increase safety in those
    contexts.
PARTNERSHIPS.PLANNING.L2.PARTIAL: Partners, including some who work in extra-familial contexts, have been
    involved in planning support to affect contexts themselves. On occasion this has involved offering
    community guardianship or safe spaces; in other cases it has been focused on disruption and dispersal.
    Young people, parents and/or wider communities may not always feature as partners.
PARTNERSHIPS.PLANNING.L2: Partners who have a reach into extra-familial contexts are involved in building
    plans to increase safety in those contexts.
PARTNERSHIPS.RESPONSE.L1.NOT_YET: Partners are largely focused on criminalising or dispersing young people
    affected by EFH, rather than seeing them as young people in need of support and/or offering interventions
    that build safety around them.
PARTNERSHIPS.RESPONSE.L1.PARTIAL: Interventions have on occasion worked with peers, parents and/or young
    people as partners in safeguarding. Some partners with a reach into extra-familial contexts have delivered
    interventions to increase safety around a young person, in an ad hoc rather than consistent fashion.
PARTNERSHIPS.RESPONSE.L1: Interventions work with peers, parents and young people as partners in safeguarding,
    and those with a reach into extra-familial contexts deliver interventions to increase safety around a
    young person.
PARTNERSHIPS.RESPONSE.L2.NOT_YET: Partners do not seek to intervene in ways that build safety in contexts.
    Interventions are largely enforcement-based, disrupt individuals and/or make environments hostile to young
    people rather than to the abuse.
PARTNERSHIPS.RESPONSE.L2.PARTIAL: Some partners who have a reach into extra-familial contexts have delivered,
    or overseen, interventions that increase the safety of extra-familial contexts, but this is ad hoc rather
    than consistent. In some instances partners request, or deliver, interventions that disperse risks rather
    than build safety.
PARTNERSHIPS.RESPONSE.L2: Partners who have a reach into extra-familial contexts deliver, or oversee,
    interventions that increase the safety of young people and reduce the risks they face.
OUTCOMES.REFERRAL.L1.NOT_YET: When young people affected by EFH are referred into children's social care, only
    individual measures of concern, risk or safety are recorded (e.g. rates of missing, exclusion, offending).
OUTCOMES.REFERRAL.L1.PARTIAL: Contextual information is sometimes recorded at the point of referral, against
    which to track contextual impact from assessment onwards; this is not formalised or system-wide, and is
    often in general notes.
OUTCOMES.REFERRAL.L1: Contextual information is recorded at the point of referral, against which to track
    contextual impact throughout the system response.
OUTCOMES.REFERRAL.L2.NOT_YET: If contexts are referred into the system at all, crime and disorder measures,
    rather than child welfare, are reported, undermining the ability to track outcomes in the future.
OUTCOMES.REFERRAL.L2.PARTIAL: At the point of referral, contextual concerns are sometimes documented. This
    provides the foundation for baseline capture; further work is required to build consistency so that a more
    accurate baseline can be generated.
OUTCOMES.REFERRAL.L2: At the point of referral, contextual concerns are documented so as to create a baseline
    against which the impact of interventions can later be measured.
OUTCOMES.ASSESSMENT.L1.NOT_YET: Assessments for young people affected by EFH do not include contextual
    measures against which to track later impact. Assessments focus on individual elements of need or risk
    against which to measure outcomes.
OUTCOMES.ASSESSMENT.L1.PARTIAL: Assessments for young people affected by EFH provide a partial baseline record
    of contextual dynamics relevant to EFH. Sometimes these elements are recorded in case notes rather than
    through a formalised and reportable assessment framework.
OUTCOMES.ASSESSMENT.L1: Assessments for young people affected by EFH record the baseline of, and later changes
    to, contextual dynamics relevant to EFH, to give an accurate account of safety.
OUTCOMES.ASSESSMENT.L2.NOT_YET: Contexts are rarely assessed and, when identified, are responded to via
    tasking interventions intended to impact the issue that prompted a referral (such as an ASB complaint), as
    opposed to assessing and then tracking child welfare in the context.
OUTCOMES.ASSESSMENT.L2.PARTIAL: Assessments of contexts provide partners with some information about why a
    context is in need of attention (guardianship, group dynamic, wider environmental factors); this has acted
    as a further baseline for tracking impact. The practice is inconsistent and/or is not supported via a
    framework.
OUTCOMES.ASSESSMENT.L2: Assessments of contexts provide partners with a route to identifying the elements of
    the context most in need of attention (guardianship, group dynamic, wider environmental factors), as a
    means of tracing impact in the system.
OUTCOMES.PLANNING.L1.NOT_YET: Plans focus on routes to changing young people's behaviour without changing the
    contexts in which those behaviours are displayed.
OUTCOMES.PLANNING.L1.PARTIAL: Some plans focus on creating sustained contextual safety for young people and
    families; others remain focused on risk reduction, or principally measure outcomes in relation to the
    actions of the young person without reference to context.
OUTCOMES.PLANNING.L1: Plans are focused on creating sustained contextual safety for young people and families.
OUTCOMES.PLANNING.L2.NOT_YET: Contexts are not the subject of detailed plans (rather, they are targeted with
    discrete interventions) and/or interventions are planned around crime prevention and community safety.
OUTCOMES.PLANNING.L2.PARTIAL: Some plans that target contexts and groups associated to EFH feature priority
    actions to address the factors in the context that most require attention, and set the ambitions for
    intervention (the change we expect to see as a result of the plan). This is ad hoc, and in some cases
    plans are focused on individuals in a context rather than the context itself.
OUTCOMES.PLANNING.L2: Plans that target contexts and groups associated to EFH are used to agree priority
    actions against the factors in the context that most require attention, and to set the ambitions for
    intervention (the change we expect to see as a result of the plan).
OUTCOMES.RESPONSE.L1.NOT_YET: The success of interventions is only measured with reference to their impact on
    individual behaviour, and do not consider how contextual factors may impact individual outcomes.
OUTCOMES.RESPONSE.L1.PARTIAL: The success of interventions is sometimes measured by whether contexts around a
    young person have become safer, and not solely the individual who features in a plan. This is ad hoc, and
    there is evidence of some success being measured in a solely individual way.
OUTCOMES.RESPONSE.L1: The success of interventions is measured by whether contexts around a young person have
    become safer, and not solely the individual who features in a plan. Their behaviour change is also
    measured in a contextually informed way.
OUTCOMES.RESPONSE.L2.NOT_YET: Interventions that target contexts are largely measured with reference to crime
    or anti-social behaviour statistics rather than in relation to child welfare.
OUTCOMES.RESPONSE.L2.PARTIAL: Some interventions are used to make contextual impact. This is sometimes
    recorded on plans; on other occasions it is more informal. Some contextual interventions are measured by
    the behaviour of individuals in the context rather than the culture and norms of the context.
OUTCOMES.RESPONSE.L2: Interventions are aimed at having contextual impact, and this is what is recorded when
    plans are reviewed. Interventions that impact individual young people, but in which contextual risks
    persist, will be insufficient.
"""
"""Domain and stage statements (``TARGET: text``, ``REFERRAL: text``) and every description (``ID: text``),
continuation lines indented; parsed into ``DOMAIN_DESCRIPTIONS``, ``STAGE_DESCRIPTIONS`` and ``CELLS``."""


@dataclass(frozen=True, slots=True)
class Description:
    """One of a cell's six descriptions, under a stable ID such as ``TARGET.REFERRAL.L1``."""

    id: str
    domain: Domain
    stage: Stage
    tier: Tier
    text: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One domain x stage cell of the grid with its six seed descriptions, in ``Tier`` order."""

    id: str
    domain: Domain
    stage: Stage
    descriptions: tuple[Description, ...]
    note: str
    """Words supplied or text lost in the OCR; empty when the cell was read cleanly."""

    def text(self, tier: Tier) -> Description:
        """The cell's description for one tier."""
        return self.descriptions[list(Tier).index(tier)]


def cell_id(domain: Domain, stage: Stage) -> str:
    """Stable ID of a cell, e.g. ``TARGET.REFERRAL``."""
    return f"{domain.name}.{stage.name}"


def _parse(block: str) -> dict[str, str]:
    """Description ID -> text, from lines ``ID: text`` with indented continuation lines."""
    texts: dict[str, str] = {}
    key = ""
    for line in block.strip().splitlines():
        if line.startswith(" "):
            texts[key] += " " + line.strip()
        else:
            key, _, text = line.partition(": ")
            if key in texts:
                raise ValueError(f"duplicate scale-up description ID {key}")
            texts[key] = text.strip()
    return texts


def _build(texts: dict[str, str]) -> tuple[Cell, ...]:
    """Every cell, domain by domain and stage by stage, taking its descriptions out of ``texts``."""
    cells = []
    for domain in Domain:
        for stage in Stage:
            cid = cell_id(domain, stage)
            descriptions = tuple(
                Description(f"{cid}.{tier.value}", domain, stage, tier, texts.pop(f"{cid}.{tier.value}"))
                for tier in Tier
            )
            cells.append(Cell(cid, domain, stage, descriptions, CELL_NOTES.get(cid, "")))
    return tuple(cells)


_TEXTS = _parse(_GRID_TEXT)
DOMAIN_DESCRIPTIONS: dict[Domain, str] = {domain: _TEXTS.pop(domain.name) for domain in Domain}
"""Each domain's own statement, from the heading cell of its page."""
STAGE_DESCRIPTIONS: dict[Stage, str] = {stage: _TEXTS.pop(stage.name) for stage in Stage}
"""Each stage's definition, from the stage headings."""
CELLS: tuple[Cell, ...] = _build(_TEXTS)
"""All 16 cells, in domain then stage order."""
if _TEXTS:
    raise ValueError(f"unknown scale-up description IDs: {sorted(_TEXTS)}")

_BY_CELL_ID = {cell.id: cell for cell in CELLS}
_BY_DESCRIPTION_ID = {d.id: d for cell in CELLS for d in cell.descriptions}


def get_cell(domain: Domain, stage: Stage) -> Cell:
    """The cell for a domain and stage."""
    return _BY_CELL_ID[cell_id(domain, stage)]


def get_description(description_id: str) -> Description:
    """A description by its stable ID; raises KeyError for an unknown ID."""
    return _BY_DESCRIPTION_ID[description_id]
