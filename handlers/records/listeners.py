"""A context's record in Slack: `/efh context REF`, privately, for panel members."""

from __future__ import annotations

from slack_bolt import App

from bot.core.errors import InvalidInput
from bot.records import record as records
from handlers.efh import Invocation, router
from handlers.records.views import record_message

__all__ = ["register"]


def register(app: App) -> None:
    """Register the `/efh context` subcommand."""
    router(app).add(
        "context",
        _efh_context,
        usage="context REF",
        help="a context's whole record, privately (panel members)",
    )


def _efh_context(inv: Invocation) -> None:
    """`/efh context REF`: the context's whole record, privately; coordinators may amend its decision."""
    if not inv.args:
        raise InvalidInput("Usage: `/efh context REF` (a context's reference, or one of its referrals').")
    record = records.view_record(inv.deps, user=inv.user, ref=inv.args[0])
    can_amend = inv.deps.is_coordinator(inv.user) and record.amendable
    inv.respond(response_type="ephemeral", **record_message(inv.deps.jinja, record, can_amend=can_amend))
