"""`/efh-refer`: open the referral form at once, and store what a partner submits (once per form)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import InvalidInput
from bot.referrals.intake import submit_referral
from handlers.blocks import view_values
from handlers.permissions import deps_of, user_of
from handlers.referrals.form import parse_referral, referral_modal
from handlers.referrals.ids import COMMAND, Callback


def register(app: App) -> None:
    """Register the referral command and the form's submission."""

    @app.command(COMMAND)
    def _refer(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(
            trigger_id=body["trigger_id"], view=referral_modal(name=str(body.get("text") or ""))
        )

    @app.view(Callback.REFER)
    def _submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        deps = deps_of(context)
        try:
            form = parse_referral(view_values(view))
        except InvalidInput as exc:
            ack(response_action="errors", errors=exc.field_errors)
            return
        ack()
        submit_referral(deps, form=form, referrer=user_of(body), view_id=str(view["id"]))
