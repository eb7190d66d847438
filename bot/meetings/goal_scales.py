"""The decision form's scales: where each safety goal stands now (0–10), per viewpoint; the block budget."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import partial
from typing import Any

from bot.domain.scales import Viewpoint
from bot.reviews.scales import read_scores

SCALE_PREFIX = "decision_scale_"
MODAL_BLOCKS = 100
"""Slack's limit on the blocks of one modal."""
FIXED_BLOCKS = 12
"""Blocks the decision form always has: heading, level, focus, goals, the goals check, the scales' button
and heading, more actions, divider, partners, note, next review."""
ROW_BLOCKS = 8
GOAL_BLOCKS = len(Viewpoint)
NOTE_BLOCKS = 1
"""A note saying some goals' scales did not fit."""


def scale_field(viewpoint: Viewpoint, goal: str) -> str:
    """The ID of one viewpoint's scale for one goal, named by the goal's text so it follows the goal."""
    digest = hashlib.sha256(goal.encode()).hexdigest()[:12]
    return f"{SCALE_PREFIX}{viewpoint.value}_{digest}"


def goal_lines(raw: object) -> list[str]:
    """The goals typed, one per line, empty lines left out."""
    return [line.strip() for line in str(raw or "").splitlines() if line.strip()]


def scalable(goals: int, rows: int) -> int:
    """How many goals get scales in a form with `rows` action rows, inside Slack's block limit."""
    room = MODAL_BLOCKS - FIXED_BLOCKS - ROW_BLOCKS * rows
    if goals * GOAL_BLOCKS <= room:
        return goals
    return max(0, (room - NOTE_BLOCKS) // GOAL_BLOCKS)


def room_for_rows(goals: int, most: int) -> int:
    """The most action rows a form can hold beside the scales of `goals` goals (at least one)."""
    room = MODAL_BLOCKS - FIXED_BLOCKS - GOAL_BLOCKS * goals
    return max(1, min(most, room // ROW_BLOCKS))


def prefill(latest: Mapping[str, Mapping[str, int]], goals: list[str]) -> dict[str, str]:
    """The scales pre-filled with each goal's latest scores (an amendment starts from where things stood)."""
    out: dict[str, str] = {}
    for goal in goals:
        for viewpoint, score in (latest.get(goal) or {}).items():
            out[scale_field(Viewpoint(viewpoint), goal)] = str(score)
    return out


def parse_scales(
    values: Mapping[str, Any], goals: tuple[str, ...], errors: dict[str, str], *, goals_field: str
) -> dict[str, dict[str, int]]:
    """Each goal's scores (goal -> viewpoint -> 0–10); the panel's is required; unscored goals named."""
    out: dict[str, dict[str, int]] = {}
    unscored: list[int] = []
    for n, goal in enumerate(goals, start=1):
        if scale_field(Viewpoint.PANEL, goal) not in values:
            unscored.append(n)
            continue
        out[goal] = read_scores(values, partial(scale_field, goal=goal), errors)
    if unscored and goals_field not in errors:
        which = ", ".join(str(n) for n in unscored)
        has = f"Goal {which} has" if len(unscored) == 1 else f"Goals {which} have"
        errors[goals_field] = (
            f"{has} no scale yet: press “Show scales for these goals”, then choose where each stands now "
            "(0–10)."
        )
    return out
