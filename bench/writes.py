"""Benchmark the write transactions of action changes (mark done, update, reassign) at 1k, 10k, 100k actions.

    PYTHONPATH=. python bench/writes.py                       # SQLite file in a temporary directory
    PYTHONPATH=. python bench/writes.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    PYTHONPATH=. python bench/writes.py --sizes 100000 --runs 100 --owners 1

Loads the agenda benchmark's contexts (10 actions each, 30 % open), spread over `--owners` owners in five
agencies, with two coordinators; refreshes planner statistics as the bot does; then calls the real use
cases (`mark_done`, `post_update`, `reassign`) `--runs` times each. Every transaction is timed from its
first statement to its commit (SQLAlchemy session events), and the write transaction of each call is
reported as percentiles. A change now only owes each person a Home tab (a cheap outbox row, coalesced per
person); the Home is read and built when it is delivered. Side by side, `home ms` times building the Homes
each change owes (the owner's, the new owner's, every coordinator's: `bot.actions.home.home_facts`), which
the previous version did inside the write transaction, so its write took about `write + home` (`old`);
they take seconds at 100k, so only the first `--home-runs` changes of each kind build them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agenda import ACTIONS_PER_CONTEXT, MEETING, database, populate  # the agenda benchmark's loader
from sqlalchemy import String, case, cast, event, func, literal, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.actions.actions import mark_done, post_update
from bot.actions.home import home_facts
from bot.actions.reassign import reassign
from bot.core.clock import ManualClock
from bot.core.deps import Deps
from bot.core.settings import load_settings
from bot.core.templating import make_environment
from storage.actions import Action
from storage.db import refresh_statistics, session_scope
from storage.outbox import Op, OutboxMessage, State

AGENCIES = ("Children's social care", "Police", "Education", "Health", "Youth service")
COORDINATORS = ("UCOORD0001", "UCOORD0002")


class Transactions:
    """Times every session transaction from its first statement to its commit: wall and process CPU ms."""

    def __init__(self) -> None:
        self.started: dict[int, tuple[float, float]] = {}
        self.done: list[tuple[float, float]] = []
        event.listen(Session, "after_begin", self._begin)
        event.listen(Session, "after_commit", self._commit)
        event.listen(Session, "after_rollback", self._rollback)

    def _begin(self, session: Session, *_: Any) -> None:
        self.started.setdefault(id(session), (time.perf_counter(), time.process_time()))

    def _commit(self, session: Session) -> None:
        started = self.started.pop(id(session), None)
        if started is not None:
            wall, cpu = started
            self.done.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))

    def _rollback(self, session: Session) -> None:
        self.started.pop(id(session), None)

    @contextmanager
    def longest(self, walls: list[float], cpus: list[float]) -> Iterator[None]:
        """Record the longest transaction committed inside the block (a change's write)."""
        self.done.clear()
        yield
        wall, cpu = max(self.done)
        walls.append(wall)
        cpus.append(cpu)


def spread(engine: Engine, owners: int) -> None:
    """Give the actions `owners` owners, each of one of five agencies."""
    n = col(Action.id) % owners
    with session_scope(engine) as s:
        s.execute(
            update(Action).values(
                owner_id=literal("UOWN") + cast(n + 10000, String),
                owner_agency=case(*((n % 5 == i, a) for i, a in enumerate(AGENCIES)), else_=AGENCIES[0]),
            )
        )


def analyse(engine: Engine) -> None:
    """Planner statistics, as the bot keeps them (SQLite) or autovacuum does (PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    else:
        refresh_statistics(engine)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def open_actions(engine: Engine, count: int) -> list[tuple[int, str, str]]:
    """(id, owner, agency) of `count` open actions spread over the table."""
    with session_scope(engine) as s:
        total = s.exec(select(func.count()).select_from(Action).where(Action.state == "open")).one()
        step = max(1, total // count)
        rows = s.exec(
            select(Action.id, Action.owner_id, Action.owner_agency)
            .where(Action.state == "open")
            .order_by(col(Action.id))
        ).all()
    return [(int(i or 0), o, a) for i, o, a in rows[::step]][:count]


Change = tuple[Callable[[], object], list[str]]  # the use-case call, and whose Homes it owes


def changes(deps: Deps, runs: int, tag: str) -> dict[str, list[Change]]:
    """`runs` calls of each kind of change, each on its own open action."""
    picked = open_actions(deps.engine, 3 * runs)
    done = [
        (
            partial(mark_done, deps, action_id=a, user=o, note="Plan agreed", view_id=f"{tag}D{n}"),
            [o, *COORDINATORS],
        )
        for n, (a, o, _) in enumerate(picked[:runs])
    ]
    updated = [
        (partial(post_update, deps, action_id=a, user=o, text="Met the officer", view_id=f"{tag}U{n}"), [o])
        for n, (a, o, _) in enumerate(picked[runs : 2 * runs])
    ]
    moved: list[Change] = []
    for n, (a, o, agency) in enumerate(picked[2 * runs :]):
        new_owner = "UOWN" + str(10000 + (int(o[4:]) + 1) % 10000)
        call = partial(
            reassign,
            deps,
            action_id=a,
            user=COORDINATORS[0],
            new_owner=new_owner,
            agency=agency,
            view_id=f"{tag}R{n}",
        )
        moved.append((call, [o, new_owner, *COORDINATORS]))
    return {"mark done": done, "update": updated, "reassign": moved}


def measure(deps: Deps, tx: Transactions, runs: int, home_runs: int, tag: str) -> list[str]:
    """A printed line per kind of change: write transaction percentiles, and the Homes it owes built apart."""
    lines = []
    for kind, calls in changes(deps, runs, tag).items():
        walls: list[float] = []
        cpus: list[float] = []
        homes: list[float] = []
        home_cpus: list[float] = []
        for n, (call, owed_to) in enumerate(calls):
            with tx.longest(walls, cpus):
                call()
            if n < home_runs:  # seconds each at 100k: timed for the first few changes only
                t0, c0 = time.perf_counter(), time.process_time()
                for user in sorted(set(owed_to)):
                    home_facts(deps, user_id=user)
                homes.append((time.perf_counter() - t0) * 1000)
                home_cpus.append((time.process_time() - c0) * 1000)
        figures = [
            pct(walls, 50),
            pct(walls, 90),
            pct(walls, 99),
            pct(cpus, 50),
            pct(cpus, 90),
            pct(cpus, 99),
        ]
        figures += [pct(homes, 50), pct(home_cpus, 50)]
        figures += [pct(walls, 50) + pct(homes, 50), pct(cpus, 50) + pct(home_cpus, 50)]
        lines.append(f"{kind:>10} {len(walls):>4} " + " ".join(f"{f:>7.1f}" for f in figures))
    return lines


def owed_homes(engine: Engine) -> int:
    """Home rows waiting (the bench delivers none: they coalesce, one per person)."""
    with session_scope(engine) as s:
        return s.exec(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.op == Op.HOME, OutboxMessage.state == State.PENDING)
        ).one()


def main() -> int:
    """Run the benchmark and print a table per size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL to create the benchmark database from")
    parser.add_argument("--sizes", default="1000,10000,100000", help="numbers of actions")
    parser.add_argument("--runs", type=int, default=50, help="changes of each kind per size")
    parser.add_argument("--home-runs", type=int, default=5, help="changes whose owed Homes are also built")
    parser.add_argument("--owners", type=int, default=100, help="people the actions are spread over")
    args = parser.parse_args()
    settings = load_settings(
        {"EFRP_DATABASE_URL": "sqlite:///unused.db", "EFRP_COORDINATORS": ",".join(COORDINATORS)}
    )
    load = os.getloadavg()
    print(
        f"{ACTIONS_PER_CONTEXT} actions per context, 30 % open, {args.owners} owners, 2 coordinators; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    tx = Transactions()
    with (
        tempfile.TemporaryDirectory(prefix="efrp-bench-") as tmp,
        database(args.database_url, "writes", Path(tmp)) as engine,
    ):
        deps = Deps(
            settings=settings,
            engine=engine,
            clock=ManualClock(MEETING),
            jinja=make_environment(settings.timezone),
        )
        made = 0
        for size in (int(x) for x in args.sizes.split(",")):
            populate(engine, "weekly", made // ACTIONS_PER_CONTEXT, size // ACTIONS_PER_CONTEXT)
            made = size
            spread(engine, args.owners)
            analyse(engine)
            print(
                f"\n{engine.dialect.name}, {size} actions, ms: the write transaction (wall, CPU), the Homes"
            )
            print("it owes built apart (p50 wall, CPU), both together as the old write did (p50 wall, CPU)")
            heads = ("p50", "p90", "p99", "cpu p50", "cpu p90", "cpu p99", "home", "hm cpu", "old", "old cpu")
            print(f"{'change':>10} {'n':>4} " + " ".join(f"{h:>7}" for h in heads))
            for line in measure(deps, tx, args.runs, args.home_runs, f"S{size}"):
                print(line, flush=True)
            print(f"Home rows waiting after {3 * args.runs} changes: {owed_homes(engine)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
