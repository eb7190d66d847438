"""Complex / High Risk concerns from the seed's first Complex table ("Universal Plus/etc" and its repeat).

See catalogue_data for how those mislabelled, duplicated rows were resolved.
"""

from __future__ import annotations

from bot.domain.catalogue_model import Indicator
from bot.domain.enums import IndicatorKind, Level

COMPLEX_FIRST_TABLE: tuple[Indicator, ...] = (
    Indicator(
        id="C-B-01",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="The school has a high rate of permanent exclusion over a long-term period",
        label="High rate of permanent exclusion over a long period",
        protective=False,
        positive="Permanent exclusions at the school fall, and young people remain in education",
        seed_text=("School has a high rate of permanent exclusion over a long-term period",),
    ),
    Indicator(
        id="C-B-02",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Instances of sexual abuse or sexual violence within the school or other context",
        label="Sexual abuse or violence in the school or other context",
        protective=False,
        positive="There is no sexual abuse or sexual violence in this school or context",
        seed_text=("Instances of sexual abuse/violence within school or other context",),
    ),
    Indicator(
        id="C-B-03",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Young people groomed into sexual or criminal exploitation, as either victim or instigator, at "
            "school, through school-based networks or in other contexts"
        ),
        label="Young people groomed into sexual or criminal exploitation",
        protective=False,
        positive=(
            "Young people are not groomed into sexual or criminal exploitation, at school, through "
            "school-based networks or in this context"
        ),
        seed_text=(
            (
                "Young people groomed into sexual or criminal exploitation as either victim or instigator at "
                "school, through school-based networks or other contexts"
            ),
        ),
    ),
    Indicator(
        id="C-B-04",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Non-consensual, harmful sharing of sexual images",
        label="Non-consensual harmful sharing of sexual images",
        protective=False,
        positive="Sexual images of young people are not shared without consent",
        seed_text=("Non-consensual harmful sharing of sexual images",),
    ),
    Indicator(
        id="C-B-05",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Multiple instances or a pattern of suicide and/or significant self-harm",
        label="Multiple instances or a pattern of suicide and/or significant self-harm",
        protective=False,
        positive=(
            "No further suicide or significant self-harm occurs, and young people are supported in their "
            "emotional wellbeing"
        ),
        seed_text=("Multiple or a pattern of suicide and/or significant self-harm",),
    ),
    Indicator(
        id="C-B-06",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Young people have been intentionally victimised by peers or adults using significant grooming, "
            "coercion or force"
        ),
        label="Intentional victimisation by grooming, coercion or force",
        protective=False,
        positive=(
            "Young people are not victimised, groomed, coerced or forced by peers or adults in this context"
        ),
        seed_text=(
            (
                "Young people have been intentionally victimised by peers or adults using significant "
                "grooming, coercion or force"
            ),
        ),
    ),
    Indicator(
        id="C-B-07",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Peer bystanders in the context actively encourage or normalise highly problematic behaviours "
            "(e.g. victimisation, criminality)"
        ),
        label="Peer bystanders encourage or normalise victimisation or criminality",
        protective=False,
        positive=(
            "Peers in this context challenge or report highly problematic behaviour rather than encouraging "
            "it"
        ),
        seed_text=(
            (
                "Peer bystanders in the context actively encourage or normalise highly problematic "
                "behaviours (i.e. victimisation, criminality)"
            ),
        ),
    ),
    Indicator(
        id="C-B-08",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Young people are exposed to physically violent, highly intrusive behaviours, which may at times "
            "appear sadistic in nature"
        ),
        label="Exposed to physically violent, highly intrusive (even sadistic) behaviour",
        protective=False,
        positive=(
            "Young people are not exposed to physically violent or highly intrusive behaviour in this context"
        ),
        seed_text=(
            (
                "Young people are exposed to physically violent, highly intrusive behaviours, which may at "
                "times appear sadistic in nature"
            ),
        ),
    ),
    Indicator(
        id="C-B-09",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Significant harm occurring because young people avoid the context or school in order to stay "
            "safe"
        ),
        label="Significant harm as young people avoid the context/school to stay safe",
        protective=False,
        positive="Young people do not need to avoid this context or school to stay safe",
        seed_text=(
            (
                "Significant harm occurring due to young people avoiding the context/school in order to stay "
                "safe"
            ),
        ),
    ),
    Indicator(
        id="C-B-10",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="A peer group in which serious harmful sexual behaviour takes place",
        label="Serious harmful sexual behaviour within a peer group",
        protective=False,
        positive="Serious harmful sexual behaviour no longer takes place in this peer group",
        seed_text=("A peer group in which serious harmful sexual behaviour takes place",),
    ),
    Indicator(
        id="C-B-11",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Peer recruitment of young people into criminal exploitation at school, in the local area or "
            "between students (e.g. online)"
        ),
        label="Peers recruit young people into criminal exploitation",
        protective=False,
        positive=(
            "Young people are not recruited by peers into criminal exploitation, whether at school, locally "
            "or online"
        ),
        seed_text=(
            (
                "Peer recruitment of young people into criminal exploitation at school, in the local area or "
                "between students i.e. online"
            ),
        ),
    ),
    Indicator(
        id="C-B-12",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people commit crimes together, causing them imminent or significant risk of harm",
        label="Offending together puts young people at imminent or significant risk",
        protective=False,
        positive="Young people in this group are not offending together or put at risk of harm through it",
        seed_text=("Young people commit crimes together causing them imminent or significant risk of harm",),
    ),
    Indicator(
        id="C-RA-01",
        level=Level.COMPLEX,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Staff or adults have normalised the behaviour being displayed, or blamed those being harmed for "
            "what has happened"
        ),
        label="Staff/adults normalise the behaviour or blame those harmed",
        protective=False,
        positive=(
            "Staff and adults recognise the behaviour as harmful and support, rather than blame, those who "
            "are harmed"
        ),
        seed_text=(
            (
                "Staff/adults have normalised the behaviour being displayed or blamed those being harmed for "
                "what has happened"
            ),
        ),
    ),
    Indicator(
        id="C-RA-02",
        level=Level.COMPLEX,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text="Adults with responsibility hold victim-blaming views",
        label="Adults with responsibility hold victim-blaming views",
        protective=False,
        positive=(
            "Adults with responsibility do not blame those who are harmed, and respond to them with support"
        ),
        seed_text=("Adults with responsibility hold victim-blaming views",),
    ),
    Indicator(
        id="C-RA-03",
        level=Level.COMPLEX,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Adults with responsibility have failed to identify and/or challenge the behaviours or attitudes "
            "which put young people at risk of harm"
        ),
        label="Responsible adults fail to identify or challenge harmful behaviour",
        protective=False,
        positive=(
            "Adults with responsibility identify and challenge the behaviours and attitudes that put young "
            "people at risk of harm"
        ),
        seed_text=(
            (
                "Adults with responsibility have failed to identify and/or challenge the behaviours or "
                "attitudes which put young people at risk of harm"
            ),
        ),
    ),
    Indicator(
        id="C-RA-04",
        level=Level.COMPLEX,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Adults with responsibility are reluctant to engage with partner organisations to address the "
            "concerns in this context"
        ),
        label="Responsible adults reluctant to work with partner organisations",
        protective=False,
        positive=(
            "Adults with responsibility work with partner organisations to address the concerns in this "
            "context"
        ),
        seed_text=(
            (
                "Adults with responsibility are reluctant to engage with partner organisations to address "
                "the concerns in this context"
            ),
        ),
    ),
    Indicator(
        id="C-RA-05",
        level=Level.COMPLEX,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Place managers have failed to identify and/or challenge the behaviours or attitudes which put "
            "young people at risk of harm"
        ),
        label="Place managers fail to identify or challenge harmful behaviour",
        protective=False,
        positive=(
            "Place managers identify and challenge the behaviours and attitudes that put young people at "
            "risk of harm"
        ),
        seed_text=(
            (
                "Place managers have failed to identify and/or challenge the behaviours or attitudes which "
                "put young people at risk of harm"
            ),
        ),
    ),
)
