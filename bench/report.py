"""Benchmark the system view (`/efh report`, `efrp report`) at 1k, 10k and 100k actions.

    PYTHONPATH=. python bench/report.py                       # SQLite file in a temporary directory
    PYTHONPATH=. python bench/report.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    PYTHONPATH=. python bench/report.py --sizes 1000,10000 --quadratic   # also time the old membership test

Loads contexts with 10 actions each (30 % open, all of one agency: the worst case for a per-agency
grouping) with bulk inserts, then times, after one warm-up run:
  by_agency  the pure `actions_by_agency` over the period's action records;
  report     `build_report`, the whole read and computation behind one `/efh report` (three queries);
and prints the time per 1,000 actions, which stays flat when the work grows linearly. With --quadratic it
also times the previous `a not in done` list-membership test side by side (minutes at 100k: keep the
sizes small) and prints the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agenda import ACTIONS_PER_CONTEXT, MEETING, database, populate  # the agenda benchmark's loader
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col

from bot.core.clock import ManualClock
from bot.core.deps import Deps
from bot.core.settings import load_settings
from bot.core.templating import make_environment
from bot.domain.enums import ActionState
from bot.domain.scaleup_throughput import ActionRecord, actions_by_agency
from bot.report.records import Period, throughput_records
from bot.report.report import build_report
from storage.actions import Action
from storage.db import session_scope

UNTIL = (MEETING + timedelta(days=120)).date()
SINCE = UNTIL - timedelta(days=364)


def quadratic_overdue(actions: Sequence[ActionRecord], as_of: date) -> int:
    """The previous version's overdue count: a list-membership test per action (for comparison only)."""
    live = [a for a in actions if a.state is not ActionState.WITHDRAWN]
    done = [a for a in live if a.state is ActionState.DONE and a.done_on and a.done_on <= as_of]
    return sum(a not in done and a.due_on < as_of for a in live)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(median wall ms, p95 wall ms, median CPU ms of this process) of `runs` calls after one warm-up.

    The CPU time is quoted beside the wall time because a shared machine's load stretches the latter.
    """
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    walls.sort()
    return (
        statistics.median(walls),
        walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))],
        statistics.median(cpus),
    )


def load(engine: Engine, made: int, size: int) -> None:
    """Add contexts until there are `size` actions, each done action with the day it was done."""
    populate(engine, "weekly", made // ACTIONS_PER_CONTEXT, size // ACTIONS_PER_CONTEXT)
    with session_scope(engine) as s:  # the agenda's loader leaves done actions without that day
        s.execute(
            update(Action)
            .where(col(Action.state) == "done", col(Action.done_at).is_(None))
            .values(done_at=MEETING - timedelta(days=10))
        )


def measure(deps: Deps, runs: int, quadratic: bool) -> str:
    """One printed line: the pure grouping, the whole report, and optionally the old membership test."""
    tz = deps.settings.tz
    with session_scope(deps.engine) as s:
        records = throughput_records(session=s, period=Period.of(SINCE, UNTIL, tz), tz=tz).actions
    by_agency, _, _ = timed(partial(actions_by_agency, records, UNTIL), runs)
    report, p95, cpu = timed(partial(build_report, deps, since=SINCE, until=UNTIL, now=MEETING), runs)
    n = len(records)
    line = (
        f"{deps.engine.dialect.name:>10} {n:>8} {by_agency:>13.1f} {by_agency / n * 1000:>7.2f} "
        f"{report:>10.1f} {p95:>8.1f} {cpu:>8.1f} {cpu / n * 1000:>7.2f}"
    )
    if quadratic:
        old, _, _ = timed(partial(quadratic_overdue, records, UNTIL), 1)
        line += f" {old:>10.1f} {old / by_agency:>8.1f}"
    return line


def main() -> int:
    """Run the benchmark and print one line per size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL to create the benchmark database from")
    parser.add_argument("--sizes", default="1000,10000,100000", help="numbers of actions")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quadratic", action="store_true", help="also time the old membership test")
    args = parser.parse_args()
    settings = load_settings({"EFRP_DATABASE_URL": "sqlite:///unused.db"})
    print(f"{ACTIONS_PER_CONTEXT} actions per context, 30 % open, one agency; {args.runs} timed runs")
    print(
        f"{'database':>10} {'actions':>8} {'grouping ms':>13} {'per 1k':>7} {'report ms':>10} "
        f"{'p95':>8} {'cpu ms':>8} {'per 1k':>7}"
        + (f" {'old ms':>10} {'old/new':>8}" if args.quadratic else "")
    )
    with (
        tempfile.TemporaryDirectory(prefix="efrp-bench-") as tmp,
        database(args.database_url, "report", Path(tmp)) as engine,
    ):
        deps = Deps(
            settings=settings,
            engine=engine,
            clock=ManualClock(MEETING),
            jinja=make_environment(settings.timezone),
        )
        made = 0
        for size in (int(x) for x in args.sizes.split(",")):
            load(engine, made, size)
            made = size
            print(measure(deps, args.runs, args.quadratic), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
