"""`efrp report [--since DATE] [--until DATE] [--format md|csv|html] [-o FILE]`: write the system view."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bot.cli.actor import actor_of, add_as
from bot.cli.output import write_document

if TYPE_CHECKING:
    from bot.core.settings import Settings

# The choices of --format, spelled here so that `efrp --help` needs no report module (bot.report.formats).
FORMAT_CHOICES = ("md", "csv", "html", "pdf")


def add(sub: Any) -> None:
    """Register the report subcommand."""
    p = sub.add_parser(
        "report",
        help="write the system view: the scale-up grid and the panel's throughput (figures only)",
    )
    p.add_argument("--since", help="first day of the period, YYYY-MM-DD (default: a year before --until)")
    p.add_argument("--until", help="last day of the period, YYYY-MM-DD (default: today)")
    p.add_argument(
        "--format", choices=FORMAT_CHOICES, default="md", help="Markdown (default), CSV, HTML or PDF"
    )
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    add_as(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Compute the report for the period and write it."""
    from bot.core.clock import SystemClock
    from bot.core.deps import Deps
    from bot.core.templating import make_environment
    from bot.report import report as service
    from storage.db import make_engine
    from storage.migrate import upgrade

    actor = actor_of(args, "report")
    since = service.parse_day(args.since, "--since") if args.since else None
    until = service.parse_day(args.until, "--until") if args.until else None
    engine = make_engine(settings.database_url)
    upgrade(engine)
    deps = Deps(
        settings=settings, engine=engine, clock=SystemClock(), jinja=make_environment(settings.timezone)
    )
    try:
        text = service.export_report(
            deps, since=since, until=until, fmt=args.format, now=deps.clock.now(), actor=actor
        )
    finally:
        engine.dispose()
    if isinstance(text, str) and not text.endswith("\n"):
        text += "\n"
    write_document(text, args.output, what="the system view")
    return 0
