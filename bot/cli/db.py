"""`efrp db upgrade|current`: manage the database schema."""

from __future__ import annotations

import argparse
from typing import Any

from bot.core.settings import Settings
from storage import migrate
from storage.db import make_engine


def add(sub: Any) -> None:
    """Register the db subcommands."""
    p = sub.add_parser("db", help="manage the database schema")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dsub.add_parser("upgrade", help="bring the database (EFRP_DATABASE_URL) to the current schema")
    up.set_defaults(func=run_upgrade)
    cur = dsub.add_parser("current", help="print the database's schema revision")
    cur.set_defaults(func=run_current)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Upgrade to head."""
    engine = make_engine(settings.database_url)
    before = migrate.current_revision(engine)
    migrate.upgrade(engine)
    after = migrate.current_revision(engine)
    print(
        f"database schema: {before or 'empty'} -> {after}"
        if before != after
        else f"database schema is current ({after})"
    )
    return 0


def run_current(args: argparse.Namespace, settings: Settings) -> int:
    """Print the revision."""
    engine = make_engine(settings.database_url)
    rev = migrate.current_revision(engine)
    head = migrate.head_revision(engine)
    print(f"{rev or 'empty'} (newest: {head})")
    return 0
