"""A consistent copy of a live SQLite database, with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

OWNER_ONLY = 0o600


class BackupError(Exception):
    """The backup cannot be made; the message says why and what to do instead."""


def sqlite_path(database_url: str) -> Path:
    """The file of a sqlite:/// URL; BackupError for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"efrp db backup copies SQLite databases only; this one is {url.get_backend_name()}. "
            "Back up PostgreSQL with pg_dump (see docs/operations.md)."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("EFRP_DATABASE_URL names no database file to back up")
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy a SQLite database (it may be in use) to a new file readable by its owner only; its size."""
    if not source.is_file():
        raise BackupError(f"there is no database at {source} to back up")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    partial = target.with_name(f".{target.name}.partial")
    # Created before SQLite opens it, so it is never readable by anyone else, not even for a moment.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    os.close(fd)
    os.chmod(partial, OWNER_ONLY)  # in case it was left by an earlier, interrupted run
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True)  # never creates one
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)  # one step: a consistent snapshot even while the bot writes
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                if dst.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise BackupError(f"the copy at {target} failed SQLite's integrity check")
            finally:
                dst.close()
        finally:
            src.close()
        if target.exists():
            raise BackupError(f"{target} already exists; choose a new file name")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy {source}: {exc}") from None
    finally:
        if partial.exists():
            partial.unlink()
    return target.stat().st_size
