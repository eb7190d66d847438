"""Every Slack identifier of referral intake and screening, and what its modals and buttons carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.referrals.forms import EXISTING_PREFIX, NEW_CONTEXT, FormField, ScreenField
from handlers import metadata

__all__ = [
    "COMMAND",
    "EXISTING_PREFIX",
    "NEW_CONTEXT",
    "SHORTCUT",
    "Button",
    "Callback",
    "FormField",
    "QuestionRef",
    "ReferralRef",
    "ScreenField",
    "clicked_question",
    "clicked_referral",
]

COMMAND = "/efh-refer"
"""The slash command that opens the referral form."""

SHORTCUT = "efrp_refer_shortcut"
"""callback_id of the global shortcut "Refer a context" (as declared in manifest.yml), the same form."""


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


@dataclass(frozen=True)
class ReferralRef:
    """What a screening button and a screening modal carry: the referral (a modal: its latest question)."""

    referral_id: int
    last_question_id: int | None = None  # a question asked after the modal opened refuses it


@dataclass(frozen=True)
class QuestionRef:
    """What the Answer button and the answer modal carry: the coordinator's question."""

    request_id: int


def clicked_referral(body: dict[str, Any]) -> ReferralRef:
    """The referral a screening button names."""
    legacy = _bare_id(body)
    return ReferralRef(legacy) if legacy else metadata.from_button(ReferralRef, body)


def clicked_question(body: dict[str, Any]) -> QuestionRef:
    """The question an Answer button names."""
    legacy = _bare_id(body)
    return QuestionRef(legacy) if legacy else metadata.from_button(QuestionRef, body)


def _bare_id(body: dict[str, Any]) -> int | None:
    # Posts made before buttons carried metadata hold the bare record ID; they stay clickable.
    raw = str((body.get("actions") or [{}])[0].get("value") or "")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 2**63 else None
