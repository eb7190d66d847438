"""A context's record in Slack, privately, for panel members: `/efh context REF`, `/efh find TEXT`, and
the Open record and Details buttons (read-only modals)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import InvalidInput
from bot.records import links, search
from bot.records import record as records
from bot.records.referral import view_referral
from handlers import metadata
from handlers.efh import Invocation, router
from handlers.errors import where_clicked
from handlers.permissions import deps_of, user_of
from handlers.records.ids import Button, ContextRef, ReferralDetailsRef
from handlers.records.views import (
    links_message,
    record_message,
    record_modal,
    referral_details_modal,
    search_message,
)

__all__ = ["register"]


def register(app: App) -> None:
    """Register `/efh context`, `/efh find`, and the Open record and Details buttons."""
    router(app).add(
        "context",
        _efh_context,
        usage="context REF",
        help="a context's whole record, privately (panel members)",
    )
    router(app).add(
        "find",
        _efh_find,
        usage="find TEXT",
        help="find contexts and referrals by name, area, postcode or reference, privately (panel members)",
    )
    router(app).add(
        "links",
        _efh_links,
        usage="links REF",
        help="the contexts linked to a context by shared case references, privately (panel members)",
    )
    app.action(Button.OPEN_RECORD)(_open_record)
    app.action(Button.REFERRAL_DETAILS)(_referral_details)


def _efh_context(inv: Invocation) -> None:
    """`/efh context REF`: the context's whole record, privately; coordinators may amend its decision."""
    if not inv.args:
        raise InvalidInput("Usage: `/efh context REF` (a context's reference, or one of its referrals').")
    record = records.view_record(inv.deps, user=inv.user, ref=inv.args[0])
    can_amend = inv.deps.is_coordinator(inv.user) and record.amendable
    inv.respond(response_type="ephemeral", **record_message(inv.deps.jinja, record, can_amend=can_amend))


def _efh_links(inv: Invocation) -> None:
    """`/efh links REF`: the contexts linked to REF and through which references, privately."""
    if not inv.args:
        raise InvalidInput("Usage: `/efh links REF` (a context's reference, or one of its referrals').")
    found = links.links_of(inv.deps, user=inv.user, ref=inv.args[0])
    inv.respond(response_type="ephemeral", **links_message(found))


def _efh_find(inv: Invocation) -> None:
    """`/efh find TEXT`: matching contexts and referrals, privately, each with a button to open it."""
    result = search.find(inv.deps, user=inv.user, text=inv.text)
    inv.respond(response_type="ephemeral", **search_message(result, inv.text))


@where_clicked
def _open_record(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    ref = metadata.from_button(ContextRef, body)
    record = records.view_record_of(deps, user=user_of(body), context_id=ref.context_id)
    client.views_open(trigger_id=body["trigger_id"], view=record_modal(deps.jinja, record))


@where_clicked
def _referral_details(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    ref = metadata.from_button(ReferralDetailsRef, body)
    facts = view_referral(deps, user=user_of(body), referral_id=ref.referral_id)
    client.views_open(trigger_id=body["trigger_id"], view=referral_details_modal(deps.jinja, facts))
