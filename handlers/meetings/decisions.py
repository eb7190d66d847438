"""Decisions in Slack: Record / Amend decision modals, Accept / Not mine."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import InvalidInput, NotFound
from bot.meetings import decisions
from handlers.blocks import view_values
from handlers.meetings import decision_form
from handlers.meetings.ids import Button, Callback
from handlers.meetings.listeners import clicked_ids
from handlers.permissions import deps_of, require_coordinator, user_of

DOING = "record decisions"


def register(app: App) -> None:
    """Register the decision buttons and modal."""

    def _open(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        deps = deps_of(context)
        user = user_of(body)
        require_coordinator(deps, user, DOING)
        ids = clicked_ids(body)
        if "c" not in ids:
            raise NotFound("That button is out of date. Nothing was changed.")
        view = decision_form.decision_modal(deps, user=user, context_id=ids["c"], meeting_id=ids.get("m"))
        client.views_open(trigger_id=body["trigger_id"], view=view)

    app.action(Button.RECORD_DECISION)(_open)
    app.action(Button.AMEND_DECISION)(_open)

    @app.view(Callback.DECISION)
    def _submitted(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        deps = deps_of(context)
        user = user_of(body)
        view = body["view"]
        if not deps.is_coordinator(user):
            ack()
            require_coordinator(deps, user, DOING)
        today = deps.clock.now().astimezone(deps.settings.tz).date()
        try:
            form = decision_form.parse_form(view_values(view), today=today)
        except InvalidInput as exc:
            ack(response_action="errors", errors=exc.field_errors)
            return
        ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        decisions.record_decision(deps, user=user, view_id=str(view["id"]), meta=meta, form=form)

    def _answer(accept: bool) -> Any:
        def listener(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
            ack()
            deps = deps_of(context)
            action_id = clicked_ids(body).get("a")
            if action_id is None:
                raise NotFound("That button is out of date. Nothing was changed.")
            decisions.answer_assignment(deps, user=user_of(body), action_id=action_id, accept=accept)

        return listener

    app.action(Button.ACCEPT_ACTION)(_answer(True))
    app.action(Button.NOT_MINE)(_answer(False))
