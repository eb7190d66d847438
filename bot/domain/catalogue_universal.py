"""Context Wellbeing Framework data, Universal level: protective signs (see catalogue_data for provenance)."""

from __future__ import annotations

from bot.domain.catalogue_model import Indicator
from bot.domain.enums import IndicatorKind, Level

UNIVERSAL: tuple[Indicator, ...] = (
    Indicator(
        id="U-B-01",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Young people, and where present, staff and/or other appropriate adults in the context, report "
            "friendship groups to be supportive and age-appropriate"
        ),
        label="Friendship groups are supportive and age-appropriate",
        protective=True,
        positive=None,
        seed_text=(
            (
                "Young people, and where present, staff and/or other appropriate adults in a context report "
                "friendship groups to be supportive and age-appropriate friends"
            ),
        ),
    ),
    Indicator(
        id="U-B-02",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people state that they feel safe in this context",
        label="Young people say they feel safe in this context",
        protective=True,
        positive=None,
        seed_text=("Young people state that they feel safe in this context",),
    ),
    Indicator(
        id="U-B-03",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Young people report that they are exposed to a range of ideas and opportunities that give them "
            "choices about their lives"
        ),
        label="Young people have ideas and opportunities that give them choices",
        protective=True,
        positive=None,
        seed_text=(
            (
                "Young people report they are exposed to a range of ideas and opportunities to give them "
                "choices about their lives"
            ),
        ),
    ),
    Indicator(
        id="U-B-04",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people are aware of safeguarding responses",
        label="Young people are aware of safeguarding responses",
        protective=True,
        positive=None,
        seed_text=("Young people are aware of safeguarding responses",),
    ),
    Indicator(
        id="U-B-05",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Young people and staff (if present) report that sexual behaviour in the context is "
            "developmentally appropriate"
        ),
        label="Sexual behaviour in the context is developmentally appropriate",
        protective=True,
        positive=None,
        seed_text=(
            (
                "Young people and staff (if present) report that sexual behaviour is developmentally "
                "appropriate in context"
            ),
        ),
    ),
    Indicator(
        id="U-B-06",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people report that relationships are socially acceptable, consensual and reciprocal",
        label="Relationships are socially acceptable, consensual and reciprocal",
        protective=True,
        positive=None,
        seed_text=(
            "Young people report that relationships are socially acceptable, consensual and reciprocal",
        ),
    ),
    Indicator(
        id="U-RA-01",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text="Engagement in a multi-agency approach to safeguarding",
        label="Adults engage in a multi-agency approach to safeguarding",
        protective=True,
        positive=None,
        seed_text=("Engagement in a multi-agency approach to safeguarding",),
    ),
    Indicator(
        id="U-RA-02",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text="Appropriate guardianship and oversight are in place",
        label="Appropriate guardianship and oversight are in place",
        protective=True,
        positive=None,
        seed_text=("Appropriate guardianship and oversight is in place",),
    ),
    Indicator(
        id="U-RA-03",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Adults and/or peers take an active and consistent approach to being community guardians, and "
            "feel equipped and empowered to protect the context"
        ),
        label="Adults/peers act as community guardians, equipped to protect the context",
        protective=True,
        positive=None,
        seed_text=(
            (
                "Adults and/or peers take an active and consistent approach to being community guardians – "
                "and feel equipped and empowered to protect the context"
            ),
        ),
    ),
    Indicator(
        id="U-RA-04",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Young people feel confident to access multiple trusted adults who provide a protective role "
            "within the community"
        ),
        label="Young people can turn to several trusted adults in the community",
        protective=True,
        positive=None,
        seed_text=(
            (
                "Young people feel confident to access multiple trusted adults who provide a protective role "
                "within the community"
            ),
        ),
    ),
    Indicator(
        id="U-RA-05",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text="Schools consider safeguarding both on the school site and in the local neighbourhood",
        label="School considers safeguarding on site and in the local neighbourhood",
        protective=True,
        positive=None,
        seed_text=("Schools consider safeguarding in both the school site and local neighbourhood",),
    ),
    Indicator(
        id="U-RA-06",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text="The school has a designated mental health lead",
        label="School has a designated mental health lead",
        protective=True,
        positive=None,
        seed_text=("School has a designated Mental Health lead",),
    ),
    Indicator(
        id="U-S-01",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "The school delivers PSHE (personal, social, health and economic education) and RSE "
            "(relationships and sex education)"
        ),
        label="School delivers PSHE and RSE",
        protective=True,
        positive=None,
        seed_text=("School delivers PSHE and RSE",),
    ),
    Indicator(
        id="U-S-02",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "Safeguarding and referral policies (where relevant) include the physical design of the space "
            "and data to monitor trends"
        ),
        label="Policies cover the design of the space and use data to monitor trends",
        protective=True,
        positive=None,
        seed_text=(
            (
                "Safeguarding and referral policies (where relevant) include physical design of space and "
                "data to monitor trends"
            ),
        ),
    ),
    Indicator(
        id="U-S-03",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.STRUCTURAL,
        text="Placement decisions are made with relational, physical and psychological safety in mind",
        label="Placements made with relational, physical and psychological safety in mind",
        protective=True,
        positive=None,
        seed_text=(
            "Placement decisions are made with relational, physical and psychological safety in mind",
        ),
    ),
    Indicator(
        id="U-S-04",
        level=Level.UNIVERSAL,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "For businesses, the licensing application and review process demonstrates attention to and "
            "compliance with safeguarding requirements"
        ),
        label="Business licensing shows attention to safeguarding requirements",
        protective=True,
        positive=None,
        seed_text=(
            (
                "For businesses, licensing application and review process demonstrates attention to and "
                "compliance with safeguarding requirements"
            ),
        ),
    ),
)
