"""Action buttons (DM, App Home) and their modals; coordinators' Approve/Decline of requests for more time."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.actions import actions, forms
from bot.core.errors import NotFound
from handlers import blocks, metadata
from handlers.actions import reassign, views
from handlers.actions.ids import ActionId, ActionMeta, ExtensionMeta
from handlers.errors import where_clicked
from handlers.permissions import deps_of, user_of
from storage.actions import ActionBrief

Listener = Callable[..., None]
Parse = Callable[[dict[str, Any], ActionBrief, date], Any]

_MODALS: dict[ActionId, Callable[[ActionBrief], dict[str, Any]]] = {
    ActionId.MARK_DONE: views.done_modal,
    ActionId.POST_UPDATE: views.update_modal,
    ActionId.ASK_MORE_TIME: views.extension_modal,
}


def _open_modal(build: Callable[[ActionBrief], dict[str, Any]]) -> Listener:
    def listener(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        action_id = metadata.from_button(ActionMeta, body).action_id
        found = actions.check_can_change(deps_of(context), action_id=action_id, user=user_of(body))
        client.views_open(trigger_id=body["trigger_id"], view=build(found))

    return listener


def _decide(approve: bool) -> Listener:
    def listener(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        extension_id = metadata.from_button(ExtensionMeta, body).extension_id
        actions.decide_extension(
            deps_of(context), extension_id=extension_id, user=user_of(body), approve=approve
        )

    return listener


def _submission(first_field: str, run: Callable[..., bool], parse: Parse, *, due: bool = False) -> Listener:
    def listener(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        deps, user = deps_of(context), user_of(body)
        # Refusals and field errors keep the modal open, said under its fields (handlers.errors).
        meta = metadata.from_view(ActionMeta, view)
        found = actions.check_can_change(deps, action_id=meta.action_id, user=user, submitted=True)
        form = parse(blocks.view_values(view), found, deps.today())
        fields = dataclasses.asdict(form)
        if due:  # the due date the form showed: a request for more time refused if it moved since
            fields["opened_due"] = _iso_date(meta.due_on)
        run(deps, action_id=meta.action_id, user=user, view_id=str(view["id"]), **fields)
        ack()  # only once stored: a failed store (the records unavailable) keeps the form open

    return listener


def _iso_date(raw: str | None) -> date | None:
    if raw is None:
        return None  # a form opened before forms carried the date
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise NotFound(metadata.STALE) from None


def register(app: App) -> None:
    """Register the action buttons, the modals and the extension decisions."""
    for kind, build in _MODALS.items():
        app.action(kind)(where_clicked(_open_modal(build)))
    app.view(ActionId.DONE_MODAL)(
        _submission(
            forms.NOTE, actions.mark_done, lambda values, found, today: forms.done_form(values, today=today)
        )
    )
    app.view(ActionId.UPDATE_MODAL)(
        _submission(
            forms.UPDATE,
            actions.post_update,
            lambda values, found, today: forms.update_form(values, today=today),
        )
    )
    app.view(ActionId.EXTENSION_MODAL)(
        _submission(
            forms.REASON,
            actions.request_extension,
            lambda values, found, today: forms.extension_form(values, due_on=found.due_on, today=today),
            due=True,
        )
    )
    reassign.register(app)
    app.action(ActionId.APPROVE_EXTENSION)(where_clicked(_decide(True)))
    app.action(ActionId.DECLINE_EXTENSION)(where_clicked(_decide(False)))
