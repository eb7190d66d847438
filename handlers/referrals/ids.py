"""Every Slack identifier of referral intake and screening, in one place."""

from __future__ import annotations

from enum import StrEnum

COMMAND = "/efh-refer"
"""The slash command that opens the referral form."""

NEW_CONTEXT = "new"
"""Value of the accept modal's choice that opens a new context rather than joining an existing one."""

EXISTING_PREFIX = "context:"
"""Prefix of the accept modal's choice values that join an existing open context (followed by its ID)."""


class Callback(StrEnum):
    """callback_id of each modal."""

    REFER = "efrp_referral_form"
    ACCEPT = "efrp_screen_accept"
    DECLINE = "efrp_screen_decline"
    ASK = "efrp_screen_ask"
    ANSWER = "efrp_screen_answer"


class Button(StrEnum):
    """action_id of each button (their value carries a record ID, never user text)."""

    ACCEPT = "efrp_screen_accept"
    DECLINE = "efrp_screen_decline"
    ASK = "efrp_screen_ask"
    ANSWER = "efrp_screen_answer"


class FormField(StrEnum):
    """block_id (and action_id) of each input of the referral form."""

    KIND = "kind"
    NAME = "name"
    AREA = "area"
    DESCRIPTION = "description"
    CONCERNS = "concerns"
    INDICATORS_UP = "indicators_universal_plus"
    INDICATORS_COMPLEX = "indicators_complex"
    INDICATORS_PROTECTIVE = "indicators_protective"
    HARM_TYPES = "harm_types"
    YOUNG_PEOPLE = "young_people"
    AGENCY = "agency"
    URGENCY = "urgency"
    SHARING_BASIS = "sharing_basis"
    SHARING_REASON = "sharing_reason"


class ScreenField(StrEnum):
    """block_id (and action_id) of each input of the screening modals."""

    TARGET = "accept_target"
    DECLINE_REASON = "decline_reason"
    SIGNPOSTED_TO = "signposted_to"
    QUESTION = "question"
    ANSWER = "answer"
