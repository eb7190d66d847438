"""Shared vocabulary of the panel: every enum the bot stores or shows, with its human label."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """The three levels of the Context Wellbeing Framework, lowest first."""

    UNIVERSAL = "universal"
    UNIVERSAL_PLUS = "universal_plus"
    COMPLEX = "complex"

    @property
    def rank(self) -> int:
        """Order of severity: 0 universal, 1 universal plus, 2 complex/high risk."""
        return _LEVEL_RANK[self]

    @property
    def label(self) -> str:
        """Human label."""
        return _LEVEL_LABEL[self]


_LEVEL_RANK = {Level.UNIVERSAL: 0, Level.UNIVERSAL_PLUS: 1, Level.COMPLEX: 2}
_LEVEL_LABEL = {
    Level.UNIVERSAL: "Universal",
    Level.UNIVERSAL_PLUS: "Universal Plus / Universal Partnership Plus",
    Level.COMPLEX: "Complex / High Risk",
}


class IndicatorKind(StrEnum):
    """Which column of the framework an indicator comes from."""

    BEHAVIOUR = "behaviour"  # Behaviours/Indicators
    ROLE_OF_ADULTS = "role_of_adults"  # Experiences/Contexts: Role of Adults
    STRUCTURAL = "structural"  # Experiences/Contexts: Procedural, Systemic and Structural Factors

    @property
    def label(self) -> str:
        """Human label."""
        return {
            IndicatorKind.BEHAVIOUR: "Behaviours / indicators",
            IndicatorKind.ROLE_OF_ADULTS: "Role of adults",
            IndicatorKind.STRUCTURAL: "Procedural, systemic and structural factors",
        }[self]


class ContextKind(StrEnum):
    """What sort of context the panel works on."""

    PEER_GROUP = "peer_group"
    SCHOOL = "school"
    PUBLIC_SPACE = "public_space"
    ONLINE = "online"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            ContextKind.PEER_GROUP: "Peer group",
            ContextKind.SCHOOL: "School or education setting",
            ContextKind.PUBLIC_SPACE: "Public space or location",
            ContextKind.ONLINE: "Online space",
            ContextKind.OTHER: "Other",
        }[self]


class HarmType(StrEnum):
    """Types of extra-familial harm."""

    CSE = "cse"
    CCE = "cce"
    SERIOUS_YOUTH_VIOLENCE = "syv"
    HARMFUL_SEXUAL_BEHAVIOUR = "hsb"
    ONLINE_HARM = "online"
    RADICALISATION = "radicalisation"
    MISSING_TRAFFICKING = "missing"
    SUBSTANCE_MISUSE = "substance"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            HarmType.CSE: "Child sexual exploitation (CSE)",
            HarmType.CCE: "Child criminal exploitation (CCE, county lines)",
            HarmType.SERIOUS_YOUTH_VIOLENCE: "Serious youth violence",
            HarmType.HARMFUL_SEXUAL_BEHAVIOUR: "Harmful sexual behaviour",
            HarmType.ONLINE_HARM: "Online harm",
            HarmType.RADICALISATION: "Radicalisation / extremism",
            HarmType.MISSING_TRAFFICKING: "Missing / trafficking",
            HarmType.SUBSTANCE_MISUSE: "Substance misuse",
            HarmType.OTHER: "Other",
        }[self]


class Urgency(StrEnum):
    """RAG urgency a referrer gives."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        """Human label with its meaning."""
        return {
            Urgency.RED: "Red: serious harm now or imminent; needs screening today",
            Urgency.AMBER: "Amber: significant concern; screen within a few days",
            Urgency.GREEN: "Green: emerging concern; next panel is fine",
        }[self]


class SharingBasis(StrEnum):
    """Lawful basis on which information about the context was shared."""

    CONSENT = "consent"
    SAFEGUARDING = "safeguarding"  # DPA 2018 Sch. 1 para 18, without consent

    @property
    def label(self) -> str:
        """Human label."""
        return {
            SharingBasis.CONSENT: "Consent",
            SharingBasis.SAFEGUARDING: "Safeguarding without consent (DPA 2018 Sch. 1 para 18)",
        }[self]


class ReferralStatus(StrEnum):
    """Where a referral is in screening."""

    SUBMITTED = "submitted"
    INFO_REQUESTED = "info_requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            ReferralStatus.SUBMITTED: "Waiting for screening",
            ReferralStatus.INFO_REQUESTED: "More information asked of the referrer",
            ReferralStatus.ACCEPTED: "Accepted",
            ReferralStatus.DECLINED: "Declined",
        }[self]


class ContextState(StrEnum):
    """Lifecycle of a context once accepted."""

    OPEN = "open"
    STEPPED_DOWN = "stepped_down"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            ContextState.OPEN: "Open",
            ContextState.STEPPED_DOWN: "Stepped down",
            ContextState.CLOSED: "Closed",
        }[self]


class Focus(StrEnum):
    """What most needs to change in a context."""

    GUARDIANSHIP = "guardianship"
    PEER_DYNAMICS = "peer_dynamics"
    ENVIRONMENT = "environment"
    POLICY = "policy"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            Focus.GUARDIANSHIP: "Guardianship / role of adults",
            Focus.PEER_DYNAMICS: "Peer-group dynamics",
            Focus.ENVIRONMENT: "The physical environment",
            Focus.POLICY: "Policies and procedures",
        }[self]


class ActionKind(StrEnum):
    """Whether an action builds safety or disrupts/enforces."""

    BUILDS_SAFETY = "builds_safety"
    DISRUPTS = "disrupts"

    @property
    def label(self) -> str:
        """Human label."""
        return {ActionKind.BUILDS_SAFETY: "Builds safety", ActionKind.DISRUPTS: "Disrupts / enforces"}[self]


class ActionTarget(StrEnum):
    """Whether an action targets the context or individual young people."""

    CONTEXT = "context"
    INDIVIDUALS = "individuals"

    @property
    def label(self) -> str:
        """Human label."""
        return {ActionTarget.CONTEXT: "The context", ActionTarget.INDIVIDUALS: "Individual young people"}[
            self
        ]


class ActionState(StrEnum):
    """Lifecycle of an action."""

    OPEN = "open"
    DONE = "done"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            ActionState.OPEN: "Open",
            ActionState.DONE: "Done",
            ActionState.WITHDRAWN: "Withdrawn",
        }[self]


class WithdrawnBecause(StrEnum):
    """Why coordinators closed an action as not done: only "not delivered" counts against the agency."""

    CIRCUMSTANCES_CHANGED = "circumstances_changed"
    NOT_DELIVERED = "not_delivered"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            WithdrawnBecause.CIRCUMSTANCES_CHANGED: "Circumstances changed (not counted against the agency)",
            WithdrawnBecause.NOT_DELIVERED: "Not delivered by the agency",
        }[self]


class GoalStatus(StrEnum):
    """A safety goal's status at a review."""

    OPEN = "open"
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            GoalStatus.OPEN: "Open",
            GoalStatus.MET: "Met",
            GoalStatus.PARTLY_MET: "Partly met",
            GoalStatus.NOT_MET: "Not met",
        }[self]


class MeetingState(StrEnum):
    """Lifecycle of a panel meeting."""

    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            MeetingState.SCHEDULED: "Scheduled",
            MeetingState.HELD: "Held",
            MeetingState.CANCELLED: "Cancelled",
        }[self]


class ReviewDecision(StrEnum):
    """What the panel decides after a review."""

    CONTINUE = "continue"
    STEP_DOWN = "step_down"
    CLOSE = "close"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            ReviewDecision.CONTINUE: "Continue (next review)",
            ReviewDecision.STEP_DOWN: "Step down to universal services",
            ReviewDecision.CLOSE: "Close with an outcome",
        }[self]


class Outcome(StrEnum):
    """Whether a closed context became safer."""

    SAFER = "safer"
    PARTLY_SAFER = "partly_safer"
    NOT_SAFER = "not_safer"

    @property
    def label(self) -> str:
        """Human label."""
        return {Outcome.SAFER: "Safer", Outcome.PARTLY_SAFER: "Partly safer", Outcome.NOT_SAFER: "Not safer"}[
            self
        ]
