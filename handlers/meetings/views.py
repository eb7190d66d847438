"""The decision modal in Block Kit, pre-filled from a `DecisionDraft` and from what was typed so far."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.domain.agencies import OTHER, Agencies
from bot.domain.enums import ActionKind, ActionTarget, Focus, Level
from bot.meetings.forms import (
    FIRST_ACTION_ROWS,
    KEEP_GOALS,
    MAX_ACTION_ROWS,
    PARTNERS,
    DecisionDraft,
    Field,
    partner_value,
    prefill,
    row_field,
)
from bot.meetings.goal_scales import goal_lines, room_for_rows
from handlers import blocks
from handlers.meetings.ids import Button, Callback, DecisionMeta
from handlers.meetings.scale_views import decision_scales
from handlers.mrkdwn import escape

ADD_ACTION_BLOCK = "decision_add_action"


def decision_modal(
    draft: DecisionDraft,
    agencies: Agencies,
    *,
    rows: int = FIRST_ACTION_ROWS,
    typed: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The Record/Amend decision modal with `rows` action rows, showing what was typed (over the draft)."""
    rows = max(1, min(rows, MAX_ACTION_ROWS))
    values = {**prefill(draft), **(typed or {})}
    body = _decision_blocks(draft, values)
    body += decision_scales(values, rows)
    for n in range(1, rows + 1):
        body += _action_row(n, values, agencies)
    body.append(
        _more_actions(draft, rows, room_for_rows(len(goal_lines(values.get(Field.GOALS))), MAX_ACTION_ROWS))
    )
    body += _closing_blocks(values)
    meta = DecisionMeta(draft.context_id, draft.meeting_id, draft.current_id, rows)
    title = "Amend decision" if draft.current_version else "Record decision"
    return blocks.modal(Callback.DECISION, title, body, submit="Save decision", private_metadata=meta)


def _text(values: Mapping[str, Any], field: str) -> str | None:
    value = values.get(field)
    return str(value) if value else None


def _day(values: Mapping[str, Any], field: str) -> date | None:
    value = values.get(field)
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _decision_blocks(draft: DecisionDraft, values: Mapping[str, Any]) -> list[blocks.Block]:
    about = (
        f"Amending version {draft.current_version} of the decision."
        if draft.current_version
        else "First decision for this context."
    )
    return [
        blocks.section(f"*{escape(draft.ref)}* · {escape(draft.name)}\n" + about),
        blocks.input_block(
            Field.LEVEL,
            "Agreed level",
            blocks.static_select(
                "v", [blocks.option(lv.label, lv.value) for lv in Level], initial=_text(values, Field.LEVEL)
            ),
        ),
        blocks.input_block(
            Field.FOCUS,
            "What most needs to change",
            blocks.checkboxes(
                "v", [blocks.option(f.label, f.value) for f in Focus], initial=values.get(Field.FOCUS) or ()
            ),
        ),
        blocks.input_block(
            Field.GOALS,
            "Safety goals (one per line)",
            blocks.text_input("v", multiline=True, initial=_text(values, Field.GOALS)),
            optional=True,
            hint="Suggested from the concerns observed, restated as the change we hope to see. Edit freely.",
        ),
        _keep_goals_block(values),
    ]


def _keep_goals_block(values: Mapping[str, Any]) -> blocks.Block:
    """The tick that keeps goals the form questioned because they read as activities, not changes."""
    keep = blocks.option("Keep the goals as written, even where one reads as an activity", KEEP_GOALS)
    kept = values.get(Field.KEEP_GOALS) or ()
    return blocks.input_block(
        Field.KEEP_GOALS, "Goals check", blocks.checkboxes("v", [keep], initial=kept), optional=True
    )


def _agency_options(agencies: Agencies) -> list[dict[str, Any]]:
    return [blocks.option(a, a) for a in agencies.names] + [blocks.option("Other (name it below)", OTHER)]


def _action_row(n: int, values: Mapping[str, Any], agencies: Agencies) -> list[blocks.Block]:
    kinds = [blocks.option(k.label, k.value) for k in ActionKind]
    targets = [blocks.option(t.label, t.value) for t in ActionTarget]

    def field(name: Field) -> str:
        return row_field(name, n)

    return [
        blocks.section(f"*Action {n}*" + (" (leave empty if not needed)" if n == 1 else "")),
        blocks.input_block(
            field(Field.WHAT),
            "What",
            blocks.text_input("v", max_length=1000, initial=_text(values, field(Field.WHAT))),
            optional=True,
        ),
        blocks.input_block(
            field(Field.OWNER),
            "Owner",
            blocks.users_select("v", initial=_text(values, field(Field.OWNER))),
            optional=True,
        ),
        blocks.input_block(
            field(Field.AGENCY),
            "Owner's agency",
            blocks.static_select("v", _agency_options(agencies), initial=_text(values, field(Field.AGENCY))),
            optional=True,
        ),
        blocks.input_block(
            field(Field.AGENCY_OTHER),
            "Other agency",
            blocks.text_input("v", max_length=120, initial=_text(values, field(Field.AGENCY_OTHER))),
            optional=True,
            hint="Only if the agency is not on the list.",
        ),
        blocks.input_block(
            field(Field.DUE),
            "Due by",
            blocks.datepicker("v", initial=_day(values, field(Field.DUE))),
            optional=True,
        ),
        blocks.input_block(
            field(Field.KIND),
            "Kind",
            blocks.static_select(
                "v", kinds, initial=_text(values, field(Field.KIND)) or ActionKind.BUILDS_SAFETY.value
            ),
            optional=True,
        ),
        blocks.input_block(
            field(Field.TARGET),
            "Targets",
            blocks.static_select(
                "v", targets, initial=_text(values, field(Field.TARGET)) or ActionTarget.CONTEXT.value
            ),
            optional=True,
        ),
    ]


def _more_actions(draft: DecisionDraft, rows: int, most: int) -> blocks.Block:
    """The "Add another action" button, or, at the most one form holds, how to add more."""
    if rows >= most:
        return blocks.context(
            f"This form holds at most {most} actions beside the goals' scales. Save the decision, then use "
            "*Amend decision* to agree more."
        )
    button = blocks.button("Add another action", Button.ADD_ACTION, str(draft.context_id))
    return blocks.actions([button], block_id=ADD_ACTION_BLOCK)


def _closing_blocks(values: Mapping[str, Any]) -> list[blocks.Block]:
    return [
        blocks.divider(),
        blocks.input_block(
            Field.PARTNERS,
            "Partners involved",
            blocks.multi_select(
                "v",
                options=[blocks.option(p, partner_value(i)) for i, p in enumerate(PARTNERS)],
                initial=values.get(Field.PARTNERS) or (),
            ),
            optional=True,
        ),
        blocks.input_block(
            Field.PARTNERS_NOTE,
            "Other partners or who took part",
            blocks.text_input("v", max_length=1000, initial=_text(values, Field.PARTNERS_NOTE)),
            optional=True,
        ),
        blocks.input_block(
            Field.REVIEW_ON, "Next review", blocks.datepicker("v", initial=_day(values, Field.REVIEW_ON))
        ),
    ]
