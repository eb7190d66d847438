"""Block Kit for the scales of safety goals (0–10 per viewpoint), shared by the decision and review forms."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from bot.domain.scales import QUESTION, SCORES, Viewpoint, option_label
from bot.meetings.forms import Field
from bot.meetings.goal_scales import GOAL_BLOCKS, goal_lines, scalable, scale_field
from handlers import blocks
from handlers.meetings.ids import Button

SCALES_BLOCK = "decision_show_scales"


def scale_select(initial: str | None) -> blocks.Block:
    """A 0–10 select, its two ends worded."""
    options = [blocks.option(option_label(n), str(n)) for n in SCORES]
    return blocks.static_select("v", options, initial=initial, placeholder="0–10")


def goal_scale_blocks(
    goal: str,
    number: int,
    field_of: Callable[[Viewpoint], str],
    values: Mapping[str, Any],
    *,
    panel_required: bool = False,
) -> list[blocks.Block]:
    """The three scales of one goal: the panel's (needed) and the two optional viewpoints.

    The decision form leaves the panel's optional to Slack (a goal deleted from the text keeps its scales
    until they are redrawn) and names a missing one itself.
    """
    out: list[blocks.Block] = []
    for viewpoint in Viewpoint:
        key = field_of(viewpoint)
        typed = values.get(key)
        label = (
            f"Goal {number}, {viewpoint.label}: {goal[:150]}"
            if viewpoint is Viewpoint.PANEL
            else f"Goal {number}, {viewpoint.label} (if known)"
        )
        panel = viewpoint is Viewpoint.PANEL
        out.append(
            blocks.input_block(
                key,
                label,
                scale_select(str(typed) if typed else None),
                optional=not (panel and panel_required),
                hint="Needed for every goal." if panel and not panel_required else None,
            )
        )
    return out


def decision_scales(values: Mapping[str, Any], rows: int) -> list[blocks.Block]:
    """The button that draws scales for the goals as typed, the question, and each goal's scales."""
    goals = goal_lines(values.get(Field.GOALS))
    shown = scalable(len(goals), rows)
    body: list[blocks.Block] = [
        blocks.actions(
            [blocks.button("Show scales for these goals", Button.SCALE_GOALS, "scales")],
            block_id=SCALES_BLOCK,
        ),
        blocks.context(f"*{QUESTION}*. The panel's score is needed for every goal; the others if known."),
    ]
    for n, goal in enumerate(goals[:shown], start=1):
        body += goal_scale_blocks(goal, n, partial(_field, goal), values)
    if shown < len(goals):
        body.append(
            blocks.context(
                f"The scales of {len(goals) - shown} more goals do not fit beside this many actions: "
                "save fewer actions now and add the rest with *Amend decision*."
            )
        )
    return body


def _field(goal: str, viewpoint: Viewpoint) -> str:
    return scale_field(viewpoint, goal)


def count_goal_blocks(goals: Sequence[str]) -> int:
    """Blocks the scales of some goals take."""
    return GOAL_BLOCKS * len(goals)
