"""Fixtures: a fresh database per test (SQLite, or PostgreSQL via EFRP_TEST_DATABASE_URL), the Slack
stand-in, and the real bot over real HTTP."""

from __future__ import annotations

import compileall
import itertools
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.core.clock import ManualClock
from bot.standin.harness import LocalBot, local_settings, standin_workspace
from bot.standin.server import SlackStandin
from storage.db import make_engine
from storage.migrate import upgrade

TEST_DB = os.environ.get("EFRP_TEST_DATABASE_URL", "").strip()
_counter = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    """Compile the app's modules once, before the workers start (in the controller only).

    Many tests run `efrp` as a real process: each would otherwise compile every module it imports from
    source again where bytecode is not written (PYTHONDONTWRITEBYTECODE, as on CI machines).
    """
    if not hasattr(config, "workerinput"):
        root = Path(__file__).resolve().parents[1]
        for package in ("bot", "handlers", "storage"):
            compileall.compile_dir(root / package, quiet=1, workers=0)


def pytest_report_header() -> str:
    return f"EFRP database under test: {'PostgreSQL ' + TEST_DB if TEST_DB else 'SQLite (temporary files)'}"


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated template database, cloned for each test."""
    if TEST_DB:
        admin = create_engine(TEST_DB, isolation_level="AUTOCOMMIT")
        name = f"efrp_tpl_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = TEST_DB.rsplit("/", 1)[0] + "/" + name
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield name
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("tpl") / "template.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
        yield str(path)


class _PostgresDatabases:
    """Per-test PostgreSQL databases, each cloned from the template before it is wanted and dropped
    after, on one background thread, so no test waits for CREATE or DROP DATABASE."""

    def __init__(self, template: str) -> None:
        self._admin = create_engine(TEST_DB, isolation_level="AUTOCOMMIT")
        self._template = template
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        self._next = self._pool.submit(self._create)

    def take(self) -> str:
        """A fresh, migrated database's name."""
        name = self._next.result()
        self._next = self._pool.submit(self._create)
        return name

    def give_back(self, name: str) -> None:
        """Drop a test's database, later."""
        self._pool.submit(self._drop, name)

    def close(self) -> None:
        """Drop the spare database and wait for every drop."""
        self._drop(self._next.result())
        self._pool.shutdown(wait=True)
        self._admin.dispose()

    def _create(self) -> str:
        name = f"efrp_t{os.getpid()}_{next(_counter)}"
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"'))
        return name

    def _drop(self, name: str) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def _postgres_databases(_template: str) -> Iterator[_PostgresDatabases]:
    databases = _PostgresDatabases(_template)
    yield databases
    databases.close()


@pytest.fixture
def database_url(request: pytest.FixtureRequest, _template: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if TEST_DB:
        databases: _PostgresDatabases = request.getfixturevalue("_postgres_databases")
        name = databases.take()
        yield _test_url(name)
        databases.give_back(name)
    else:
        path = tmp_path / "efrp.db"
        shutil.copy(_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (for migration tests)."""
    if TEST_DB:
        admin = create_engine(TEST_DB, isolation_level="AUTOCOMMIT")
        name = f"efrp_e{os.getpid()}_{next(_counter)}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield _test_url(name)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        yield f"sqlite:///{tmp_path / 'empty.db'}"


def _test_url(name: str) -> str:
    # A test database needs no durability: its commits need not wait for the disk (the bot's own
    # settings are untouched; this is the connection's option, as an operator could set it).
    return TEST_DB.rsplit("/", 1)[0] + "/" + name + "?options=-c%20synchronous_commit%3Doff"


@pytest.fixture
def standin() -> Iterator[SlackStandin]:
    """The Slack Web API stand-in with the invented workspace."""
    with SlackStandin() as s:
        standin_workspace(s)
        yield s


@pytest.fixture
def clock() -> ManualClock:
    """A clock the test moves: Monday 23 November 2026, 10:00 London (UTC in winter)."""
    return ManualClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))


@pytest.fixture
def make_bot(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> Iterator[Callable[..., LocalBot]]:
    """Start the real bot in-process over HTTP (settings overridable); stopped after the test."""
    bots: list[LocalBot] = []

    def factory(**overrides: str) -> LocalBot:
        bot = LocalBot(local_settings(standin, database_url, **overrides), standin, clock=clock).start()
        bots.append(bot)
        return bot

    yield factory
    for b in bots:
        b.stop()


@pytest.fixture
def bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The real bot with default settings."""
    return make_bot()


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll until predicate() is truthy; fail the test with a clear message otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
