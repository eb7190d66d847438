"""`efrp reminders send [--as-of ISO-8601]`: one reminder sweep, delivered, then exit (for cron and tests)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.clock import Clock
    from bot.core.settings import Settings


def add(sub: Any) -> None:
    """Register the reminders subcommand."""
    p = sub.add_parser(
        "reminders",
        help="send the reminders that are due (one sweep) and exit",
        description="Action and review reminders. `efrp serve` sweeps every five minutes by itself; "
        "this runs the same sweep once, for cron deployments. Safe to run twice or in several "
        "processes at once: each reminder is claimed in the database and sent once.",
    )
    rsub = p.add_subparsers(dest="reminders_command", metavar="ACTION", required=True)
    send = rsub.add_parser("send", help="sweep once, deliver what it queued, print what was sent")
    send.add_argument(
        "--as-of",
        type=_instant,
        default=None,
        metavar="ISO-8601",
        help="sweep as if it were this instant (e.g. 2026-11-26T09:05:00+00:00; naive means UTC)",
    )
    send.set_defaults(func=run_send)


def _instant(text: str) -> datetime:
    from bot.domain.calendar import DAY_RANGE_WORDS, plausible_day

    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 date and time: {text!r}") from None
    if not plausible_day(when.date()):
        raise argparse.ArgumentTypeError(f"a date {DAY_RANGE_WORDS}")
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def run_send(args: argparse.Namespace, settings: Settings) -> int:
    """Sweep once, deliver, report."""
    from bot.actions.reminders import delivery_report, sweep
    from bot.core.clock import ManualClock
    from bot.wiring import build_deps, make_deliverer
    from storage.migrate import upgrade

    settings.require("SLACK_BOT_TOKEN", "EFRP_PANEL_CHANNEL")
    clock: Clock | None = ManualClock(args.as_of) if args.as_of else None
    deps = build_deps(settings, clock=clock)
    upgrade(deps.engine)
    try:
        result = sweep(deps)
        make_deliverer(deps).drain()
        lines = result.lines()
        if not lines:
            print(f"nothing due as of {result.now.isoformat()}")
            return 0
        for line in lines:
            print(line)
        report = delivery_report(deps, result.outbox_keys)
        print(
            f"{len(result.owner_reminders)} owner reminder(s), {len(result.escalations)} escalation(s), "
            f"{len(result.reviews)} review notice(s) as of {result.now.isoformat()}; messages: "
            + ", ".join(f"{n} {state}" for state, n in sorted(report.items()))
        )
        return 0
    finally:
        deps.engine.dispose()
