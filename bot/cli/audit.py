"""`efrp audit --as NAME [--ref REF] [--json]` prints the trail (the reading itself audited);
`efrp audit verify` checks its hash chain; `efrp audit head` prints the chain head for a log elsewhere."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from bot.cli.actor import actor_of, add_as

if TYPE_CHECKING:
    from bot.core.settings import Settings
    from storage.audit import AuditEvent

_EXPECT = re.compile(r"(\d{1,18}):([0-9a-f]{64})")


def _expected_head(value: str) -> tuple[int, str]:
    match = _EXPECT.fullmatch(value.strip().lower())
    if match is None:
        raise argparse.ArgumentTypeError("POSITION:HASH as `efrp audit head` prints it")
    return int(match.group(1)), match.group(2)


def add(sub: Any) -> None:
    """Register the audit subcommand and its verify and head actions."""
    p = sub.add_parser(
        "audit",
        help="print the audit trail (who did what to which record, when); verify its hash chain",
        description="Without an action: print the trail (requires --as; the reading is audited too).",
    )
    add_as(p)
    p.add_argument("--ref", action="append", help="only events about this reference (repeatable)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=run)
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    v = asub.add_parser(
        "verify",
        help="check that no event was removed, altered or reordered (exit 1 naming the rows if so)",
        description="Walks the hash chain from the first event. Names rows by ID and position only. "
        "Exit 0 with a summary when intact, 1 when not.",
    )
    v.add_argument(
        "--expect",
        action="append",
        type=_expected_head,
        default=[],
        metavar="POSITION:HASH",
        help="a head printed earlier by `efrp audit head` and kept elsewhere; it must still be in the "
        "trail unchanged (catches events removed from the end, or a chain recomputed) (repeatable)",
    )
    v.set_defaults(func=run_verify)
    h = asub.add_parser(
        "head",
        help="print the chain head (POSITION:HASH) to keep outside the database, e.g. in a syslog",
    )
    h.set_defaults(func=run_head)


def _print_json(events: list[AuditEvent]) -> None:
    for e in events:
        row = {
            "at": e.at.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "record": f"{e.record_type}:{e.record_id}",
            "ref": e.ref,
            "detail": e.detail,
            "position": e.seq,
        }
        print(json.dumps(row))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print audit events in time order; the reading is recorded first."""
    from bot.domain.wording import audit_sentence, humanise
    from bot.wiring import build_deps
    from storage import audit
    from storage.db import session_scope
    from storage.migrate import upgrade

    actor = actor_of(args, "audit")
    deps = build_deps(settings)
    upgrade(deps.engine)
    with session_scope(deps.engine) as session:
        audit.record(
            session=session,
            at=deps.clock.now(),
            actor=actor,
            action="audit.viewed",
            record_type="audit",
            record_id="trail",
            detail={"refs": sorted(args.ref or []), "format": "json" if args.json else "text"},
        )
    with session_scope(deps.engine) as session:
        events = audit.list_events(session=session, refs=args.ref)
    if not events:
        print("no audit events" + (f" for {', '.join(args.ref)}" if args.ref else ""))
        return 0
    if args.json:
        _print_json(events)
        return 0
    names = deps.names({e.actor for e in events})
    for e in events:
        sentence = audit_sentence(
            actor=e.actor,
            action=e.action,
            ref=e.ref,
            record=f"{humanise(e.record_type)} {e.record_id}",
            name_of=lambda uid: names.get(uid, uid),
            coordinators=settings.coordinators,
        )
        print(f"{e.at:%Y-%m-%d %H:%M} UTC  {sentence}")
    return 0


def run_verify(args: argparse.Namespace, settings: Settings) -> int:
    """Verify the chain: 0 and a summary when intact, 1 and one line per problem when not."""
    from storage.audit_verify import verify_database

    verdict = verify_database(settings.database_url, expect=tuple(args.expect))
    if verdict.intact:
        print(
            f"audit trail intact: {verdict.events} event(s), positions 1 to {verdict.head_seq}, "
            f"head {verdict.head_seq}:{verdict.head_hash}"
        )
        return 0
    for problem in verdict.problems:
        print(f"efrp audit verify: {problem}", file=sys.stderr)
    print(
        f"audit trail NOT intact: {len(verdict.problems)} problem(s) in {verdict.events} event(s)",
        file=sys.stderr,
    )
    return 1


def run_head(args: argparse.Namespace, settings: Settings) -> int:
    """Print the latest event's position and hash, POSITION:HASH, for a log outside this database."""
    from storage.audit_chain import read_head
    from storage.db import make_engine, session_scope
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            head = read_head(session)
    finally:
        engine.dispose()
    print(f"{head.seq}:{head.hash}")
    return 0
