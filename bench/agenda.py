"""Benchmark agenda assembly at 1k, 10k and 100k open contexts (10 actions each, 30 % open).

Usage: python bench/agenda.py [--database-url URL] [--sizes 1000,10000,100000] [--runs 7]
Builds synthetic data with bulk inserts in a temporary SQLite file (or the given PostgreSQL database,
which must be empty: the tables are created there), then times `build_agenda` and counts its queries.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, text
from sqlalchemy.engine import Engine

from bot.services.agenda_inputs import build_agenda
from storage.actions import Action
from storage.contexts import Context
from storage.db import make_engine, session_scope
from storage.migrate import upgrade

MEETING = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
ACTIONS_PER_CONTEXT = 10
BATCH = 5000
LEVELS = ("universal", "universal_plus", "complex")
KINDS = ("peer_group", "school", "public_space", "online")


def populate(engine: Engine, start: int, stop: int) -> None:
    """Insert contexts [start, stop) and their actions, in bulk."""
    base = MEETING - timedelta(days=400)
    for lo in range(start, stop, BATCH):
        hi = min(stop, lo + BATCH)
        contexts: list[dict[str, Any]] = []
        actions: list[dict[str, Any]] = []
        for i in range(lo, hi):
            accepted = base + timedelta(hours=i % 9000)
            discussed = None if i % 10 == 0 else accepted + timedelta(days=7)
            contexts.append(
                {
                    "id": i + 1,
                    "ref": f"EFRP-B-{i + 1:07d}",
                    "kind": KINDS[i % 4],
                    "name": f"Context {i + 1}",
                    "area": "Hackney",
                    "state": "open",
                    "level": LEVELS[i % 3],
                    "focus": [],
                    "created_at": accepted,
                    "accepted_at": accepted,
                    "first_discussed_at": discussed,
                    "next_review_on": (MEETING + timedelta(days=(i % 120) - 30)).date(),
                }
            )
            for j in range(ACTIONS_PER_CONTEXT):
                state = "open" if (i + j) % 10 < 3 else "done"
                due: date = (MEETING + timedelta(days=((i * 7 + j * 13) % 120) - 20)).date()
                actions.append(
                    {
                        "context_id": i + 1,
                        "description": f"Action {j} for context {i + 1}",
                        "owner_id": "UPOLICE001",
                        "owner_agency": "Police",
                        "due_on": due,
                        "kind": "builds_safety",
                        "target": "context",
                        "state": state,
                        "created_by": "UCOORD0001",
                        "created_at": accepted,
                    }
                )
        with session_scope(engine) as s:
            s.execute(insert(Context.__table__), contexts)  # type: ignore[attr-defined]
            s.execute(insert(Action.__table__), actions)  # type: ignore[attr-defined]


def measure(engine: Engine, runs: int) -> tuple[float, float, int, int]:
    """(median ms, p95 ms, queries per assembly, agenda items)."""
    queries: list[str] = []

    def count(*args: Any, **kwargs: Any) -> None:
        queries.append(str(args[2]))

    times: list[float] = []
    items = 0
    event.listen(engine, "before_cursor_execute", count)
    per_run = 0
    for _ in range(runs):
        queries.clear()
        t0 = time.perf_counter()
        with session_scope(engine) as s:
            agenda = build_agenda(s, MEETING, "Europe/London")
        times.append((time.perf_counter() - t0) * 1000)
        per_run = len([q for q in queries if q.lstrip().upper().startswith("SELECT")])
        items = len(agenda.items)
    event.remove(engine, "before_cursor_execute", count)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, per_run, items


def main() -> int:
    """Run the benchmark and print one line per size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL URL of an empty database (default: temporary SQLite)"
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="efrp-bench-") as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with engine.begin() as conn:
            if conn.execute(text("SELECT count(*) FROM context")).scalar():
                print("the database is not empty; give an empty one", file=sys.stderr)
                return 2
        print(f"database: {engine.dialect.name}; {ACTIONS_PER_CONTEXT} actions per context, 30 % open")
        print(f"{'contexts':>9} {'actions':>9} {'items':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        made = 0
        for size in (int(x) for x in args.sizes.split(",")):
            populate(engine, made, size)
            made = size
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))  # fresh planner statistics, as autovacuum keeps them in service
            median, p95, queries, items = measure(engine, args.runs)
            print(
                f"{size:>9} {size * ACTIONS_PER_CONTEXT:>9} {items:>7} "
                f"{median:>10.1f} {p95:>8.1f} {queries:>8}",
                flush=True,
            )
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
