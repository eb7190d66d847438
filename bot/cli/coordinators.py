"""`efrp coordinators add/remove/list`: change who the coordinators are, audited, without a restart."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the modules below are imported when a subcommand runs: `efrp --help` stays light
    from sqlmodel import Session

    from bot.core.settings import Settings

OPERATOR = "cli"
MAX_NAME = 80


def add(sub: Any) -> None:
    """Register the coordinators subcommands."""
    p = sub.add_parser(
        "coordinators",
        help="add, remove or list the panel's coordinators (running bots see a change within a minute)",
    )
    csub = p.add_subparsers(dest="coordinators_command", metavar="ACTION", required=True)
    a = csub.add_parser("add", help="make a Slack user a coordinator")
    a.add_argument("user_id", help="the Slack user ID, e.g. U0123ABCD")
    a.add_argument("--as", dest="name", help="how to name them in the list (optional)")
    a.set_defaults(func=_add)
    r = csub.add_parser("remove", help="stop a Slack user being a coordinator (never the last one)")
    r.add_argument("user_id")
    r.set_defaults(func=_remove)
    ls = csub.add_parser("list", help="the coordinators now")
    ls.set_defaults(func=_list)


def _refuse(message: str) -> int:
    print(f"efrp: {message}", file=sys.stderr)
    return 2


def _open(settings: Settings) -> Any:
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine


def _audit(session: Session, action: str, user_id: str, detail: dict[str, Any]) -> None:
    from bot.core.clock import SystemClock
    from storage import audit

    audit.record(
        session=session,
        at=SystemClock().now(),
        actor=OPERATOR,
        action=action,
        record_type="coordinator",
        record_id=user_id,
        detail=detail,
    )


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core.clock import SystemClock
    from bot.core.settings import is_user_id
    from storage import coordinators as store
    from storage.db import session_scope

    user_id = str(args.user_id).strip().upper()
    name = None if args.name is None else " ".join(str(args.name).split())
    if not is_user_id(user_id):
        return _refuse(f"{args.user_id!r} is not a Slack user ID (U0123ABCD); nothing was changed")
    if name is not None and not (0 < len(name) <= MAX_NAME and name.isprintable()):
        return _refuse(f"--as must be a name of 1 to {MAX_NAME} printable characters; nothing was changed")
    engine = _open(settings)
    now = SystemClock().now()
    with session_scope(engine) as session:
        store.seed(session=session, user_ids=settings.coordinators, now=now)
        changed = store.activate(session=session, user_id=user_id, name=name, now=now)
        if changed:
            _audit(session, "coordinator.added", user_id, {"named": name is not None})
    engine.dispose()
    print(f"{user_id} is {'now' if changed else 'already'} a coordinator")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from sqlmodel import col, select

    from bot.core.clock import SystemClock
    from storage import coordinators as store
    from storage.db import session_scope

    user_id = str(args.user_id).strip().upper()
    engine = _open(settings)
    now = SystemClock().now()
    with session_scope(engine) as session:
        store.seed(session=session, user_ids=settings.coordinators, now=now)
        # Lock every active row: two removals at once must not leave the panel without a coordinator.
        current = list(
            session.exec(
                select(store.Coordinator.user_id).where(col(store.Coordinator.active)).with_for_update()
            )
        )
        if user_id not in current:
            engine.dispose()
            return _refuse(f"{user_id} is not a coordinator; nothing was changed")
        if len(current) == 1:
            engine.dispose()
            return _refuse(f"{user_id} is the last coordinator; add another first. Nothing was changed")
        store.deactivate(session=session, user_id=user_id, now=now)
        _audit(session, "coordinator.removed", user_id, {"remaining": len(current) - 1})
    engine.dispose()
    print(f"{user_id} is no longer a coordinator")
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from storage import coordinators as store
    from storage.db import session_scope

    engine = _open(settings)
    with session_scope(engine) as session:
        rows = store.active(session=session)
    engine.dispose()
    if not rows:
        initial = ", ".join(sorted(settings.coordinators)) or "none"
        print(f"none stored yet; EFRP_COORDINATORS ({initial}) will be stored at first start or change")
        return 0
    for row in rows:
        print(f"{row.user_id}  {row.name or '-'}  since {row.changed_at:%Y-%m-%d %H:%M} UTC")
    return 0
