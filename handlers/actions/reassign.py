"""Not mine (the owner says why), Reassign and Withdraw (coordinators): buttons and their modals."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.actions import forms, reassign
from bot.meetings import decisions
from handlers import blocks, metadata
from handlers.actions import views
from handlers.actions.ids import ActionId, ActionMeta
from handlers.errors import where_clicked
from handlers.meetings.ids import AssignedButton, Button
from handlers.permissions import deps_of, require_coordinator, user_of

DOING = "reassign or withdraw actions"


def _not_mine(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """The owner says an action is not theirs: first, a small form asking why."""
    ack()
    action_id = metadata.from_button(AssignedButton, body).action_id
    found = decisions.check_can_answer(deps_of(context), user=user_of(body), action_id=action_id)
    client.views_open(trigger_id=body["trigger_id"], view=views.not_mine_modal(found))


def _not_mine_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps, user = deps_of(context), user_of(body)
    action_id = metadata.from_view(ActionMeta, view).action_id
    form = forms.reason_form(blocks.view_values(view), today=deps.today())
    decisions.answer_assignment(
        deps, user=user, action_id=action_id, accept=False, reason=form.reason, view_id=str(view["id"])
    )
    ack()  # only once stored: a refusal keeps the form open with what was typed


def _open(kind: ActionId) -> Any:
    def listener(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps, user = deps_of(context), user_of(body)
        require_coordinator(deps, user, DOING)
        action_id = metadata.from_button(ActionMeta, body).action_id
        found = reassign.check_coordinator_may_change(deps, action_id=action_id, user=user)
        view = (
            views.reassign_modal(found, deps.settings.agencies)
            if kind is ActionId.REASSIGN
            else views.withdraw_modal(found)
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)

    return listener


def _reassign_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps, user = deps_of(context), user_of(body)
    require_coordinator(deps, user, DOING)
    action_id = metadata.from_view(ActionMeta, view).action_id
    form = forms.reassign_form(blocks.view_values(view), agencies=deps.settings.agencies)
    reassign.reassign(
        deps,
        action_id=action_id,
        user=user,
        new_owner=form.new_owner,
        agency=form.agency,
        view_id=str(view["id"]),
    )
    ack()


def _withdraw_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps, user = deps_of(context), user_of(body)
    require_coordinator(deps, user, DOING)
    action_id = metadata.from_view(ActionMeta, view).action_id
    form = forms.withdraw_form(blocks.view_values(view), today=deps.today())
    reassign.withdraw(
        deps,
        action_id=action_id,
        user=user,
        reason=form.reason,
        because=form.because,
        view_id=str(view["id"]),
    )
    ack()


def register(app: App) -> None:
    """Register Not mine's form, and the coordinators' Reassign and Withdraw."""
    app.action(Button.NOT_MINE)(where_clicked(_not_mine))
    app.view(ActionId.NOT_MINE_MODAL)(_not_mine_submitted)
    app.action(ActionId.REASSIGN)(where_clicked(_open(ActionId.REASSIGN)))
    app.action(ActionId.WITHDRAW)(where_clicked(_open(ActionId.WITHDRAW)))
    app.view(ActionId.REASSIGN_MODAL)(_reassign_submitted)
    app.view(ActionId.WITHDRAW_MODAL)(_withdraw_submitted)
