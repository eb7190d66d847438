"""`efrp audit [--ref REF]`: print the audit trail."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.settings import Settings


def add(sub: Any) -> None:
    """Register the audit subcommand."""
    p = sub.add_parser("audit", help="print the audit trail (who did what to which record, when)")
    p.add_argument("--ref", action="append", help="only events about this reference (repeatable)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print audit events in time order."""
    from storage import audit
    from storage.db import make_engine, session_scope
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        events = audit.list_events(session=session, refs=args.ref)
    if not events:
        print("no audit events" + (f" for {', '.join(args.ref)}" if args.ref else ""))
        return 0
    for e in events:
        if args.json:
            print(
                json.dumps(
                    {
                        "at": e.at.isoformat(),
                        "actor": e.actor,
                        "action": e.action,
                        "record": f"{e.record_type}:{e.record_id}",
                        "ref": e.ref,
                        "detail": e.detail,
                    }
                )
            )
        else:
            ref = f" {e.ref}" if e.ref else ""
            detail = " " + json.dumps(e.detail, ensure_ascii=False) if e.detail else ""
            record = f"{e.record_type}:{e.record_id}"
            print(f"{e.at:%Y-%m-%d %H:%M:%S}Z {e.actor:<12} {e.action:<24} {record}{ref}{detail}")
    return 0
