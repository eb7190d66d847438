"""Benchmark `efrp export` (a context's complete record) at 10 and 2,000 actions, each with one update.

    PYTHONPATH=. python bench/export.py                       # SQLite file in a temporary directory
    PYTHONPATH=. python bench/export.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Builds one accepted context with a decision (tests/factories.py), then adds actions and one progress update
per action in bulk, and times `export_record` (Markdown) after one warm-up run, counting its SELECTs with a
`before_cursor_execute` listener. Prints, per size, median and p95 wall time, the median CPU time of this
process (a shared machine's load stretches the wall time), the queries, and the ratio to the smallest size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agenda import database  # the agenda benchmark's fresh database
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine

from bot.core.clock import ManualClock
from bot.core.deps import Deps
from bot.core.settings import load_settings
from bot.core.templating import make_environment
from bot.records.export import export_record
from storage.actions import Action, ActionUpdate
from storage.db import session_scope
from tests.factories import make_context, make_decision

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def add_actions(engine: Engine, context_id: int, start: int, stop: int) -> None:
    """Actions [start, stop) of the context, each with one update."""
    with session_scope(engine) as s:
        base = {
            "context_id": context_id,
            "owner_id": "UPOLICE001",
            "owner_agency": "Police",
            "due_on": NOW.date(),
            "kind": "builds_safety",
            "target": "context",
            "state": "open",
            "created_by": "UCOORD0001",
            "created_at": NOW,
        }
        ids = s.execute(
            insert(Action.__table__).returning(Action.__table__.c.id),  # type: ignore[attr-defined]
            [base | {"description": f"Action {i}"} for i in range(start, stop)],
        ).scalars()
        updates = [
            {
                "action_id": i,
                "author": "UPOLICE001",
                "kind": "progress",
                "text": "Visited.",
                "created_at": NOW,
            }
            for i in ids
        ]
        s.execute(insert(ActionUpdate.__table__), updates)  # type: ignore[attr-defined]


def measure(deps: Deps, ref: str, runs: int) -> tuple[float, float, float, int]:
    """(median ms, p95 ms, median CPU ms, SELECTs) of one export."""
    seen: list[str] = []

    def count(*args: Any, **kwargs: Any) -> None:
        seen.append(str(args[2]))

    export_record(deps, ref=ref, fmt="md", actor="bench", now=NOW)
    walls, cpus = [], []
    event.listen(deps.engine, "before_cursor_execute", count)
    for _ in range(runs):
        seen.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        export_record(deps, ref=ref, fmt="md", actor="bench", now=NOW)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    event.remove(deps.engine, "before_cursor_execute", count)
    walls.sort()
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    selects = len([q for q in seen if q.lstrip().upper().startswith("SELECT")])
    return statistics.median(walls), p95, statistics.median(cpus), selects


def main() -> int:
    """Run the benchmark and print one line per size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL to create the benchmark database from")
    parser.add_argument("--sizes", default="10,2000", help="numbers of actions of the one context")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    settings = load_settings({"EFRP_DATABASE_URL": "sqlite:///unused.db"})
    print(
        f"{'database':>10} {'actions':>8} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>8} {'queries':>8} "
        f"{'×first':>7}"
    )
    with (
        tempfile.TemporaryDirectory(prefix="efrp-bench-") as tmp,
        database(args.database_url, "export", Path(tmp)) as engine,
    ):
        deps = Deps(
            settings=settings,
            engine=engine,
            clock=ManualClock(NOW),
            jinja=make_environment(settings.timezone),
        )
        context = make_context(engine, now=NOW)
        make_decision(engine, context, now=NOW)
        made, first = 0, None
        for size in (int(x) for x in args.sizes.split(",")):
            add_actions(engine, context.id or 0, made, size)
            made = size
            median, p95, cpu, selects = measure(deps, context.ref, args.runs)
            first = first or median
            print(
                f"{engine.dialect.name:>10} {size:>8} {median:>10.1f} {p95:>8.1f} {cpu:>8.1f} {selects:>8} "
                f"{median / first:>7.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
