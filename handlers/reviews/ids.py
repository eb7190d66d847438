"""Every Slack identifier of reviews: buttons, modals, input blocks, and what modals and buttons carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.errors import NotFound
from bot.reviews.forms import ReviewBlock
from handlers.metadata import STALE

__all__ = ["ContextModal", "ReviewAction", "ReviewBlock", "ReviewModal", "ReviewView", "clicked_id"]


class ReviewAction(StrEnum):
    """action_ids of review buttons."""

    START = "review_start"
    CONTINUE = "review_continue"
    STEP_DOWN = "review_step_down"
    CLOSE = "review_close"


class ReviewView(StrEnum):
    """callback_ids of review modals."""

    REVIEW = "review_submit"
    CONTINUE = "review_continue_submit"
    CLOSE = "review_close_submit"


@dataclass(frozen=True)
class ContextModal:
    """What the review modal carries: the context under review."""

    context_id: int


@dataclass(frozen=True)
class ReviewModal:
    """What the continue and close modals carry: the review decided on."""

    review_id: int


def clicked_id(body: dict[str, Any]) -> int:
    """The record ID a review button carries (its value is the bare ID, as in messages already posted)."""
    raw = str(((body.get("actions") or [{}])[0]).get("value") or "")
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        raise NotFound(STALE)
    return int(raw)
