"""`efrp links [REF] --format png|csv --as NAME --out FILE`: the network of linked contexts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bot.cli.actor import actor_of, add_as
from bot.cli.output import write_document

if TYPE_CHECKING:
    from bot.core.settings import Settings

FORMAT_CHOICES = ("csv", "png")  # spelled here so that `efrp --help` loads no chart module


def add(sub: Any) -> None:
    """Register the links subcommand."""
    p = sub.add_parser(
        "links",
        help="write the network of contexts tied by shared case references (ties of fewer than 3 left out)",
    )
    p.add_argument("ref", nargs="?", help="only this context and those linked to it (default: every context)")
    p.add_argument("--format", choices=FORMAT_CHOICES, default="csv", help="CSV of ties (default) or a PNG")
    p.add_argument(
        "-o", "--out", "--output", dest="output", help="write to this file instead of standard output"
    )
    add_as(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Read the network (audited as a view) and write it."""
    from bot.core.clock import SystemClock
    from bot.core.deps import Deps
    from bot.core.templating import make_environment
    from bot.records import links, network
    from storage.db import make_engine
    from storage.migrate import upgrade

    actor = actor_of(args, "links")
    engine = make_engine(settings.database_url)
    upgrade(engine)
    deps = Deps(
        settings=settings, engine=engine, clock=SystemClock(), jinja=make_environment(settings.timezone)
    )
    try:
        found = links.network(deps, actor=actor, ref=args.ref)
    finally:
        engine.dispose()
    data = network.network_png(found) if args.format == "png" else network.network_csv(found)
    write_document(data, args.output, what="the network of linked contexts")
    return 0
