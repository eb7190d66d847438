"""Decisions in Slack: Record / Amend decision modals, Accept / Not mine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.meetings import decisions, forms
from bot.meetings.unchanged import OpenedOn
from handlers import metadata
from handlers.blocks import view_values
from handlers.meetings import views
from handlers.meetings.ids import (
    MAX_ACTION_ROWS,
    AssignedButton,
    Button,
    Callback,
    DecisionButton,
    DecisionMeta,
)
from handlers.permissions import deps_of, require_coordinator, user_of

DOING = "record decisions"


def _open(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    user = user_of(body)
    require_coordinator(deps, user, DOING)
    clicked = metadata.from_button(DecisionButton, body)
    draft = forms.decision_draft(
        deps, user=user, context_id=clicked.context_id, meeting_id=clicked.meeting_id
    )
    client.views_open(trigger_id=body["trigger_id"], view=views.decision_modal(draft, deps.settings.agencies))


def _redraw(more_rows: int) -> Callable[..., None]:
    """Redraw the open form in place, keeping all typed: one more action row, or scales for the goals."""

    def listener(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        deps = deps_of(context)
        user = user_of(body)
        require_coordinator(deps, user, DOING)
        view = body["view"]
        meta = metadata.from_view(DecisionMeta, view)
        draft = forms.decision_draft(
            deps, user=user, context_id=meta.context_id, meeting_id=meta.meeting_id, audited=False
        )
        rows = min(meta.rows + more_rows, MAX_ACTION_ROWS)
        updated = views.decision_modal(draft, deps.settings.agencies, rows=rows, typed=view_values(view))
        # The draft is re-read for the heading only: the form keeps amending what it was opened on.
        updated["private_metadata"] = metadata.dump(
            DecisionMeta(meta.context_id, meta.meeting_id, meta.decision_id, rows)
        )
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=updated)

    return listener


def _submitted(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    user = user_of(body)
    view = body["view"]
    require_coordinator(deps, user, DOING)
    form = forms.parse_decision(view_values(view), today=deps.today(), agencies=deps.settings.agencies)
    meta = metadata.from_view(DecisionMeta, view)
    decisions.record_decision(
        deps,
        user=user,
        view_id=str(view["id"]),
        context_id=meta.context_id,
        meeting_id=meta.meeting_id,
        form=form,
        opened_on=OpenedOn(meta.decision_id),
    )
    ack()  # only once stored: a refusal or a failed store keeps the form open with what was typed


def _answer(accept: bool) -> Callable[..., None]:
    def listener(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """The owner answers an action assigned to them."""
        ack()
        clicked = metadata.from_button(AssignedButton, body)
        decisions.answer_assignment(
            deps_of(context), user=user_of(body), action_id=clicked.action_id, accept=accept
        )

    return listener


def register(app: App) -> None:
    """Register the decision buttons and modal."""
    app.action(Button.RECORD_DECISION)(_open)
    app.action(Button.AMEND_DECISION)(_open)
    app.view(Callback.DECISION)(_submitted)
    app.action(Button.ADD_ACTION)(_redraw(1))
    app.action(Button.SCALE_GOALS)(_redraw(0))
    app.action(Button.ACCEPT_ACTION)(_answer(True))
    # Not mine asks why first: handlers.actions.reassign registers it.
