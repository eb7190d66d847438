"""Slack identifiers of a record's private views: Open record, a referral's Details, and what they carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from handlers import blocks, metadata


class Button(StrEnum):
    """action_id of each button (their value carries a record ID, never user text)."""

    OPEN_RECORD = "efrp_open_record"
    REFERRAL_DETAILS = "efrp_referral_details"


class Callback(StrEnum):
    """callback_id of each read-only modal."""

    RECORD = "efrp_record_view"
    REFERRAL = "efrp_referral_view"


@dataclass(frozen=True)
class ContextRef:
    """What an Open record button carries: the context."""

    context_id: int


@dataclass(frozen=True)
class ReferralDetailsRef:
    """What a Details button carries: the referral."""

    referral_id: int


def details_button(referral_id: int) -> dict[str, Any]:
    """The Details button of a referral (panel members read it in full, privately)."""
    value = metadata.dump(ReferralDetailsRef(referral_id))
    return blocks.button("Details", Button.REFERRAL_DETAILS, value)
