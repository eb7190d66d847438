"""The review forms, chat-agnostically: what they show, and what people entered, validated.

Field errors are keyed by the form's field IDs (`ReviewBlock`), which the chat adapter uses as its input IDs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from bot.core.errors import InvalidInput
from bot.core.freetext import personal_data_errors, refuse_personal_data
from bot.domain.enums import ContextKind, GoalStatus, Level, Outcome
from bot.domain.framework import Framework
from bot.reviews.scales import parse_review_scales

__all__ = [
    "GOAL_CHOICES",
    "KEEP_LEVEL",
    "MAX_GOALS",
    "CloseForm",
    "CloseInput",
    "ContinueForm",
    "ContinueInput",
    "GoalPrompt",
    "ReviewBlock",
    "ReviewForm",
    "ReviewInput",
    "check_reopen_reason",
    "level_conflict",
    "parse_close",
    "parse_continue",
    "parse_review",
]

MAX_GOALS = 20
"""Goals asked about in one review form; any further goals stay as they were (and the form says so)."""

GOAL_CHOICES = (GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET)

KEEP_LEVEL = "keep"
"""The value of the form's "keep this level" tick: the level stands even though the concerns ticked differ."""


class ReviewBlock(StrEnum):
    """IDs of the review forms' fields (goal fields add the goal ID to GOAL_PREFIX)."""

    LEVEL = "review_level"
    KEEP_LEVEL = "review_keep_level"
    NARRATIVE = "review_narrative"
    NEXT_REVIEW = "review_next"
    OUTCOME = "review_outcome"
    REASON = "review_reason"
    INDICATOR_PREFIX = "review_ind_"
    GOAL_PREFIX = "review_goal_"


@dataclass(frozen=True)
class GoalPrompt:
    """An active safety goal asked about in the review form."""

    id: int
    text: str
    status: str


@dataclass(frozen=True)
class ReviewForm:
    """What the review form shows: the context, pre-filled with its latest assessment."""

    context_id: int
    ref: str
    name: str
    kind: ContextKind
    level: str
    indicator_ids: tuple[str, ...]
    goals: tuple[GoalPrompt, ...]
    last_review_id: int | None = None  # the latest review when the form opened: a later one refuses it


@dataclass(frozen=True)
class ContinueForm:
    """What the continue form shows: the review and a suggested next review date."""

    review_id: int
    ref: str
    suggested: date


@dataclass(frozen=True)
class CloseForm:
    """What the close form shows: the review and the outcome the comparison suggests."""

    review_id: int
    ref: str
    suggested: Outcome


@dataclass(frozen=True)
class ReviewInput:
    """A review as entered: level now, indicators seen now, goal statuses and what changed."""

    level: Level
    indicator_ids: tuple[str, ...]
    goal_statuses: Mapping[int, GoalStatus]
    narrative: str
    scales: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    """Goal id -> viewpoint -> where it stands now (0–10)."""


@dataclass(frozen=True)
class ContinueInput:
    """The panel continues: the next review date."""

    next_review_on: date


@dataclass(frozen=True)
class CloseInput:
    """The panel closes the context: the outcome and why."""

    outcome: Outcome
    reason: str


def parse_review(values: Mapping[str, Any], *, framework: Framework, today: date) -> ReviewInput:
    """The review form's values, validated; InvalidInput names every field that needs another look."""
    errors = personal_data_errors(values, (ReviewBlock.NARRATIVE,), today=today)
    narrative = str(values.get(ReviewBlock.NARRATIVE) or "").strip()
    if not narrative:
        errors[ReviewBlock.NARRATIVE] = "Say in a few lines what has changed."
    try:
        level = Level(str(values.get(ReviewBlock.LEVEL)))
    except ValueError:
        errors[ReviewBlock.LEVEL] = "Choose the level now."
        level = Level.UNIVERSAL
    ids: list[str] = []
    goals: dict[int, GoalStatus] = {}
    for block_id, value in values.items():
        if block_id.startswith(ReviewBlock.INDICATOR_PREFIX):
            ids += _indicators(framework, block_id, value, errors)
        elif block_id.startswith(ReviewBlock.GOAL_PREFIX):
            _goal(block_id, value, goals, errors)
    asked = [int(k[len(ReviewBlock.GOAL_PREFIX) :]) for k in values if _is_goal(k)]
    scales = parse_review_scales(values, asked, errors)
    if ReviewBlock.LEVEL not in errors and KEEP_LEVEL not in (values.get(ReviewBlock.KEEP_LEVEL) or []):
        conflict = level_conflict(framework, level, ids)
        if conflict:
            errors[ReviewBlock.LEVEL] = f"{conflict} Change the level, or tick “Keep this level” below."
    if errors:
        raise InvalidInput("Some answers need another look.", errors)
    return ReviewInput(level, tuple(sorted(set(ids))), goals, narrative, scales)


def level_conflict(framework: Framework, level: Level, indicator_ids: list[str]) -> str | None:
    """Why a chosen level contradicts the concerns ticked (lower than they are, or Complex with none)."""
    suggestion = framework.suggest_level(indicator_ids)
    for concern in (Level.COMPLEX, Level.UNIVERSAL_PLUS):
        if suggestion.by_level.get(concern) and level.rank < concern.rank:
            return f"{concern.label} concerns are ticked, but the level is {level.label}."
    if suggestion.concern_count == 0 and level is Level.COMPLEX:
        return f"No concerns are ticked, but the level is {level.label}."
    return None


def parse_continue(values: Mapping[str, Any], *, today: date) -> ContinueInput:
    """The continue form's next review date, which must come after today."""
    raw = values.get(ReviewBlock.NEXT_REVIEW)
    when = date.fromisoformat(raw) if raw else None
    if when is None or when <= today:
        raise InvalidInput(
            "Choose a next review date after today.", {ReviewBlock.NEXT_REVIEW: "Choose a date after today."}
        )
    return ContinueInput(when)


def parse_close(values: Mapping[str, Any], *, today: date) -> CloseInput:
    """The close form's outcome and reason, both required."""
    refuse_personal_data(values, (ReviewBlock.REASON,), today=today)
    reason = str(values.get(ReviewBlock.REASON) or "").strip()
    try:
        outcome = Outcome(str(values.get(ReviewBlock.OUTCOME)))
    except ValueError:
        raise InvalidInput("Choose an outcome.", {ReviewBlock.OUTCOME: "Choose an outcome."}) from None
    if not reason:
        raise InvalidInput(
            "Give the outcome and why.", {ReviewBlock.REASON: "Say why the context is closed."}
        )
    return CloseInput(outcome, reason)


def check_reopen_reason(reason: str, *, today: date) -> None:
    """Refuse a reopening reason that holds a date of birth, a full name or a home address."""
    refuse_personal_data({ReviewBlock.REASON: reason}, (ReviewBlock.REASON,), today=today)


def _indicators(framework: Framework, block_id: str, value: Any, errors: dict[str, str]) -> list[str]:
    ids: list[str] = []
    for raw in value or []:
        if framework.get(str(raw)) is None:
            errors[block_id] = f"Unknown indicator {str(raw)[:20]}."
        ids.append(framework.canonical_id(str(raw)))
    return ids


def _is_goal(block_id: str) -> bool:
    return block_id.startswith(ReviewBlock.GOAL_PREFIX) and block_id[len(ReviewBlock.GOAL_PREFIX) :].isdigit()


def _goal(block_id: str, value: Any, goals: dict[int, GoalStatus], errors: dict[str, str]) -> None:
    try:
        status = GoalStatus(str(value))
        goals[int(block_id.removeprefix(ReviewBlock.GOAL_PREFIX))] = status
    except ValueError:
        errors[block_id] = "Say whether this goal was met."
        return
    if status not in GOAL_CHOICES:
        errors[block_id] = "Say whether this goal was met."
