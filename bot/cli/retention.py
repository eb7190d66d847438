"""`efrp retention purge` (the council's schedule, applied now) and `efrp subject` (access and correction)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.cli.actor import actor_of, add_as

if TYPE_CHECKING:
    from bot.core.settings import Settings


def add(sub: Any) -> None:
    """Register the retention and subject subcommands."""
    retention = sub.add_parser("retention", help="apply the council's retention schedule (EFRP_RETENTION)")
    rsub = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    purge = rsub.add_parser(
        "purge",
        help="delete what the retention schedule says has expired",
        description="Deletes declined referrals, closed or stepped-down contexts with everything hanging "
        "off them, old delivery rows, reminder claims and receipts once their period (EFRP_RETENTION) has "
        "passed, except records on legal hold (/efh hold). The bot's own Slack messages about purged "
        "records are deleted. Prints, audits and tells the coordinators what was removed: record types "
        "and counts only. `efrp serve` does the same once a day.",
    )
    purge.add_argument("--dry-run", action="store_true", help="count what would go; change nothing")
    purge.add_argument(
        "--as-of", metavar="ISO-8601", help="apply the schedule as of this moment (default: now)"
    )
    add_as(purge)
    purge.set_defaults(func=run_purge)
    subject = sub.add_parser(
        "subject",
        help="every record naming a young person's case reference (subject access), or correct it",
        description="Exports every referral, context, decision and review that names a case reference "
        "(Markdown or HTML, user text escaped). With --replace, corrects a mistyped reference everywhere "
        "instead; the new one must match EFRP_CASE_REF_PATTERN. Both are audited.",
    )
    subject.add_argument(
        "case_ref", metavar="CASE_REF", help="a young person's case reference, e.g. YP-100234"
    )
    subject.add_argument("--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML")
    subject.add_argument("-o", "--output", help="write to this file instead of standard output")
    subject.add_argument("--replace", metavar="NEW_REF", help="correct CASE_REF to NEW_REF in every record")
    add_as(subject)
    subject.set_defaults(func=run_subject)


def _moment(raw: str | None, default: datetime) -> datetime:
    from bot.core.errors import InvalidInput

    if not raw:
        return default
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            "--as-of must be an ISO-8601 date or time, e.g. 2026-12-01 or 2026-12-01T09:00Z."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_purge(args: argparse.Namespace, settings: Settings) -> int:
    """Purge (or count) and print what went, by record type."""
    from bot.records.retention import purge
    from bot.wiring import build_deps, make_deliverer
    from storage.migrate import upgrade

    actor = actor_of(args, "retention purge")
    deps = build_deps(settings)
    upgrade(deps.engine)
    as_of = _moment(args.as_of, deps.clock.now())
    report = purge(deps, as_of=as_of, actor=actor, dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    print(f"retention schedule {settings.retention} as of {as_of.isoformat()}: {verb}")
    for kind, count in report.counts.items():
        print(f"  {kind}: {count}")
    if not report.counts:
        print("  nothing")
    print(f"  Slack messages and files to take back: {report.slack_messages}")
    print(f"  kept on legal hold: {report.held}")
    if not args.dry_run and settings.bot_token and report.total:
        make_deliverer(deps).drain()  # the deletions and the coordinators' DMs, now
    return 0


def run_subject(args: argparse.Namespace, settings: Settings) -> int:
    """Export every record naming the reference, or correct the reference everywhere."""
    from bot.cli.output import write_document
    from bot.records.correction import correct_reference
    from bot.records.subject import subject_access
    from bot.wiring import build_deps
    from storage.migrate import upgrade

    actor = actor_of(args, "subject")
    deps = build_deps(settings)
    upgrade(deps.engine)
    if args.replace:
        changed = correct_reference(deps, case_ref=args.case_ref, new_ref=args.replace, actor=actor)
        print(f"corrected in {sum(changed.values())} record(s)")
        for table, count in sorted(changed.items()):
            print(f"  {table}: {count}")
        return 0
    data = subject_access(deps, case_ref=args.case_ref, fmt=args.format, actor=actor)
    write_document(data, args.output, what="subject access export")
    return 0
