"""A record's export reads in a fixed number of queries, however many actions and updates it holds."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event, insert
from sqlmodel import select

from bot.records.export import export_record
from bot.standin.harness import COORDINATOR, LocalBot
from bot.standin.server import SlackStandin
from storage.actions import Action, ActionUpdate
from storage.db import session_scope
from tests.reviews.conftest import Ready, open_review, review_values


def _add_actions(bot: LocalBot, ready: Ready, count: int) -> None:
    """`count` more actions of the context, each with one progress update, inserted in bulk."""
    with session_scope(bot.deps.engine) as s:
        first = s.exec(select(Action).where(Action.id == ready.action_ids[0])).one()
        start = len(s.exec(select(Action.id).where(Action.context_id == ready.context.id)).all())
        rows = [
            {
                "context_id": first.context_id,
                "description": f"Extra action {start + i}",
                "owner_id": first.owner_id,
                "owner_agency": first.owner_agency,
                "due_on": first.due_on,
                "kind": first.kind,
                "target": first.target,
                "state": "open",
                "created_by": first.created_by,
                "created_at": first.created_at,
            }
            for i in range(count)
        ]
        s.execute(insert(Action.__table__), rows)  # type: ignore[attr-defined]
        ids = s.exec(select(Action.id).where(Action.context_id == ready.context.id)).all()
        s.execute(
            insert(ActionUpdate.__table__),  # type: ignore[attr-defined]
            [
                {
                    "action_id": i,
                    "author": first.owner_id,
                    "kind": "progress",
                    "text": f"Update {i}",
                    "created_at": first.created_at,
                }
                for i in ids[start:]
            ],
        )


def _export_selects(bot: LocalBot, ref: str) -> tuple[int, str]:
    seen: list[str] = []
    me = threading.get_ident()  # not the delivery worker's claims, woken by the export's commit

    def count(*args: Any, **kwargs: Any) -> None:
        if threading.get_ident() == me:
            seen.append(str(args[2]))

    event.listen(bot.deps.engine, "before_cursor_execute", count)
    try:
        text = export_record(bot.deps, ref=ref, fmt="md", actor=COORDINATOR.id, now=bot.deps.clock.now())
    finally:
        event.remove(bot.deps.engine, "before_cursor_execute", count)
    # The audit chain's advisory lock at commit is a SELECT on PostgreSQL only: it reads no records.
    reads = [q for q in seen if q.lstrip().upper().startswith("SELECT") and "pg_advisory" not in q]
    return len(reads), text


def test_export_query_count_is_the_same_at_10_and_2000_actions(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    view = open_review(bot, standin, ready.context.ref)
    bot.driver().submit(
        COORDINATOR.id, view, review_values(ready, indicators={"universal": ["U-RA-02"]}, narrative="Calmer.")
    )
    bot.settle()
    counts = []
    for total in (10, 2000):
        with session_scope(bot.deps.engine) as s:
            have = len(s.exec(select(Action.id).where(Action.context_id == ready.context.id)).all())
        _add_actions(bot, ready, total - have)
        selects, text = _export_selects(bot, ready.context.ref)
        counts.append(selects)
        assert f"Extra action {total - 1}" in text
        assert f"Update {max(ready.action_ids) + 1}" in text
    assert counts[0] == counts[1]
    assert counts[0] <= 26  # one more since the goals' scales are read
