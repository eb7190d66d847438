"""The decision modal in Block Kit, pre-filled from a `DecisionDraft`."""

from __future__ import annotations

from typing import Any

from bot.domain.enums import ActionKind, ActionTarget, Focus, Level
from bot.meetings.forms import ACTION_ROWS, PARTNERS, DecisionDraft, Field, partner_value, row_field
from handlers import blocks
from handlers.meetings.ids import Callback, DecisionMeta
from handlers.mrkdwn import escape


def decision_modal(draft: DecisionDraft) -> dict[str, Any]:
    """The Record/Amend decision modal."""
    body = _decision_blocks(draft)
    for n in range(1, ACTION_ROWS + 1):
        body += _action_row(n)
    body += _closing_blocks(draft)
    meta = DecisionMeta(draft.context_id, draft.meeting_id, draft.current_id)
    title = "Amend decision" if draft.current_version else "Record decision"
    return blocks.modal(Callback.DECISION, title, body, submit="Save decision", private_metadata=meta)


def _decision_blocks(draft: DecisionDraft) -> list[blocks.Block]:
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
                "v", [blocks.option(lv.label, lv.value) for lv in Level], initial=draft.level
            ),
        ),
        blocks.input_block(
            Field.FOCUS,
            "What most needs to change",
            blocks.checkboxes("v", [blocks.option(f.label, f.value) for f in Focus], initial=draft.focus),
        ),
        blocks.input_block(
            Field.GOALS,
            "Safety goals (one per line)",
            blocks.text_input("v", multiline=True, initial="\n".join(draft.goals)),
            optional=True,
            hint="Suggested from the concerns observed, restated as the change we hope to see. Edit freely.",
        ),
    ]


def _action_row(n: int) -> list[blocks.Block]:
    kinds = [blocks.option(k.label, k.value) for k in ActionKind]
    targets = [blocks.option(t.label, t.value) for t in ActionTarget]
    return [
        blocks.divider(),
        blocks.section(f"*Action {n}* (leave empty if not needed)"),
        blocks.input_block(
            row_field(Field.WHAT, n), "What", blocks.text_input("v", max_length=1000), optional=True
        ),
        blocks.input_block(row_field(Field.OWNER, n), "Owner", blocks.users_select("v"), optional=True),
        blocks.input_block(
            row_field(Field.AGENCY, n),
            "Owner's agency",
            blocks.text_input("v", max_length=120),
            optional=True,
        ),
        blocks.input_block(row_field(Field.DUE, n), "Due by", blocks.datepicker("v"), optional=True),
        blocks.input_block(
            row_field(Field.KIND, n),
            "Kind",
            blocks.static_select("v", kinds, initial=ActionKind.BUILDS_SAFETY.value),
            optional=True,
        ),
        blocks.input_block(
            row_field(Field.TARGET, n),
            "Targets",
            blocks.static_select("v", targets, initial=ActionTarget.CONTEXT.value),
            optional=True,
        ),
    ]


def _closing_blocks(draft: DecisionDraft) -> list[blocks.Block]:
    return [
        blocks.divider(),
        blocks.input_block(
            Field.PARTNERS,
            "Partners involved",
            blocks.multi_select(
                "v",
                options=[blocks.option(p, partner_value(i)) for i, p in enumerate(PARTNERS)],
                initial=[partner_value(PARTNERS.index(p)) for p in draft.partners if p in PARTNERS],
            ),
            optional=True,
        ),
        blocks.input_block(
            Field.PARTNERS_NOTE,
            "Other partners or who took part",
            blocks.text_input("v", max_length=1000, initial=draft.partners_note),
            optional=True,
        ),
        blocks.input_block(Field.REVIEW_ON, "Next review", blocks.datepicker("v", initial=draft.review_on)),
    ]
