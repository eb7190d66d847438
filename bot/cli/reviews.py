"""`efrp review post REF` (refresh the latest review summary) and `efrp export REF` (the full record)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bot.cli.actor import actor_of, add_as

if TYPE_CHECKING:
    from bot.core.settings import Settings

CLI_ACTOR = "cli"


def add(sub: Any) -> None:
    """Register the review and export subcommands."""
    review = sub.add_parser("review", help="review summaries")
    rsub = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    post = rsub.add_parser(
        "post",
        help="post the latest review summary of a context again",
        description="Brings the latest review summary up to date in place (chat.update of the message "
        "already in the panel channel, with the panel's decision if made). If the first post failed "
        "for good, posts a fresh copy, and uploads the chart again into its thread if that had failed.",
    )
    post.add_argument("ref", help="context reference, e.g. EFRP-2026-0042")
    post.set_defaults(func=run_post)
    export = sub.add_parser(
        "export",
        help="write a context's complete record for the case-management system",
        description="Referrals, baseline, assessments, every decision version, goals, actions with updates, "
        "reviews and the audit trail. Young people appear only as case references. The export is audited.",
    )
    export.add_argument("ref", help="context reference, e.g. EFRP-2026-0042")
    export.add_argument(
        "--format", choices=("md", "html", "pdf"), default="md", help="Markdown (default), HTML or PDF"
    )
    export.add_argument("-o", "--output", help="write to this file instead of standard output")
    add_as(export)
    export.set_defaults(func=run_export)


def run_post(args: argparse.Namespace, settings: Settings) -> int:
    """Update the latest summary and deliver it now."""
    from bot.reviews.reviews import repost_summary
    from bot.wiring import build_deps, make_deliverer
    from storage.migrate import upgrade

    settings.require("SLACK_BOT_TOKEN", "EFRP_PANEL_CHANNEL")
    deps = build_deps(settings)
    upgrade(deps.engine)
    slot = repost_summary(deps, ref=args.ref, actor=CLI_ACTOR, now=deps.clock.now())
    make_deliverer(deps).drain()
    print(f"review summary {slot} brought up to date in the panel channel")
    return 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the record to standard output or a file."""
    from bot.cli.output import write_document
    from bot.records.export import export_record
    from bot.wiring import build_deps
    from storage.migrate import upgrade

    actor = actor_of(args, "export")
    deps = build_deps(settings)
    upgrade(deps.engine)
    data = export_record(deps, ref=args.ref, fmt=args.format, actor=actor, now=deps.clock.now())
    write_document(data, args.output, what=f"record of {args.ref.upper()}")
    return 0
