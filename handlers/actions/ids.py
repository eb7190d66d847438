"""The action buttons' and modals' IDs, and what the modals carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    REASSIGN = "action_reassign"
    WITHDRAW = "action_withdraw"
    REASSIGN_MODAL = "action_reassign_modal"
    WITHDRAW_MODAL = "action_withdraw_modal"
    NOT_MINE_MODAL = "action_not_mine_modal"


@dataclass(frozen=True)
class ActionMeta:
    """What an action modal was opened for (and the due date it showed, for a request for more time)."""

    action_id: int
    due_on: str | None = None  # ISO date


@dataclass(frozen=True)
class ExtensionMeta:
    """What an extension request's Approve / Decline buttons carry."""

    extension_id: int
