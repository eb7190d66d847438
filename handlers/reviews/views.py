"""Block Kit for the review modals and the agenda's Start review button."""

from __future__ import annotations

from functools import partial
from typing import Any

from bot.domain.enums import Level, Outcome
from bot.domain.framework import Framework
from bot.domain.scales import Viewpoint
from bot.reviews.forms import (
    GOAL_CHOICES,
    KEEP_LEVEL,
    MAX_GOALS,
    CloseForm,
    ContinueForm,
    GoalPrompt,
    ReviewForm,
)
from bot.reviews.scales import review_field
from handlers import blocks, metadata
from handlers.meetings.scale_views import goal_scale_blocks
from handlers.mrkdwn import escape
from handlers.reviews.ids import ContextModal, ReviewAction, ReviewBlock, ReviewModal, ReviewView

__all__ = ["close_modal", "continue_modal", "review_button", "review_modal"]

_HINTS = {
    Level.UNIVERSAL: "Protective signs seen now (Universal)",
    Level.UNIVERSAL_PLUS: "Concerns seen now: Universal Plus / Universal Partnership Plus",
    Level.COMPLEX: "Concerns seen now: Complex / High Risk",
}


def review_button(context_id: int, label: str = "Start review") -> dict[str, Any]:
    """The **Start review** button (agenda, reviews-due notice, Home): coordinators only, others refused."""
    return blocks.button(
        label,
        ReviewAction.START,
        metadata.dump(ContextModal(context_id=context_id)),
        style="primary",
    )


def review_modal(form: ReviewForm, framework: Framework) -> dict[str, Any]:
    """The review modal, pre-filled with the latest assessment so a person changes only what changed."""
    current = {framework.canonical_id(i) for i in form.indicator_ids}
    known = {i for i in current if framework.get(i) is not None}
    body: list[dict[str, Any]] = [
        blocks.section(
            f"*{escape(form.ref)}*: {escape(form.name)} "
            f"({form.kind.label}). The indicators below are those of the latest assessment: "
            "untick what is no longer seen, add what is seen now."
        ),
        blocks.input_block(
            ReviewBlock.LEVEL,
            "Level now",
            blocks.static_select("level", _level_options(), initial=form.level),
            hint="Pre-filled with the level the panel last agreed.",
        ),
    ]
    if current - known:
        body.append(
            blocks.context("Not in the current catalogue and left out: " + ", ".join(sorted(current - known)))
        )
    for each in Level:
        body.append(
            blocks.input_block(
                f"{ReviewBlock.INDICATOR_PREFIX}{each.value}",
                _HINTS[each],
                _indicator_select(framework, each, known),
                optional=True,
            )
        )
    body.append(_keep_level_block())
    body += _goal_blocks(form.goals)
    body.append(
        blocks.input_block(
            ReviewBlock.NARRATIVE,
            "What has changed, in a few lines",
            blocks.text_input(
                "narrative",
                multiline=True,
                max_length=3000,
                placeholder="Use case references for young people, never names",
            ),
        )
    )
    return blocks.modal(
        ReviewView.REVIEW,
        "Review context",
        body,
        submit="Record review",
        private_metadata=ContextModal(form.context_id, form.last_review_id),
    )


def continue_modal(form: ContinueForm) -> dict[str, Any]:
    """Ask for the next review date when the panel continues."""
    return blocks.modal(
        ReviewView.CONTINUE,
        "Continue",
        [
            blocks.section(f"The panel keeps working with *{escape(form.ref)}*. When is the next review?"),
            blocks.input_block(
                ReviewBlock.NEXT_REVIEW, "Next review on", blocks.datepicker("date", initial=form.suggested)
            ),
        ],
        submit="Continue",
        private_metadata=ReviewModal(form.review_id),
    )


def close_modal(form: CloseForm) -> dict[str, Any]:
    """Ask for the outcome and why when the panel closes a context."""
    options = [blocks.option(o.label, o.value) for o in Outcome]
    return blocks.modal(
        ReviewView.CLOSE,
        "Close context",
        [
            blocks.section(
                f"Closing *{escape(form.ref)}*. Reminders for it stop. Is the context safer than at "
                "referral? (The review suggests the pre-selected answer.)"
            ),
            blocks.input_block(
                ReviewBlock.OUTCOME, "Outcome", blocks.radio("outcome", options, initial=form.suggested)
            ),
            blocks.input_block(
                ReviewBlock.REASON, "Why", blocks.text_input("reason", multiline=True, max_length=2000)
            ),
        ],
        submit="Close context",
        private_metadata=ReviewModal(form.review_id),
    )


def _keep_level_block() -> dict[str, Any]:
    """The tick that keeps a level the form questioned because it contradicts the concerns ticked."""
    keep = blocks.option("Keep this level even if it differs from the concerns ticked", KEEP_LEVEL)
    return blocks.input_block(
        ReviewBlock.KEEP_LEVEL, "Level check", blocks.checkboxes("keep", [keep]), optional=True
    )


def _level_options() -> list[dict[str, Any]]:
    return [blocks.option(level.label, level.value) for level in Level]


def _indicator_select(framework: Framework, level: Level, initial: set[str]) -> dict[str, Any]:
    """One multi-select of a level's indicators, grouped by framework column."""
    groups = [
        (label, [blocks.option(ind.label, ind.id) for ind in members])
        for label, members in framework.option_groups()
        if members and members[0].level is level
    ]
    return blocks.multi_select(
        f"{ReviewBlock.INDICATOR_PREFIX}{level.value}",
        groups=groups,
        initial=initial,
        placeholder="Choose what is observed now",
    )


def _scale_field(goal_id: int, viewpoint: Viewpoint) -> str:
    return review_field(viewpoint, goal_id)


def _goal_blocks(goals: tuple[GoalPrompt, ...]) -> list[dict[str, Any]]:
    """One status select per goal asked about, and a note on any beyond the form's limit."""
    body: list[dict[str, Any]] = []
    if goals:
        body.append(
            blocks.section(
                "*Safety goals*: was each one met, and where does it stand now, 0–10 (0: the harm is "
                "happening and nothing protects; 10: the goal is fully met and holding)? The panel's score "
                "is needed; the others if known."
            )
        )
    options = [blocks.option(s.label, s.value) for s in GOAL_CHOICES]
    for n, goal in enumerate(goals[:MAX_GOALS], start=1):
        initial = goal.status if goal.status in {s.value for s in GOAL_CHOICES} else None
        body.append(
            blocks.input_block(
                f"{ReviewBlock.GOAL_PREFIX}{goal.id}",
                goal.text,
                blocks.static_select("status", options, initial=initial),
            )
        )
        body += goal_scale_blocks(goal.text, n, partial(_scale_field, goal.id), {}, panel_required=True)
    if len(goals) > MAX_GOALS:
        body.append(
            blocks.context(
                f"{len(goals) - MAX_GOALS} further goals keep their status; review them at the next panel."
            )
        )
    return body
