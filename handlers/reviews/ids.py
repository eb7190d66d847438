"""Every Slack identifier of reviews: buttons, modals, input blocks, and what modals and buttons carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.reviews.forms import ReviewBlock

__all__ = ["ContextModal", "ReviewAction", "ReviewBlock", "ReviewModal", "ReviewView"]


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
    """What the review modal carries: the context under review, and its latest review when opened."""

    context_id: int
    last_review_id: int | None = None


@dataclass(frozen=True)
class ReviewModal:
    """What the continue and close modals carry: the review decided on."""

    review_id: int
