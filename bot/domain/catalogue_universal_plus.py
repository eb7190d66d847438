"""Context Wellbeing Framework data, Universal Plus (Partnership Plus) concerns (see catalogue_data)."""

from __future__ import annotations

from bot.domain.catalogue_model import Indicator
from bot.domain.enums import IndicatorKind, Level

UNIVERSAL_PLUS: tuple[Indicator, ...] = (
    Indicator(
        id="UP-B-01",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="The school has a high rate of fixed-term exclusions or managed moves",
        label="High rate of fixed-term exclusions or managed moves",
        protective=False,
        positive=(
            "Fixed-term exclusions and managed moves at the school are reduced, and young people stay in "
            "education"
        ),
        seed_text=("School has a high rate of fixed-term exclusions or managed moves",),
    ),
    Indicator(
        id="UP-B-02",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="The school has high levels of non-attendance and lateness",
        label="High levels of non-attendance and lateness at school",
        protective=False,
        positive="Young people attend school regularly and on time",
        seed_text=("School has high levels of non-attendance and lateness at school",),
    ),
    Indicator(
        id="UP-B-03",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people report high levels of bullying, including online",
        label="High levels of bullying reported, including online",
        protective=False,
        positive=(
            "Young people report little bullying, online or offline, and trust that it is dealt with when it "
            "happens"
        ),
        seed_text=("Young people report high levels of bullying, including online",),
    ),
    Indicator(
        id="UP-B-04",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people are exposed to the selling or use of illegal substances",
        label="Young people exposed to the selling or use of illegal substances",
        protective=False,
        positive="Young people are not exposed to the selling or use of illegal substances in this context",
        seed_text=("Young people are exposed to the selling or use of illegal substances",),
    ),
    Indicator(
        id="UP-B-05",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Normalisation of criminal activity or anti-social behaviour (ASB) in a group, e.g. shoplifting "
            "or public order offences"
        ),
        label="Group normalises crime or ASB (e.g. shoplifting, public order offences)",
        protective=False,
        positive="Criminal activity and anti-social behaviour are not seen as normal in the group",
        seed_text=(
            "Normalisation of criminal activity/ASB i.e. shoplifting or Public Order Offence in a group",
        ),
    ),
    Indicator(
        id="UP-B-06",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people hold victim-blaming views",
        label="Young people hold victim-blaming views",
        protective=False,
        positive="Young people do not blame those who are harmed for what happened to them",
        seed_text=("Young people hold victim-blaming views",),
    ),
    Indicator(
        id="UP-B-07",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Location where there are multiple instances of personal theft",
        label="Multiple instances of personal theft at this location",
        protective=False,
        positive="Young people are not subjected to personal theft at this location",
        seed_text=("Location where there are multiple instances of personal theft",),
    ),
    Indicator(
        id="UP-B-08",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Location where young people are exposed to single instances of violence",
        label="Young people exposed to single instances of violence at this location",
        protective=False,
        positive="Young people are not exposed to violence at this location",
        seed_text=("Location where young people are exposed to single instances of violence",),
    ),
    Indicator(
        id="UP-B-09",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Location where multiple young people congregate during missing episodes, leading to harm",
        label="Young people congregate here during missing episodes, leading to harm",
        protective=False,
        positive=(
            "Young people do not gather at this location when missing, and missing episodes do not lead to "
            "harm here"
        ),
        seed_text=(
            "Location where multiple young people congregate during missing episodes leading to harm",
        ),
    ),
    Indicator(
        id="UP-B-10",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Location where young people are aware of others carrying weapons and feel compelled to do so "
            "themselves"
        ),
        label="Young people aware of others carrying weapons, feel compelled to carry",
        protective=False,
        positive=(
            "Young people do not see others carrying weapons at this location and do not feel they need to "
            "carry one"
        ),
        seed_text=(
            (
                "Location where young people are aware of others carrying weapons and feel compelled to do "
                "so themselves"
            ),
        ),
    ),
    Indicator(
        id="UP-B-11",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Context in which there is underage and problematic alcohol consumption",
        label="Underage and problematic alcohol consumption",
        protective=False,
        positive="There is no underage or problematic drinking in this context",
        seed_text=("Context in which there is underage and problematic alcohol consumption",),
    ),
    Indicator(
        id="UP-B-12",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Multiple young people can identify the context as one in which problematic behaviours occur "
            "and/or they feel unsafe"
        ),
        label="Several young people name this context as problematic or unsafe",
        protective=False,
        positive=(
            "Young people describe this context as one where they feel safe and problematic behaviours do "
            "not occur"
        ),
        seed_text=(
            (
                "Multiple young people can identify the context as one in which problematic behaviours occur "
                "and/or they feel unsafe"
            ),
        ),
    ),
    Indicator(
        id="UP-B-13",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Peer group or context in which a number of young people repeatedly display problematic and "
            "harmful behaviours"
        ),
        label="Young people here repeatedly display problematic and harmful behaviour",
        protective=False,
        positive=(
            "Young people in this peer group or context no longer repeatedly display problematic or harmful "
            "behaviours"
        ),
        seed_text=(
            (
                "Peer group or context is one in which a number of young people repeatedly display "
                "problematic and harmful behaviours"
            ),
        ),
    ),
    Indicator(
        id="UP-B-14",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Young people have experienced or displayed instances of sexually inappropriate behaviour and "
            "language, including sexual harassment"
        ),
        label="Sexually inappropriate behaviour or language, incl. sexual harassment",
        protective=False,
        positive=(
            "Young people neither experience nor display sexually inappropriate behaviour, language or "
            "sexual harassment in this context"
        ),
        seed_text=(
            (
                "Young people have experienced or displayed instances of sexually inappropriate behaviour "
                "and language, including sexual harassment"
            ),
        ),
    ),
    Indicator(
        id="UP-B-15",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people and peers normalise and accept harm and inappropriate behaviour",
        label="Young people and peers normalise and accept harm",
        protective=False,
        positive=(
            "Young people and their peers recognise harm and inappropriate behaviour and do not accept it as "
            "normal"
        ),
        seed_text=("Young people and peers normalise and accept harm and inappropriate behaviour",),
    ),
    Indicator(
        id="UP-RA-01",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "The behaviour displayed in the context, and its impact on young people, is primarily viewed as "
            "a behavioural or criminal issue rather than a matter for safeguarding"
        ),
        label="Behaviour seen as a behavioural/criminal issue, not safeguarding",
        protective=False,
        positive=(
            "Adults treat the behaviour in this context, and its impact on young people, as a matter for "
            "safeguarding"
        ),
        seed_text=(
            (
                "The behaviour displayed in the context, and the impact on young people, is primarily viewed "
                "as a behavioural/criminal issue rather than a matter for safeguarding"
            ),
        ),
    ),
    Indicator(
        id="UP-RA-02",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "The physical locations of harmful incidents are not assessed or intervened in following "
            "incidents"
        ),
        label="Locations of harmful incidents not assessed or acted on afterwards",
        protective=False,
        positive="The places where harmful incidents happen are assessed and acted on after each incident",
        seed_text=(
            "Physical location of harmful incidents are not assessed or intervened in following incidents",
        ),
    ),
    Indicator(
        id="UP-RA-03",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Adults with responsibility only challenge individual behaviours, or respond inconsistently when "
            "aware of them"
        ),
        label="Adults only challenge individuals, or respond inconsistently",
        protective=False,
        positive=(
            "Adults with responsibility respond consistently, and address the context as well as individual "
            "behaviours"
        ),
        seed_text=(
            (
                "Adults with responsibility only challenge individual behaviours or respond inconsistently "
                "when aware of them"
            ),
        ),
    ),
    Indicator(
        id="UP-RA-04",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text="Adult guardians normalise and accept harmful behaviours",
        label="Adult guardians normalise and accept harmful behaviours",
        protective=False,
        positive="Adult guardians recognise harmful behaviours and challenge them",
        seed_text=("Adults guardians normalise and accept harmful behaviours",),
    ),
    Indicator(
        id="UP-S-01",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.STRUCTURAL,
        text="Schools respond to incidents in an individualised or isolated manner",
        label="School responds to incidents in an individualised or isolated way",
        protective=False,
        positive=(
            "The school responds to incidents in a joined-up way that addresses the context as well as "
            "individuals"
        ),
        seed_text=("Schools respond to incidents in individualised or isolated manner",),
    ),
    Indicator(
        id="UP-S-02",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "School or multi-agency professionals have limited understanding of the level and prevalence of "
            "risk due to inconsistent or unusable recording systems"
        ),
        label="Inconsistent or unusable recording limits understanding of risk",
        protective=False,
        positive=(
            "Recording systems are consistent and usable, so professionals understand the level and "
            "prevalence of risk"
        ),
        seed_text=(
            (
                "School or multi-agency professionals have limited understanding of the level/prevalence of "
                "risk due to inconsistent or unusable recording systems"
            ),
            (
                "Professionals have limited understanding of the level/prevalence of risk due to "
                "inconsistent or unusable recording systems"
            ),
        ),
    ),
    Indicator(
        id="UP-S-03",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "Policies and procedures which govern the context insufficiently guide the response required to "
            "address the issues"
        ),
        label="Policies and procedures give too little guidance on the response",
        protective=False,
        positive=(
            "Policies and procedures that govern this context clearly guide the response needed to address "
            "the issues"
        ),
        seed_text=(
            (
                "Policies and procedures which govern the context insufficiently guide the response required "
                "to address the issues"
            ),
        ),
    ),
    Indicator(
        id="UP-S-04",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.STRUCTURAL,
        text="Placement decisions (e.g. custodial arrangements) place young people at risk",
        label="Placement decisions (e.g. custodial) place young people at risk",
        protective=False,
        positive="Placement decisions, including custodial arrangements, keep young people safe",
        seed_text=("Placement decisions (i.e. custodial arrangements) place young people at risk",),
    ),
    Indicator(
        id="UP-S-05",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.STRUCTURAL,
        text="Context is one in which harmful incidents take place",
        label="Harmful incidents take place in this context",
        protective=False,
        positive="Harmful incidents no longer take place in this context",
        seed_text=("Context is one in which harmful incidents take place",),
    ),
    Indicator(
        id="UP-S-06",
        level=Level.UNIVERSAL_PLUS,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "Where relevant, design or structural elements enable safeguarding issues to go undetected, for "
            "example low lighting and overgrown bushes"
        ),
        label="Design lets harm go undetected (e.g. low lighting, overgrown bushes)",
        protective=False,
        positive=(
            "The design of the space (e.g. lighting, sightlines, planting) lets safeguarding issues be seen "
            "and addressed"
        ),
        seed_text=(
            (
                "Where relevant some design/structural elements enable safeguarding issues to go undetected, "
                "for example low lighting and overgrown bushes"
            ),
        ),
    ),
)
