"""`/efh report [SINCE [UNTIL]]`: post the system view to the panel channel (coordinators only)."""

from __future__ import annotations

from slack_bolt import App

from bot.core.errors import InvalidInput
from bot.report import agency
from bot.report import report as service
from handlers.efh import Invocation, router
from handlers.permissions import require_coordinator, require_panel_member
from handlers.report.messages import agency_record_text

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


def _efh_agency(inv: Invocation) -> None:
    """`/efh agency NAME [SINCE]`: one agency's own record, privately (panel members)."""
    require_panel_member(inv.deps, inv.user, "see an agency's record")
    args = list(inv.args)
    since = None
    if len(args) > 1 and args[-1][:1].isdigit():
        since = service.parse_day(args.pop(), "SINCE")
    name = " ".join(args)
    if not name:
        known = agency.agency_names(inv.deps)
        raise InvalidInput(f"Usage: `/efh agency NAME [SINCE]`. The agencies are: {known}.")
    now = inv.deps.clock.now()
    period = service.period_of(inv.deps, since, None, now)
    record = agency.view_agency(inv.deps, user=inv.user, name=name, period=period, now=now)
    inv.respond(response_type="ephemeral", text=agency_record_text(record, period.since, period.until))


def register(app: App) -> None:
    """Register the `/efh report` and `/efh agency` subcommands."""
    router(app).add(
        "agency",
        _efh_agency,
        usage="agency NAME [SINCE]",
        help="an agency's own record of actions agreed, done, late and overdue, privately (panel members)",
    )
    router(app).add(
        "report",
        _efh_report,
        usage="report [SINCE [UNTIL]]",
        help="post the system view: the scale-up grid and the panel's throughput (coordinators)",
    )
