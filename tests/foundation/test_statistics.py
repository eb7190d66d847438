"""SQLite gets planner statistics when the schema is brought up to date (PostgreSQL keeps its own)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from storage.db import make_engine
from storage.migrate import upgrade
from tests.factories import make_action, make_context
from tests.process import bot_env, run_efrp

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _stats(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        has = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
        rows = conn.execute(text("SELECT tbl FROM sqlite_stat1")).all() if has else []
    engine.dispose()
    return {r[0] for r in rows}


def test_db_upgrade_analyses_sqlite_and_can_run_again(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's autovacuum keeps its planner statistics itself")
    engine = make_engine(database_url)
    upgrade(engine)
    ctx = make_context(engine, now=NOW)
    for day in range(5):
        make_action(engine, ctx, now=NOW, due_on=NOW.date() + timedelta(days=day))
    engine.dispose()
    assert _stats(database_url) == set()
    first = run_efrp("db", "upgrade", env=bot_env(None, database_url))
    assert first.returncode == 0, first.stderr
    assert {"action", "context"} <= _stats(database_url)
    again = run_efrp("db", "upgrade", env=bot_env(None, database_url))  # PRAGMA optimize from now on
    assert again.returncode == 0, again.stderr
    assert "action" in _stats(database_url)


def test_db_upgrade_on_postgresql_leaves_statistics_to_autovacuum(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("the SQLite case is above")
    result = run_efrp("db", "upgrade", env=bot_env(None, database_url))
    assert result.returncode == 0, result.stderr
