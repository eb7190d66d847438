"""`/efh-refer`: open the referral form at once, and store what a partner submits (once per form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.referrals.forms import parse_referral
from bot.referrals.intake import submit_referral
from handlers.blocks import view_values
from handlers.permissions import deps_of, user_of
from handlers.referrals.ids import COMMAND, SHORTCUT, Callback
from handlers.referrals.views import referral_modal

T = TypeVar("T")


def validated(parse: Callable[[dict[str, Any]], T], view: dict[str, Any]) -> T:
    """What a person typed into a modal, validated (InvalidInput keeps the form open with its field errors).

    Not acked: a form is answered only once what it carries is stored, so a failed store keeps it open.
    """
    return parse(view_values(view))


def register(app: App) -> None:
    """Register the referral command, the "Refer a context" shortcut and the form's submission."""

    @app.command(COMMAND)
    def _refer(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        client.views_open(
            trigger_id=body["trigger_id"],
            view=referral_modal(deps_of(context).framework, name=str(body.get("text") or "")),
        )

    @app.shortcut(SHORTCUT)
    def _refer_shortcut(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()  # from anywhere in Slack, mobile included: the same form as /efh-refer, empty
        client.views_open(trigger_id=body["trigger_id"], view=referral_modal(deps_of(context).framework))

    @app.view(Callback.REFER)
    def _submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        deps = deps_of(context)
        form = validated(
            lambda values: parse_referral(
                values,
                framework=deps.framework,
                today=deps.today(),
                case_ref_pattern=deps.settings.case_ref_pattern,
            ),
            view,
        )
        submit_referral(deps, form=form, referrer=user_of(body), view_id=str(view["id"]))
        ack()
