"""`efrp db upgrade|current|backup`: manage the database schema and back up SQLite."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.settings import Settings


def add(sub: Any) -> None:
    """Register the db subcommands."""
    p = sub.add_parser("db", help="manage the database schema")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dsub.add_parser("upgrade", help="bring the database (EFRP_DATABASE_URL) to the current schema")
    up.set_defaults(func=run_upgrade)
    cur = dsub.add_parser("current", help="print the database's schema revision")
    cur.set_defaults(func=run_current)
    bak = dsub.add_parser(
        "backup",
        help="copy a SQLite database (safe while the bot runs) to FILE, readable by its owner only",
        description="Copies the SQLite database in EFRP_DATABASE_URL with SQLite's online backup API: a "
        "consistent snapshot even while efrp serve writes. FILE must not exist; it is created with mode "
        "0600. PostgreSQL is backed up with pg_dump instead (docs/operations.md).",
    )
    bak.add_argument("file", metavar="FILE", help="the new backup file")
    bak.set_defaults(func=run_backup)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Upgrade to head, and refresh SQLite's planner statistics."""
    from storage import migrate
    from storage.db import make_engine, refresh_statistics

    engine = make_engine(settings.database_url)
    before = migrate.current_revision(engine)
    migrate.upgrade(engine)
    refresh_statistics(engine)
    after = migrate.current_revision(engine)
    print(
        f"database schema: {before or 'empty'} -> {after}"
        if before != after
        else f"database schema is current ({after})"
    )
    return 0


def run_current(args: argparse.Namespace, settings: Settings) -> int:
    """Print the revision."""
    from storage import migrate
    from storage.db import make_engine

    engine = make_engine(settings.database_url)
    rev = migrate.current_revision(engine)
    head = migrate.head_revision(engine)
    print(f"{rev or 'empty'} (newest: {head})")
    return 0


def run_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Back up a SQLite database to a new file (exit 2 on PostgreSQL, 1 if the copy cannot be made)."""
    from storage.backup import BackupError, backup_sqlite, sqlite_path

    try:
        source = sqlite_path(settings.database_url)
    except BackupError as exc:
        print(f"efrp: {exc}", file=sys.stderr)
        return 2
    try:
        size = backup_sqlite(source, Path(args.file))
    except (BackupError, OSError) as exc:
        print(f"efrp: cannot back up the database: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {source} to {args.file} ({size} bytes, readable by its owner only)")
    return 0
