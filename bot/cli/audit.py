"""`efrp audit [--ref REF] [--json]`: print the audit trail as sentences, or as JSON lines for machines."""

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
    from bot.domain.wording import audit_sentence, humanise
    from bot.runtime import build_deps
    from storage import audit
    from storage.db import session_scope
    from storage.migrate import upgrade

    deps = build_deps(settings)
    upgrade(deps.engine)
    with session_scope(deps.engine) as session:
        events = audit.list_events(session=session, refs=args.ref)
    if not events:
        print("no audit events" + (f" for {', '.join(args.ref)}" if args.ref else ""))
        return 0
    for e in events if args.json else ():
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
    if not args.json:
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
