"""The action buttons' and modals' IDs, and what the modals carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


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
    NOTICE_MODAL = "action_notice"


@dataclass(frozen=True)
class ActionMeta:
    """What an action modal was opened for."""

    action_id: int


def clicked_id(body: dict[str, Any]) -> int | None:
    """The record ID a button carries (an action's or an extension request's), if it is one."""
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    return int(value) if value.isdigit() else None
