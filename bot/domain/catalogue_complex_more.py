"""Complex / High Risk concerns from the seed's second Complex / High Risk table (see catalogue_data)."""

from __future__ import annotations

from bot.domain.catalogue_model import Indicator
from bot.domain.enums import IndicatorKind, Level

COMPLEX_SECOND_TABLE: tuple[Indicator, ...] = (
    Indicator(
        id="C-B-13",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Young people involved in group sexual offences",
        label="Young people involved in group sexual offences",
        protective=False,
        positive="Young people are not involved in group sexual offences",
        seed_text=("Young people involved in group sexual offences",),
    ),
    Indicator(
        id="C-B-14",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Highly problematic normalisation of illegal substances",
        label="Highly problematic normalisation of illegal substances",
        protective=False,
        positive="Illegal substance use is not treated as normal in this context",
        seed_text=("Highly problematic normalisation of illegal substances",),
    ),
    Indicator(
        id="C-B-15",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Context where a young person has been murdered",
        label="A young person has been murdered in this context",
        protective=False,
        positive=(
            "Those affected by the murder are supported, and the context is made safe from further serious "
            "violence"
        ),
        seed_text=("Context where a young person is murdered",),
    ),
    Indicator(
        id="C-B-16",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Context in which there is underage and problematic alcohol consumption alongside other risk "
            "factors, e.g. in the presence of adults of concern or at high-risk times of day"
        ),
        label="Underage drinking with other risks (adults of concern, high-risk times)",
        protective=False,
        positive=(
            "There is no underage drinking in this context, and young people are not with adults of concern "
            "or exposed at high-risk times"
        ),
        seed_text=(
            (
                "Context in which there is underage and problematic alcohol consumption, alongside other "
                "risk factors, e.g. in the presence of adults of concern/at high risk times of day"
            ),
        ),
    ),
    Indicator(
        id="C-B-17",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Serious concerns about a context where young people carry or are exposed to weapons, e.g. "
            "knives, guns, acid"
        ),
        label="Young people carry or are exposed to weapons (knives, guns, acid)",
        protective=False,
        positive="Young people neither carry nor are exposed to weapons in this context",
        seed_text=(
            (
                "Serious concerns about context where young people carry or are exposed to weapons e.g. "
                "knives, guns, acid"
            ),
        ),
    ),
    Indicator(
        id="C-B-18",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Serious concerns about young people carrying and using drugs in this context",
        label="Young people carrying and using drugs in this context",
        protective=False,
        positive="Young people are not carrying or using drugs in this context",
        seed_text=("Serious concerns about young people carrying and using drugs in this context",),
    ),
    Indicator(
        id="C-B-19",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Location in which young people are being repeatedly coerced into criminal or sexual exploitation"
        ),
        label="Young people repeatedly coerced into criminal or sexual exploitation here",
        protective=False,
        positive="Young people are not coerced into criminal or sexual exploitation at this location",
        seed_text=(
            (
                "Location in which young people are being repeatedly coerced into criminal or sexual "
                "exploitation"
            ),
        ),
    ),
    Indicator(
        id="C-B-20",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text="Location where young people are exposed to adults who pose a risk of significant harm",
        label="Young people exposed to adults who pose a risk of significant harm",
        protective=False,
        positive=(
            "Young people at this location are not exposed to adults who pose a risk of significant harm"
        ),
        seed_text=("Location where young people are exposed to adults who pose a risk of significant harm",),
    ),
    Indicator(
        id="C-B-21",
        level=Level.COMPLEX,
        kind=IndicatorKind.BEHAVIOUR,
        text=(
            "Community disorder (e.g. riots or uprisings) with implications for young people or particular "
            "locations of risk"
        ),
        label="Community disorder (e.g. riots) affecting young people or locations",
        protective=False,
        positive=(
            "Young people are kept safe during community disorder, and the locations of risk it creates are "
            "managed"
        ),
        seed_text=(
            (
                "Community disorder i.e. riots/uprising with implications for young people or particular "
                "locations of risk"
            ),
        ),
    ),
    Indicator(
        id="C-RA-06",
        level=Level.COMPLEX,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text=(
            "Adult bystanders in the community actively encourage or normalise the behaviour that has been "
            "displayed"
        ),
        label="Adult bystanders in the community encourage or normalise the behaviour",
        protective=False,
        positive="Adults in the community challenge or report the behaviour rather than encouraging it",
        seed_text=(
            (
                "Adult bystanders in the community actively encourage or normalise the behaviour that has "
                "been displayed"
            ),
        ),
    ),
    Indicator(
        id="C-RA-07",
        level=Level.COMPLEX,
        kind=IndicatorKind.ROLE_OF_ADULTS,
        text="There are no place managers with identified responsibility for, or oversight of, this context",
        label="No place managers with responsibility for or oversight of this context",
        protective=False,
        positive="Place managers with identified responsibility oversee this context",
        seed_text=("There are no place managers with identified responsibility/oversight of this context",),
    ),
    Indicator(
        id="C-S-01",
        level=Level.COMPLEX,
        kind=IndicatorKind.STRUCTURAL,
        text="There is an absence of policies or procedures to guide practice responses to the context",
        label="No policies or procedures to guide responses to the context",
        protective=False,
        positive="Policies and procedures guide how practitioners respond to this context",
        seed_text=(
            "There is an absence of policies or procedures to guide practice responses to the context",
        ),
    ),
    Indicator(
        id="C-S-02",
        level=Level.COMPLEX,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "Where safeguarding policies exist, they are not adhered to by those responsible for their "
            "implementation"
        ),
        label="Safeguarding policies exist but are not followed",
        protective=False,
        positive="Those responsible for safeguarding policies in this context implement and follow them",
        seed_text=(
            (
                "Where safeguarding policies exist, they are not adhered to by those responsible for their "
                "implementation"
            ),
        ),
    ),
    Indicator(
        id="C-S-03",
        level=Level.COMPLEX,
        kind=IndicatorKind.STRUCTURAL,
        text="There is an absence of effective behaviour policies",
        label="No effective behaviour policies",
        protective=False,
        positive="Effective behaviour policies are in place and used",
        seed_text=("There is an absence of effective behaviour policies",),
    ),
    Indicator(
        id="C-S-04",
        level=Level.COMPLEX,
        kind=IndicatorKind.STRUCTURAL,
        text=(
            "There is an absence of effective policies supporting emotional wellbeing, positive mental "
            "health and resilience"
        ),
        label="No effective policies for wellbeing, mental health and resilience",
        protective=False,
        positive=(
            "Effective policies support young people's emotional wellbeing, positive mental health and "
            "resilience"
        ),
        seed_text=(
            (
                "There is an absence of effective policies supporting emotional wellbeing, positive mental "
                "health and resilience"
            ),
        ),
    ),
)
