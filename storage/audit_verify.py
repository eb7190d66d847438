"""Check the audit trail's hash chain: every row removed, altered, reordered or slipped in is named.

Findings name a row by its ID and its position in the chain, never by what it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine
from sqlmodel import Session

from storage.audit_chain import GENESIS, content_hash, iter_chain, unchained_ids


@dataclass
class Verdict:
    """What `efrp audit verify` found."""

    events: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Whether nothing was found wrong."""
        return not self.problems


def _where(row: Any) -> str:
    return f"row id {row.id} (position {row.seq})"


def _check_row(row: Any, prev: Any | None, expected_seq: int, prev_hash: str) -> list[str]:
    """What is wrong with one row given the row before it in the chain."""
    found: list[str] = []
    if row.row_hash != content_hash(row._asdict(), seq=int(row.seq), prev_hash=str(row.prev_hash or "")):
        found.append(f"{_where(row)} was altered: its content no longer matches its hash")
    if row.seq > expected_seq:
        missing = f"position {expected_seq}" + (f"–{row.seq - 1}" if row.seq - 1 > expected_seq else "")
        before = f" after row id {prev.id}" if prev is not None else " at the start of the trail"
        found.append(f"{missing} removed: missing before {_where(row)}{before}")
    elif row.prev_hash != prev_hash:
        after = f"row id {prev.id}" if prev is not None else "the start of the trail"
        found.append(f"{_where(row)} does not follow {after}: the trail was reordered or rewritten here")
    if prev is not None and row.id <= prev.id:
        found.append(f"{_where(row)} is out of order: its ID is not after row id {prev.id}'s")
    return found


def verify(session: Session, *, expect: tuple[tuple[int, str], ...] = ()) -> Verdict:
    """Walk the chain from its first event; `expect`: heads kept elsewhere earlier (position, hash)."""
    verdict = Verdict()
    prev: Any | None = None
    prev_hash, expected_seq = GENESIS, 1
    wanted = dict(expect)
    for row in iter_chain(session):
        verdict.events += 1
        verdict.problems.extend(_check_row(row, prev, expected_seq, prev_hash))
        if row.seq in wanted and wanted.pop(row.seq) != row.row_hash:
            verdict.problems.append(
                f"{_where(row)} differs from the head recorded elsewhere for its position"
            )
        prev, prev_hash, expected_seq = row, str(row.row_hash), int(row.seq) + 1
    if prev is not None:
        verdict.head_seq, verdict.head_hash = int(prev.seq), str(prev.row_hash)
    for seq in sorted(wanted):
        verdict.problems.append(
            f"position {seq}, recorded elsewhere as a head, is gone: events were removed from the end"
        )
    for row_id in unchained_ids(session):
        verdict.problems.append(f"row id {row_id} is not in the chain: it was written around the bot")
    return verdict


def verify_database(url: str, *, expect: tuple[tuple[int, str], ...] = ()) -> Verdict:
    """Verify the trail of the database at `url`, as a reader that never holds up the bot's writers."""
    from storage.db import make_engine

    # SQLite: the bot's engine opens every transaction BEGIN IMMEDIATE (the write lock); a plain engine
    # reads WAL snapshots beside the writers instead, however long the trail.
    sqlite = url.startswith("sqlite")
    engine = create_engine(url, hide_parameters=True) if sqlite else make_engine(url)
    try:
        with Session(engine) as session:
            return verify(session, expect=expect)
    finally:
        engine.dispose()
