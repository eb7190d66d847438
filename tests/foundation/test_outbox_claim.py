"""The delivery claim leases many due rows in a fixed number of statements, in order, and never twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from storage import outbox
from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from storage.outbox import Op, State

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def _owe(engine: Any, start: int, stop: int) -> None:
    # One channel each: posts to one channel go one at a time (order within a channel), which is not
    # what this test measures.
    with session_scope(engine) as s:
        for i in range(start, stop):
            outbox.enqueue(
                session=s,
                key=f"t:{i:03d}",
                op=Op.POST,
                channel=f"CTEST{i:04d}",
                payload={"text": "x"},
                now=NOW,
            )


def _claim_counted(engine: Any, limit: int) -> tuple[list[outbox.OutboxMessage], int]:
    seen: list[str] = []
    me = threading.get_ident()

    def count(*args: Any, **kwargs: Any) -> None:
        if threading.get_ident() == me and args[2].lstrip().upper().startswith(("SELECT", "UPDATE")):
            seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        with session_scope(engine) as s:
            rows = outbox.claim(session=s, now=NOW, lease=timedelta(minutes=1), limit=limit)
            s.expunge_all()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return rows, len(seen)


def test_claim_statements_do_not_grow_with_the_rows_claimed(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    _owe(engine, 0, 3)
    few, few_statements = _claim_counted(engine, limit=50)
    _owe(engine, 3, 63)
    many, many_statements = _claim_counted(engine, limit=50)
    rest, _ = _claim_counted(engine, limit=50)
    again, _ = _claim_counted(engine, limit=50)
    engine.dispose()
    assert [r.key for r in few] == ["t:000", "t:001", "t:002"]
    assert [r.key for r in many] == [f"t:{i:03d}" for i in range(3, 53)]  # in order, up to the limit
    assert [r.key for r in rest] == [f"t:{i:03d}" for i in range(53, 63)]
    assert again == []  # every row is leased: none is claimed twice
    assert all(r.state == State.SENDING and r.attempts == 1 for r in few + many + rest)
    assert all(r.lease_until is not None for r in many)
    assert few_statements == many_statements == 2
