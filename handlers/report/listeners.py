"""`/efh report [SINCE [UNTIL]]`: post the system view to the panel channel (coordinators only)."""

from __future__ import annotations

from slack_bolt import App

from bot.core.errors import InvalidInput
from bot.report import report as service
from handlers.efh import Invocation, router
from handlers.permissions import require_coordinator

USAGE = "Usage: `/efh report [SINCE [UNTIL]]`, dates like 2026-04-01 (default: the year to today)."


def _efh_report(inv: Invocation) -> None:
    """Parse the period, check the person, owe the panel the report, and say so privately."""
    require_coordinator(inv.deps, inv.user, "post the system view")
    if len(inv.args) > 2:
        raise InvalidInput(USAGE)
    since = service.parse_day(inv.args[0], "SINCE") if inv.args else None
    until = service.parse_day(inv.args[1], "UNTIL") if len(inv.args) > 1 else None
    service.post_report(inv.deps, user=inv.user, since=since, until=until, now=inv.deps.clock.now())
    inv.respond(response_type="ephemeral", text="The system view is being posted to the panel channel.")


def register(app: App) -> None:
    """Register the `/efh report` subcommand."""
    router(app).add(
        "report",
        _efh_report,
        usage="report [SINCE [UNTIL]]",
        help="post the system view: the scale-up grid and the panel's throughput (coordinators)",
    )
