"""Engine factory and one session per unit of work."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

# A database that stops answering must cost a person seconds, not minutes: Slack gives up after 3 s.
SQLITE_BUSY_TIMEOUT_MS = 2_500  # a writer waits this long for another writer's lock, inside Slack's 3 s
CONNECT_TIMEOUT_S = 2  # PostgreSQL: libpq's minimum
STATEMENT_TIMEOUT_MS = 15_000  # PostgreSQL: any one statement, lock waits included (bulk jobs fit)
POOL_TIMEOUT_S = 2.0  # waiting for a free pooled connection
HEALTH_DEADLINE_S = 0.8  # /healthz answers within a second either way
READ_ONLY = "efrp_read_only"  # execution option of a read_scope's connection


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Build the engine for a database URL: SQLite in WAL mode with a busy timeout, or PostgreSQL."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            hide_parameters=True,  # an error's text must never carry a row's values into a log
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # SQLite's own transaction handling defers BEGIN; take it over so that
            # BEGIN IMMEDIATE can be issued for writes and the busy timeout applies.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # IMMEDIATE takes the write lock up front, so two writers queue on the busy
            # timeout instead of failing with "database is locked" on lock upgrade.
            # A read_scope begins deferred: in WAL mode it reads alongside a writer, holding nobody up.
            read_only = conn.get_execution_options().get(READ_ONLY, False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            # Sessions in UTC: every timestamp is stored and read in UTC (timestamptz), so the driver hands
            # back datetimes already in `datetime.UTC`, with nothing left to convert per value; no query uses
            # the session's time zone (local dates are worked out in Python, in EFRP_TIMEZONE).
            "options": _options(url, f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c timezone=UTC"),
        },
    )


def _options(url: str, ours: str) -> str:
    # connect_args replace the URL's own `options` (e.g. `?options=-c search_path=efrp`): keep both.
    theirs = make_url(url).query.get("options")
    given = " ".join(theirs) if isinstance(theirs, tuple) else theirs
    return f"{given} {ours}" if given else ours


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One session per unit of work: commit on success, roll back on error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work that only reads (rolled back at the end); on SQLite it takes no write lock."""
    session = Session(engine, expire_on_commit=False)
    try:
        session.connection(execution_options={READ_ONLY: True})
        yield session
    finally:
        session.rollback()
        session.close()


def ping(engine: Engine) -> bool:
    """Whether the database answers a trivial query."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def is_postgres(engine: Engine) -> bool:
    """Whether the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


class HealthProbe:
    """Answers "does the database answer?" within HEALTH_DEADLINE_S, however long the database takes.

    One ping runs at a time on its own thread (bounded by the connect and statement timeouts); a health
    check that arrives meanwhile waits for that ping instead of starting another.
    """

    def __init__(self, engine: Engine, deadline_s: float = HEALTH_DEADLINE_S) -> None:
        self._engine = engine
        self._deadline_s = deadline_s
        self._lock = threading.Lock()
        self._done: threading.Event | None = None
        self._result = False

    def healthy(self) -> bool:
        """Whether the database answered a trivial query within the deadline."""
        with self._lock:
            done = self._done
            if done is None:
                done = self._done = threading.Event()
                threading.Thread(target=self._ping, args=(done,), name="efrp-health", daemon=True).start()
        return done.wait(self._deadline_s) and self._result

    def _ping(self, done: threading.Event) -> None:
        result = ping(self._engine)
        with self._lock:
            self._result = result
            self._done = None
        done.set()


def refresh_statistics(engine: Engine) -> None:
    """Give SQLite's query planner statistics, as PostgreSQL's autovacuum keeps its own.

    Without them SQLite guesses, and an empty Home tab at 100,000 actions walks the ``(state, due_on)``
    index instead of the owner's rows. The first time this runs ``ANALYZE``; later ``PRAGMA optimize``
    analyses again only the tables whose size changed a lot. ``analysis_limit`` bounds the work on a large
    database to a sample of each index. Nothing to do on PostgreSQL.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        analysed = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("PRAGMA optimize" if analysed else "ANALYZE")
