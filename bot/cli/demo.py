"""`efrp demo`: a whole panel cycle against a local Slack stand-in, no Slack account needed."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.settings import Settings


def add(sub: Any) -> None:
    """Register the demo subcommand."""
    p = sub.add_parser(
        "demo",
        help="run a whole panel cycle against a local Slack stand-in",
        description="Runs the real bot on a temporary SQLite database against a local Slack Web API "
        "stand-in, drives it over HTTP as people would, and prints what each person sees. "
        "Needs no Slack account and no settings.",
    )
    p.add_argument("-o", "--output", help="write the transcript to a file instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the demo."""
    from bot.demo import run_demo

    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            run_demo(fh)
        print(f"transcript written to {args.output}")
    else:
        run_demo(sys.stdout)
    return 0
