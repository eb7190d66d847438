"""The records a message names when it lists several (a reminder digest, a panel listing).

A message about one record carries it in its outbox key (`action:12:…`), which is how the retention
schedule finds it. A digest or a listing names several: each is recorded here, by record type and ID (no
content), in the transaction that owes the message, so that the message leaves Slack with any record it
named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, select

__all__ = ["CONTEXT", "REFERRAL", "OutboxMention", "keys_naming", "record"]

CONTEXT = "context"
REFERRAL = "referral"
_CHUNK = 500  # IDs per IN (…): within every database's limit on bound parameters


class OutboxMention(SQLModel, table=True):
    """One record named by one owed message (by the message's outbox key)."""

    __tablename__ = "outbox_mention"
    __table_args__ = (
        UniqueConstraint("message_key", "record_type", "record_id"),
        Index("ix_outbox_mention_record", "record_type", "record_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    message_key: str = Field(max_length=200)
    record_type: str = Field(max_length=16)  # context / referral
    record_id: int


def record(*, session: Session, names: Iterable[tuple[str, str, int]]) -> None:
    """Note (message key, record type, record ID) triples in one statement; each is kept once."""
    rows = [{"message_key": k, "record_type": t, "record_id": int(i)} for k, t, i in set(names)]
    if not rows:
        return
    table = OutboxMention.__table__  # type: ignore[attr-defined]
    stmt: Any = pg_insert(table) if session.get_bind().dialect.name == "postgresql" else sqlite_insert(table)
    session.execute(stmt.on_conflict_do_nothing(), rows)


def keys_naming(*, session: Session, record_type: str, ids: Sequence[int]) -> set[str]:
    """The outbox keys of the messages that name any of these records."""
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        found.update(
            session.exec(
                select(OutboxMention.message_key).where(
                    OutboxMention.record_type == record_type,
                    col(OutboxMention.record_id).in_(ids[start : start + _CHUNK]),
                )
            )
        )
    return found
