"""Benchmark the reminder sweep: 100,000 open actions, 5,000 due; prints median/p95 time and query count.

    PYTHONPATH=. python bench/reminders.py                        # SQLite in a temporary directory
    PYTHONPATH=. python bench/reminders.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

With PostgreSQL the URL names a database to connect to for CREATE DATABASE; the benchmark builds its own
databases (efrp_bench_tpl, efrp_bench_run) and drops them afterwards. Every run sweeps a fresh copy, so each
run claims and enqueues all 5,000 reminders.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import Engine

from bot.actions.reminders import sweep
from bot.core.clock import ManualClock
from bot.core.settings import load_settings
from bot.wiring import build_deps
from storage.actions import Action
from storage.contexts import Context
from storage.db import make_engine
from storage.migrate import upgrade

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday: actions due Thursday 26th get their before-due DM
DUE = date(2026, 11, 26)
LATER = date(2027, 3, 1)


def populate(engine: Engine, *, actions: int, due: int, contexts: int) -> None:
    """Invented contexts and actions: ``due`` of them due now, the rest months away."""
    ctx_table = Context.__table__  # type: ignore[attr-defined]
    action_table = Action.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(
            insert(ctx_table),
            [
                {
                    "ref": f"EFRP-2026-{i + 1:05d}",
                    "kind": "public_space",
                    "name": f"Invented place {i}",
                    "area": "",
                    "state": "open",
                    "level": "universal_plus",
                    "focus": [],
                    "created_at": NOW,
                    "accepted_at": NOW,
                    "next_review_on": date(2027, 2, 15),
                }
                for i in range(contexts)
            ],
        )
        ids = [r[0] for r in conn.execute(text("SELECT id FROM context ORDER BY id"))]
        step = max(1, actions // due)
        rows = [
            {
                "context_id": ids[i % len(ids)],
                "description": f"Invented action {i}",
                "owner_id": f"U{i % 900:07d}A",
                "owner_agency": ("Police", "Education", "Health", "Housing")[i % 4],
                "due_on": DUE if i % step == 0 and i // step < due else LATER,
                "kind": "builds_safety",
                "target": "context",
                "state": "open",
                "created_by": "UCOORD0001",
                "created_at": NOW,
            }
            for i in range(actions)
        ]
        for start in range(0, len(rows), 5000):
            conn.execute(insert(action_table), rows[start : start + 5000])


def one_sweep(url: str) -> tuple[float, int, int]:
    """Time one sweep on a fresh copy; returns (seconds, queries, reminders claimed)."""
    settings = load_settings(
        {"EFRP_DATABASE_URL": url, "EFRP_PANEL_CHANNEL": "GPANEL0001", "EFRP_COORDINATORS": "UCOORD0001"}
    )
    engine = make_engine(url)
    deps = build_deps(settings, clock=ManualClock(NOW), engine=engine)
    queries = 0
    me = threading.get_ident()

    def count(*_: Any) -> None:
        nonlocal queries
        if threading.get_ident() == me:
            queries += 1

    event.listen(engine, "before_cursor_execute", count)
    started = time.perf_counter()
    result = sweep(deps)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, queries, len(result.owner_reminders)


def main() -> None:
    """Build the data once, then sweep fresh copies and report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL to create the benchmark databases from")
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=5_000)
    parser.add_argument("--contexts", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    timings: list[tuple[float, int, int]] = []
    with tempfile.TemporaryDirectory(prefix="efrp-bench-") as tmp:
        if args.database_url:
            admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
            base = args.database_url.rsplit("/", 1)[0]
            with admin.connect() as conn:
                for name in ("efrp_bench_run", "efrp_bench_tpl"):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text('CREATE DATABASE "efrp_bench_tpl"'))
            template = make_engine(f"{base}/efrp_bench_tpl")
        else:
            template = make_engine(f"sqlite:///{Path(tmp) / 'template.db'}")
        upgrade(template)
        built = time.perf_counter()
        populate(template, actions=args.actions, due=args.due, contexts=args.contexts)
        print(f"built {args.actions:,} actions ({args.due:,} due) in {time.perf_counter() - built:.1f}s")
        template.dispose()
        for _ in range(args.runs):
            if args.database_url:
                with admin.connect() as conn:
                    conn.execute(text('DROP DATABASE IF EXISTS "efrp_bench_run" WITH (FORCE)'))
                    conn.execute(text('CREATE DATABASE "efrp_bench_run" TEMPLATE "efrp_bench_tpl"'))
                url = f"{base}/efrp_bench_run"
            else:
                run = Path(tmp) / "run.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(run) + suffix).unlink(missing_ok=True)
                shutil.copy(Path(tmp) / "template.db", run)
                url = f"sqlite:///{run}"
            timings.append(one_sweep(url))
        if args.database_url:
            with admin.connect() as conn:
                for name in ("efrp_bench_run", "efrp_bench_tpl"):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    seconds = sorted(t for t, _, _ in timings)
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}; runs: {len(seconds)}")
    print(f"sweep: median {statistics.median(seconds):.2f}s, p95 {p95:.2f}s, min {seconds[0]:.2f}s")
    print(
        f"queries per sweep: {sorted({q for _, q, _ in timings})}; reminders claimed per sweep: "
        f"{sorted({n for _, _, n in timings})}"
    )


if __name__ == "__main__":
    main()
