"""The action buttons and the modals owners fill in, as Block Kit."""

from __future__ import annotations

from typing import Any

from bot.actions import forms
from bot.domain.agencies import OTHER, Agencies
from bot.domain.enums import WithdrawnBecause
from handlers import blocks, metadata
from handlers.actions.ids import ActionId, ActionMeta, ExtensionMeta
from handlers.mrkdwn import escape
from storage.actions import ActionBrief


def action_buttons(action_id: int) -> list[blocks.Block]:
    """The owner's buttons for one action (Mark done, Post update, Ask for more time), as blocks."""
    value = metadata.dump(ActionMeta(action_id=action_id))
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


def extension_buttons(extension_id: int) -> blocks.Block:
    """The coordinators' Approve and Decline buttons for a request for more time."""
    value = metadata.dump(ExtensionMeta(extension_id=extension_id))
    return blocks.actions(
        [
            blocks.button("Approve", ActionId.APPROVE_EXTENSION, value, style="primary"),
            blocks.button("Decline", ActionId.DECLINE_EXTENSION, value, style="danger"),
        ],
        block_id=f"extension-{extension_id}",
    )


def _summary(found: ActionBrief) -> blocks.Block:
    """One escaped line naming an action: reference, what, due date (no concern narrative)."""
    return blocks.section(
        f"*{escape(found.ref)}* · {escape(found.description)} · due {found.due_on:%a %d %b %Y}"
    )


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
                field, label, blocks.text_input(field, multiline=True, max_length=forms.NOTE_MAX), hint=hint
            ),
        ],
        submit=submit,
        private_metadata=ActionMeta(action_id=found.id),
    )


def done_modal(found: ActionBrief) -> dict[str, Any]:
    """The 'Mark done' modal."""
    return _note_modal(
        found,
        ActionId.DONE_MODAL,
        "Mark action done",
        forms.NOTE,
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
        forms.UPDATE,
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
            blocks.input_block(forms.NEW_DUE, "Proposed new due date", blocks.datepicker(forms.NEW_DUE)),
            blocks.input_block(
                forms.REASON,
                "Why is more time needed?",
                blocks.text_input(forms.REASON, multiline=True, max_length=forms.NOTE_MAX),
            ),
        ],
        submit="Send request",
        private_metadata=ActionMeta(action_id=found.id, due_on=found.due_on.isoformat()),
    )


def coordinator_buttons(action_id: int) -> blocks.Block:
    """The coordinators' Reassign and Withdraw buttons for one action."""
    value = metadata.dump(ActionMeta(action_id=action_id))
    return blocks.actions(
        [
            blocks.button("Reassign", ActionId.REASSIGN, value, style="primary"),
            blocks.button("Withdraw", ActionId.WITHDRAW, value),
        ],
        block_id=f"action-{action_id}-coordinators",
    )


def reassign_modal(found: ActionBrief, agencies: Agencies) -> dict[str, Any]:
    """The 'Reassign' modal: the new owner and their agency (from the council's list, or Other)."""
    options = [blocks.option(a, a) for a in agencies.names] + [blocks.option("Other (name it below)", OTHER)]
    return blocks.modal(
        ActionId.REASSIGN_MODAL,
        "Reassign action",
        [
            _summary(found),
            blocks.input_block(forms.NEW_OWNER, "New owner", blocks.users_select(forms.NEW_OWNER)),
            blocks.input_block(forms.AGENCY, "Their agency", blocks.static_select(forms.AGENCY, options)),
            blocks.input_block(
                forms.AGENCY_OTHER,
                "Other agency",
                blocks.text_input(forms.AGENCY_OTHER, max_length=120),
                optional=True,
                hint="Only if the agency is not on the list.",
            ),
        ],
        submit="Reassign",
        private_metadata=ActionMeta(action_id=found.id),
    )


def withdraw_modal(found: ActionBrief) -> dict[str, Any]:
    """The 'Withdraw' modal: circumstances changed or not delivered (counted apart), and why."""
    modal = _note_modal(
        found,
        ActionId.WITHDRAW_MODAL,
        "Withdraw action",
        forms.WHY,
        "Why is it withdrawn?",
        "Goes on the action's record; the owner is told.",
        "Withdraw",
    )
    choice = blocks.radio(forms.BECAUSE, [blocks.option(b.label, b.value) for b in WithdrawnBecause])
    modal["blocks"].insert(1, blocks.input_block(forms.BECAUSE, "Closed as not done because", choice))
    return modal


def not_mine_modal(found: ActionBrief) -> dict[str, Any]:
    """The owner's 'Not mine' modal: why, so the coordinators can find the right owner."""
    return _note_modal(
        found,
        ActionId.NOT_MINE_MODAL,
        "Not my action",
        forms.WHY,
        "Why is it not yours?",
        "Who might own it? The coordinators see this in the panel channel.",
        "Send",
    )
