"""Block Kit for reviews: the review modal, the decision modals, the summary message and its buttons."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from jinja2 import Environment

from bot.core.templating import render
from bot.domain import catalogue
from bot.domain.enums import ContextKind, GoalStatus, Level, Outcome, ReviewDecision
from bot.reviews.facts import ReviewFacts
from handlers import blocks
from handlers.mrkdwn import escape
from storage.contexts import Assessment, Context
from storage.decisions import SafetyGoal

MAX_GOALS = 20
"""Goals asked about in one review modal; any further goals stay as they were (and the modal says so)."""

LIST_LIMIT = 12
"""Indicators listed per heading in the Slack summary (the export lists them all)."""


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


class ReviewBlock(StrEnum):
    """block_ids of review modal inputs (goal blocks add the goal ID to GOAL_PREFIX)."""

    LEVEL = "review_level"
    NARRATIVE = "review_narrative"
    NEXT_REVIEW = "review_next"
    OUTCOME = "review_outcome"
    REASON = "review_reason"
    INDICATOR_PREFIX = "review_ind_"
    GOAL_PREFIX = "review_goal_"


GOAL_CHOICES = (GoalStatus.MET, GoalStatus.PARTLY_MET, GoalStatus.NOT_MET)


def review_button(context_id: int) -> dict[str, Any]:
    """The **Start review** button for an agenda item (coordinators only; others are refused)."""
    return blocks.button("Start review", ReviewAction.START, str(context_id), style="primary")


def _level_options() -> list[dict[str, Any]]:
    return [blocks.option(level.label, level.value) for level in Level]


def _indicator_select(level: Level, initial: set[str]) -> dict[str, Any]:
    """One multi-select of a level's indicators, grouped by framework column."""
    groups = [
        (label, [blocks.option(ind.label, ind.id) for ind in members])
        for label, members in catalogue.option_groups()
        if members and members[0].level is level
    ]
    return blocks.multi_select(
        f"{ReviewBlock.INDICATOR_PREFIX}{level.value}",
        groups=groups,
        initial=initial,
        placeholder="Choose what is observed now",
    )


def review_modal(context: Context, latest: Assessment | None, goals: list[SafetyGoal]) -> dict[str, Any]:
    """The review modal, pre-filled with the latest assessment so a person changes only what changed."""
    current = {catalogue.canonical_id(i) for i in (latest.indicator_ids if latest else [])}
    known = {i for i in current if catalogue.get(i) is not None}
    level = latest.level if latest else context.level
    body: list[dict[str, Any]] = [
        blocks.section(
            f"*{escape(context.ref)}*: {escape(context.name)} "
            f"({ContextKind(context.kind).label}). The indicators below are those of the latest assessment: "
            "untick what is no longer seen, add what is seen now."
        ),
        blocks.input_block(
            ReviewBlock.LEVEL, "Level now", blocks.static_select("level", _level_options(), initial=level)
        ),
    ]
    if current - known:
        body.append(
            blocks.context("Not in the current catalogue and left out: " + ", ".join(sorted(current - known)))
        )
    hints = {
        Level.UNIVERSAL: "Protective signs seen now (Universal)",
        Level.UNIVERSAL_PLUS: "Concerns seen now: Universal Plus / Universal Partnership Plus",
        Level.COMPLEX: "Concerns seen now: Complex / High Risk",
    }
    for each in Level:
        body.append(
            blocks.input_block(
                f"{ReviewBlock.INDICATOR_PREFIX}{each.value}",
                hints[each],
                _indicator_select(each, known),
                optional=True,
            )
        )
    if goals:
        body.append(blocks.section("*Safety goals*: was each one met?"))
    options = [blocks.option(s.label, s.value) for s in GOAL_CHOICES]
    for goal in goals[:MAX_GOALS]:
        initial = goal.status if goal.status in {s.value for s in GOAL_CHOICES} else None
        body.append(
            blocks.input_block(
                f"{ReviewBlock.GOAL_PREFIX}{goal.id}",
                goal.text,
                blocks.static_select("status", options, initial=initial),
            )
        )
    if len(goals) > MAX_GOALS:
        body.append(
            blocks.context(
                f"{len(goals) - MAX_GOALS} further goals keep their status; review them at the next panel."
            )
        )
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
        private_metadata={"context_id": context.id},
    )


def continue_modal(review_id: int, ref: str, suggested: date) -> dict[str, Any]:
    """Ask for the next review date when the panel continues."""
    return blocks.modal(
        ReviewView.CONTINUE,
        "Continue",
        [
            blocks.section(f"The panel keeps working with *{escape(ref)}*. When is the next review?"),
            blocks.input_block(
                ReviewBlock.NEXT_REVIEW, "Next review on", blocks.datepicker("date", initial=suggested)
            ),
        ],
        submit="Continue",
        private_metadata={"review_id": review_id},
    )


def close_modal(review_id: int, ref: str, suggested: Outcome) -> dict[str, Any]:
    """Ask for the outcome and why when the panel closes a context."""
    options = [blocks.option(o.label, o.value) for o in Outcome]
    return blocks.modal(
        ReviewView.CLOSE,
        "Close context",
        [
            blocks.section(
                f"Closing *{escape(ref)}*. Reminders for it stop. Is the context safer than at "
                "referral? (The review suggests the pre-selected answer.)"
            ),
            blocks.input_block(
                ReviewBlock.OUTCOME, "Outcome", blocks.radio("outcome", options, initial=suggested)
            ),
            blocks.input_block(
                ReviewBlock.REASON, "Why", blocks.text_input("reason", multiline=True, max_length=2000)
            ),
        ],
        submit="Close context",
        private_metadata={"review_id": review_id},
    )


def summary_text(env: Environment, facts: ReviewFacts) -> str:
    """The whole review summary as mrkdwn text (it tells the whole story without the chart)."""
    return render(
        env,
        "review_summary.md.j2",
        f=facts,
        limit=LIST_LIMIT,
        kind_label=ContextKind(facts.context.kind).label,
    )


def decided_text(env: Environment, facts: ReviewFacts) -> str:
    """The panel's decision on a review, as mrkdwn."""
    r = facts.review
    if r.decision is None:
        return ""
    return render(
        env,
        "review_decided.md.j2",
        number=facts.number,
        ref=facts.context.ref,
        decision=ReviewDecision(r.decision),
        next_review_on=r.next_review_on,
        outcome=Outcome(r.outcome) if r.outcome else None,
        reason=r.outcome_reason,
        decided_by=r.decided_by or "",
        decided_at=r.decided_at,
    )


def summary_message(env: Environment, facts: ReviewFacts) -> dict[str, Any]:
    """The summary message: the full text, then the decision buttons (or the decision once made)."""
    text = summary_text(env, facts)
    decided = decided_text(env, facts)
    body = [blocks.header(f"Review of {facts.context.ref}: {facts.context.name}")]
    body += blocks.sections(text)
    body.append(
        blocks.context(
            ":bar_chart: A chart of baseline against now follows in this thread; every "
            "figure in it is written out above."
        )
    )
    if decided:
        body.append(blocks.divider())
        body += blocks.sections(decided)
    else:
        rid = str(facts.review.id)
        body.append(
            blocks.actions(
                [
                    blocks.button("Continue", ReviewAction.CONTINUE, rid, style="primary"),
                    blocks.button(
                        "Step down to universal",
                        ReviewAction.STEP_DOWN,
                        rid,
                        confirm={
                            "title": blocks.plain("Step down?", 100),
                            "text": blocks.plain(
                                "The context leaves the panel's caseload for universal services.", 300
                            ),
                            "confirm": blocks.plain("Step down", 30),
                            "deny": blocks.plain("Cancel", 30),
                        },
                    ),
                    blocks.button("Close with outcome", ReviewAction.CLOSE, rid, style="danger"),
                ],
                block_id=f"review_decide_{rid}",
            )
        )
    full = text + ("\n\n" + decided if decided else "")
    return blocks.message(full, body)
