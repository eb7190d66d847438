"""Benchmark agenda assembly at 1k, 10k and 100k open contexts (10 actions each, 30 % open), in two shapes.

    PYTHONPATH=. python bench/agenda.py                        # SQLite files in a temporary directory
    PYTHONPATH=. python bench/agenda.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Shapes of data:
  weekly  a panel on a 12-week review cycle: reviews spread evenly over the cycle (about 1 in 12 due by the
          meeting), 1 % of contexts not yet discussed, 2 % of open actions overdue;
  harsh   half of all open contexts on the agenda (10 % never discussed, reviews due for a quarter, many
          overdue actions): a stress case, not a real panel.

Each shape is loaded with bulk inserts into its own database. With PostgreSQL the URL names a database to
connect to for CREATE DATABASE: the benchmark creates efrp_bench_agenda_<shape>, runs ANALYZE after loading
(as autovacuum would) and drops the database afterwards. SQLite gets its statistics as `efrp serve` gives
them at start (`storage.db.refresh_statistics`; `--no-sqlite-stats` to leave them out). Then
`build_agenda` (the read plus `assemble_agenda`) is timed after one warm-up run, and its SELECTs counted,
at each size; the CPU time of the process is printed beside the wall time (it is less stretched by other work
on the machine).

Side by side with another version of the code (`--baseline DIR`, a copy of an earlier tree, for example
`git archive <commit> | tar -x -C DIR`): on the same database, each version times `build_agenda` in its own
process with its own code, in alternating rounds (`--rounds`), and the ratio of the medians is printed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import Engine

from bot.meetings.agenda_inputs import build_agenda
from storage.actions import Action
from storage.contexts import Context
from storage.db import make_engine, refresh_statistics, session_scope
from storage.migrate import upgrade

MEETING = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
ACTIONS_PER_CONTEXT = 10
BATCH = 5000
LEVELS = ("universal", "universal_plus", "complex")
KINDS = ("peer_group", "school", "public_space", "online")


def _harsh(i: int, j: int) -> tuple[bool, int, int]:
    """(discussed, review offset in days, due offset in days) for context i, action j."""
    return i % 10 != 0, (i % 120) - 30, ((i * 7 + j * 13) % 120) - 20


def _weekly(i: int, j: int) -> tuple[bool, int, int]:
    """A 12-week review cycle, 1 % new, open actions due over the next 100 days with 2 % of them overdue."""
    return i % 100 != 0, (i % 84) - 6, ((i * 7 + j * 13) % 100) - 2


SHAPES: dict[str, Callable[[int, int], tuple[bool, int, int]]] = {"weekly": _weekly, "harsh": _harsh}


def populate(engine: Engine, shape: str, start: int, stop: int) -> None:
    """Insert contexts [start, stop) and their actions, in bulk."""
    plan = SHAPES[shape]
    base = MEETING - timedelta(days=400)
    for lo in range(start, stop, BATCH):
        hi = min(stop, lo + BATCH)
        contexts: list[dict[str, Any]] = []
        actions: list[dict[str, Any]] = []
        for i in range(lo, hi):
            accepted = base + timedelta(hours=i % 9000)
            discussed, review_in, _ = plan(i, 0)
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
                    "first_discussed_at": accepted + timedelta(days=7) if discussed else None,
                    "next_review_on": (MEETING + timedelta(days=review_in)).date(),
                }
            )
            for j in range(ACTIONS_PER_CONTEXT):
                due: date = (MEETING + timedelta(days=plan(i, j)[2])).date()
                actions.append(
                    {
                        "context_id": i + 1,
                        "description": f"Action {j} for context {i + 1}",
                        "owner_id": "UPOLICE001",
                        "owner_agency": "Police",
                        "due_on": due,
                        "kind": "builds_safety",
                        "target": "context",
                        "state": "open" if (i + j) % 10 < 3 else "done",
                        "created_by": "UCOORD0001",
                        "created_at": accepted,
                    }
                )
        with session_scope(engine) as s:
            s.execute(insert(Context.__table__), contexts)  # type: ignore[attr-defined]
            s.execute(insert(Action.__table__), actions)  # type: ignore[attr-defined]


def measure(engine: Engine, runs: int) -> tuple[float, float, float, int, int]:
    """(median ms, p95 ms, median CPU ms, SELECTs per assembly, agenda items)."""
    queries: list[str] = []

    def count(*args: Any, **kwargs: Any) -> None:
        queries.append(str(args[2]))

    times: list[float] = []
    cpu: list[float] = []
    items = 0
    per_run = 0
    with session_scope(engine) as s:
        build_agenda(s, MEETING, "Europe/London")  # warm the statement cache and the database's pages
    gc.collect()
    gc.freeze()  # as `efrp serve` does once started: full collections walk only what requests make
    event.listen(engine, "before_cursor_execute", count)
    for _ in range(runs):
        queries.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        with session_scope(engine) as s:
            agenda = build_agenda(s, MEETING, "Europe/London")
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        per_run = len([q for q in queries if q.lstrip().upper().startswith("SELECT")])
        items = len(agenda.items)
    event.remove(engine, "before_cursor_execute", count)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, statistics.median(cpu), per_run, items


# Run by each version under comparison, in its own tree: argv = database URL, runs, meeting time.
_TIMER = """
import gc, json, sys, time
from datetime import datetime
from bot.meetings.agenda_inputs import build_agenda
from storage.db import make_engine, session_scope
engine = make_engine(sys.argv[1])
meeting = datetime.fromisoformat(sys.argv[3])
with session_scope(engine) as s:
    build_agenda(s, meeting, "Europe/London")
gc.collect()
gc.freeze()  # as `efrp serve` does once started: full collections walk only what requests make
wall, cpu = [], []
for _ in range(int(sys.argv[2])):
    t0, c0 = time.perf_counter(), time.process_time()
    with session_scope(engine) as s:
        items = len(build_agenda(s, meeting, "Europe/London").items)
    wall.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
print(json.dumps({"wall": wall, "cpu": cpu, "items": items}))
"""


def time_tree(tree: Path, url: str, runs: int) -> dict[str, Any]:
    """Wall and CPU ms of `runs` agenda builds by the code in `tree`, in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", _TIMER, url, str(runs), MEETING.isoformat()],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


def side_by_side(engine: Engine, baseline: Path, rounds: int, runs: int) -> str:
    """Median wall and CPU ms of the baseline's code and this tree's, alternating, and their ratios."""
    url = engine.url.render_as_string(hide_password=False)
    trees = {"baseline": baseline.resolve(), "this": Path(__file__).resolve().parents[1]}
    got: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in trees}
    items = {}
    for r in range(rounds):
        for name in sorted(trees, reverse=r % 2 == 1):  # each goes first in every other round
            result = time_tree(trees[name], url, runs)
            got[name]["wall"] += result["wall"]
            got[name]["cpu"] += result["cpu"]
            items[name] = result["items"]
    med = {name: {k: statistics.median(v) for k, v in got[name].items()} for name in trees}
    low = {name: {k: min(v) for k, v in got[name].items()} for name in trees}
    return (
        f"    median: baseline {med['baseline']['wall']:.1f} ms (CPU {med['baseline']['cpu']:.1f}), "
        f"this {med['this']['wall']:.1f} ms (CPU {med['this']['cpu']:.1f}); this/baseline: "
        f"wall {med['this']['wall'] / med['baseline']['wall']:.2f}, "
        f"CPU {med['this']['cpu'] / med['baseline']['cpu']:.2f}\n"
        f"    least:  baseline {low['baseline']['wall']:.1f} ms (CPU {low['baseline']['cpu']:.1f}), "
        f"this {low['this']['wall']:.1f} ms (CPU {low['this']['cpu']:.1f}); this/baseline: "
        f"wall {low['this']['wall'] / low['baseline']['wall']:.2f}, "
        f"CPU {low['this']['cpu'] / low['baseline']['cpu']:.2f}\n"
        f"    items {items['baseline']} vs {items['this']}; {rounds} rounds of {runs} runs each"
    )


@contextmanager
def database(admin_url: str | None, shape: str, tmp: Path) -> Iterator[Engine]:
    """A fresh, migrated database for one shape, removed afterwards."""
    if admin_url is None:
        engine = make_engine(f"sqlite:///{tmp / f'{shape}.db'}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
        return
    name = f"efrp_bench_agenda_{shape}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(admin_url.rsplit("/", 1)[0] + "/" + name)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    """Run the benchmark and print one line per shape and size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL to create the benchmark databases from")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--shapes", default="weekly,harsh", help="comma-separated: weekly, harsh")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--no-sqlite-stats", dest="sqlite_stats", action="store_false", help="SQLite without ANALYZE"
    )
    parser.add_argument("--baseline", type=Path, help="a tree of another version to time side by side")
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds with --baseline")
    args = parser.parse_args()
    shapes = args.shapes.split(",")
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s): {', '.join(unknown)}")
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"{ACTIONS_PER_CONTEXT} actions per context, 30 % open; {args.runs} timed runs per size")
    print(
        f"{'database':>10} {'shape':>7} {'contexts':>9} {'actions':>9} {'items':>6} "
        f"{'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'queries':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="efrp-bench-") as tmp:
        for shape in shapes:
            with database(args.database_url, shape, Path(tmp)) as engine:
                made = 0
                for size in sizes:
                    populate(engine, shape, made, size)
                    made = size
                    if engine.dialect.name == "postgresql":
                        # Planner statistics, as autovacuum keeps them in service.
                        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                            conn.execute(text("ANALYZE"))
                    elif args.sqlite_stats:  # as `efrp serve` and `efrp db upgrade` give them
                        refresh_statistics(engine)
                    median, p95, cpu, queries, items = measure(engine, args.runs)
                    print(
                        f"{engine.dialect.name:>10} {shape:>7} {size:>9} {size * ACTIONS_PER_CONTEXT:>9} "
                        f"{items:>6} {median:>10.1f} {p95:>8.1f} {cpu:>7.1f} {queries:>8}",
                        flush=True,
                    )
                    if args.baseline is not None:
                        print(side_by_side(engine, args.baseline, args.rounds, args.runs), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
