"""The action buttons and modals shown to owners, and what their fields hold once validated."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from bot.core.errors import InvalidInput
from handlers import blocks
from handlers.mrkdwn import escape
from storage.actions import ActionBrief

NOTE_MAX = 2000


class ActionId(StrEnum):
    """Every action_id and callback_id of the action buttons and modals, in one place."""

    MARK_DONE = "action_mark_done"
    POST_UPDATE = "action_post_update"
    ASK_MORE_TIME = "action_ask_more_time"
    APPROVE_EXTENSION = "action_extension_approve"
    DECLINE_EXTENSION = "action_extension_decline"
    DONE_MODAL = "action_done_modal"
    UPDATE_MODAL = "action_update_modal"
    EXTENSION_MODAL = "action_extension_modal"


OWNER_BUTTONS = (ActionId.MARK_DONE, ActionId.POST_UPDATE, ActionId.ASK_MORE_TIME)


def action_buttons(action_id: int) -> list[blocks.Block]:
    """The owner's buttons for one action (Mark done, Post update, Ask for more time), as blocks."""
    value = str(action_id)
    return [
        blocks.actions(
            [
                blocks.button("Mark done", ActionId.MARK_DONE, value, style="primary"),
                blocks.button("Post update", ActionId.POST_UPDATE, value),
                blocks.button("Ask for more time", ActionId.ASK_MORE_TIME, value),
            ],
            block_id=f"action-{action_id}-buttons",
        )
    ]


# --- modals -------------------------------------------------------------------------------------


def _summary(found: ActionBrief) -> blocks.Block:
    return blocks.section(render_brief(found))


def render_brief(found: ActionBrief) -> str:
    """One escaped line naming an action: reference, what, due date (no concern narrative)."""
    return f"*{escape(found.ref)}* · {escape(found.description)} · due {found.due_on:%a %d %b %Y}"


def _note_modal(
    found: ActionBrief, callback: ActionId, title: str, field: str, label: str, hint: str, submit: str
) -> dict[str, Any]:
    """A modal asking for one note about an action, under a line naming it."""
    return blocks.modal(
        callback,
        title,
        [
            _summary(found),
            blocks.input_block(
                field, label, blocks.text_input(field, multiline=True, max_length=NOTE_MAX), hint=hint
            ),
        ],
        submit=submit,
        private_metadata={"action_id": found.id},
    )


def done_modal(found: ActionBrief) -> dict[str, Any]:
    """The 'Mark done' modal."""
    return _note_modal(
        found,
        ActionId.DONE_MODAL,
        "Mark action done",
        "note",
        "What was delivered?",
        "A short note for the panel's record.",
        "Mark done",
    )


def update_modal(found: ActionBrief) -> dict[str, Any]:
    """The 'Post update' modal."""
    return _note_modal(
        found,
        ActionId.UPDATE_MODAL,
        "Post an update",
        "update",
        "Progress so far",
        "Goes on the context's record and to the panel channel.",
        "Post update",
    )


def extension_modal(found: ActionBrief) -> dict[str, Any]:
    """The 'Ask for more time' modal."""
    return blocks.modal(
        ActionId.EXTENSION_MODAL,
        "Ask for more time",
        [
            _summary(found),
            blocks.input_block("new_due", "Proposed new due date", blocks.datepicker("new_due")),
            blocks.input_block(
                "reason",
                "Why is more time needed?",
                blocks.text_input("reason", multiline=True, max_length=NOTE_MAX),
            ),
        ],
        submit="Send request",
        private_metadata={"action_id": found.id},
    )


def parse_note(value: Any, block_id: str) -> str:
    """A non-empty note from a modal field, or InvalidInput naming the field."""
    text = str(value or "").strip()
    if not text:
        raise InvalidInput("Please write a short note.", {block_id: "Please write a short note."})
    return text[:NOTE_MAX]


def parse_extension(values: dict[str, Any], *, due_on: date, today: date) -> tuple[date, str]:
    """The proposed date and reason from the extension modal, validated."""
    errors: dict[str, str] = {}
    proposed: date | None = None
    try:
        proposed = date.fromisoformat(str(values.get("new_due") or ""))
    except ValueError:
        errors["new_due"] = "Please pick a date."
    if proposed is not None and proposed <= max(due_on, today):
        errors["new_due"] = f"Please pick a date after {max(due_on, today):%a %d %b %Y}."
    reason = str(values.get("reason") or "").strip()
    if not reason:
        errors["reason"] = "Please say why more time is needed."
    if errors or proposed is None:
        raise InvalidInput("Please correct the form.", errors)
    return proposed, reason[:NOTE_MAX]
