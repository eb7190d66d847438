"""Action buttons (DM, App Home) and their modals; coordinators' Approve/Decline of requests for more time."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.actions import actions
from bot.core.errors import EfrpError, InvalidInput
from handlers import blocks
from handlers.actions import forms as action_forms
from handlers.actions.forms import ActionId
from handlers.permissions import deps_of, user_of

ViewBuilder = Callable[[actions.ActionBrief], dict[str, Any]]
_MODALS: dict[ActionId, ViewBuilder] = {
    ActionId.MARK_DONE: action_forms.done_modal,
    ActionId.POST_UPDATE: action_forms.update_modal,
    ActionId.ASK_MORE_TIME: action_forms.extension_modal,
}


def refuse(client: WebClient, body: dict[str, Any], respond: Respond, text: str) -> None:
    """Tell only the person who clicked, where they clicked (a message reply, or a modal in the Home tab)."""
    if body.get("response_url"):
        respond(text=text, response_type="ephemeral", replace_original=False)
        return
    if body.get("trigger_id"):
        client.views_open(
            trigger_id=body["trigger_id"],
            view=blocks.modal("action_notice", "EFRP", [blocks.section(text)], submit=None, close="OK"),
        )


def _clicked_id(body: dict[str, Any]) -> int | None:
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    return int(value) if value.isdigit() else None


def _open_modal(kind: ActionId) -> Callable[..., None]:
    def listener(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        deps, user, action_id = deps_of(context), user_of(body), _clicked_id(body)
        if action_id is None:
            return
        try:
            found = actions.check_can_change(deps, action_id=action_id, user=user)
        except EfrpError as exc:
            refuse(client, body, respond, exc.user_message)
            return
        client.views_open(trigger_id=body["trigger_id"], view=_MODALS[kind](found))

    return listener


def _submission(
    first_field: str, run: Callable[..., bool], parse: Callable[..., dict[str, Any]]
) -> Callable[..., None]:
    def listener(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        deps, user = deps_of(context), user_of(body)
        action_id = int(json.loads(view.get("private_metadata") or "{}").get("action_id", 0))
        values = blocks.view_values(view)
        try:
            found = actions.check_can_change(deps, action_id=action_id, user=user)
            kwargs = parse(values, found, deps.clock.now().astimezone(deps.settings.tz).date())
        except InvalidInput as exc:
            ack(response_action="errors", errors=exc.field_errors or {first_field: exc.user_message})
            return
        except EfrpError as exc:
            ack(response_action="errors", errors={first_field: exc.user_message})
            return
        ack()
        run(deps, action_id=action_id, user=user, view_id=str(view["id"]), **kwargs)

    return listener


def register(app: App) -> None:
    """Register the action buttons, the modals and the extension decisions."""
    for kind in _MODALS:
        app.action(kind)(_open_modal(kind))
    app.view(ActionId.DONE_MODAL)(
        _submission(
            "note",
            actions.mark_done,
            lambda v, f, today: {"note": action_forms.parse_note(v.get("note"), "note")},
        )
    )
    app.view(ActionId.UPDATE_MODAL)(
        _submission(
            "update",
            actions.post_update,
            lambda v, f, today: {"text": action_forms.parse_note(v.get("update"), "update")},
        )
    )
    app.view(ActionId.EXTENSION_MODAL)(
        _submission(
            "reason",
            actions.request_extension,
            lambda v, f, today: dict(
                zip(
                    ("proposed", "reason"),
                    action_forms.parse_extension(v, due_on=f.due_on, today=today),
                    strict=True,
                )
            ),
        )
    )

    def _decide(approve: bool) -> Callable[..., None]:
        def listener(
            ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
        ) -> None:
            ack()
            deps, user, extension_id = deps_of(context), user_of(body), _clicked_id(body)
            if extension_id is None:
                return
            try:
                changed = actions.decide_extension(
                    deps, extension_id=extension_id, user=user, approve=approve
                )
            except EfrpError as exc:
                refuse(client, body, respond, exc.user_message)
                return
            if not changed:
                refuse(client, body, respond, "That request was already decided; nothing was changed.")

        return listener

    app.action(ActionId.APPROVE_EXTENSION)(_decide(True))
    app.action(ActionId.DECLINE_EXTENSION)(_decide(False))
