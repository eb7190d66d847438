"""Migrations: from empty on this database, in step with the models, and the audit trail append-only."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from storage import audit
from storage.db import make_engine, session_scope
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import load_all
from tests.process import bot_env, run_efrp


def test_upgrade_from_empty_reaches_head_and_is_idempotent(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    upgrade(engine)  # a second run changes nothing
    tables = set(inspect(engine).get_table_names())
    assert {
        "context",
        "referral",
        "meeting",
        "decision",
        "action",
        "reminder",
        "review",
        "outbox_message",
        "audit_event",
        "receipt",
    } <= tables
    engine.dispose()


def test_models_and_migrations_do_not_drift(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": False}), load_all().metadata
        )
    assert diff == [], f"models differ from migrations: {diff}"
    engine.dispose()


def test_efrp_db_upgrade_command(empty_database_url: str) -> None:
    r = run_efrp("db", "upgrade", env=bot_env(None, empty_database_url))
    assert r.returncode == 0, r.stderr
    assert "empty ->" in r.stdout
    r = run_efrp("db", "upgrade", env=bot_env(None, empty_database_url))
    assert r.returncode == 0 and "current" in r.stdout


def test_audit_trail_cannot_be_edited_or_deleted(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as s:
        audit.record(
            session=s,
            at=datetime.now(UTC),
            actor="UCOORD0001",
            action="test.made",
            record_type="test",
            record_id=1,
            ref="EFRP-2026-0001",
        )
    for statement in ("UPDATE audit_event SET actor = 'someone-else'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(statement))
    with session_scope(engine) as s:
        (event,) = audit.list_events(session=s, refs=["EFRP-2026-0001"])
    assert event.actor == "UCOORD0001"
    engine.dispose()


def test_timestamps_come_back_timezone_aware(database_url: str) -> None:
    engine = make_engine(database_url)
    when = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    with session_scope(engine) as s:
        audit.record(session=s, at=when, actor="system", action="t", record_type="t", record_id=1)
    with session_scope(engine) as s:
        (event,) = audit.list_events(session=s)
    assert event.at == when and event.at.tzinfo is not None
    engine.dispose()


def test_efrp_audit_prints_the_trail(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as s:
        audit.record(
            session=s,
            at=datetime(2026, 11, 23, 10, tzinfo=UTC),
            actor="UCOORD0001",
            action="referral.accepted",
            record_type="referral",
            record_id=7,
            ref="EFRP-2026-0007",
        )
        audit.record(
            session=s,
            at=datetime(2026, 11, 23, 11, tzinfo=UTC),
            actor="system",
            action="reminder.sent",
            record_type="action",
            record_id=3,
            ref="EFRP-2026-0001",
        )
    engine.dispose()
    refused = run_efrp("audit", "--ref", "EFRP-2026-0007", env=bot_env(None, database_url))
    assert refused.returncode == 2 and "--as NAME is required" in refused.stderr and not refused.stdout
    r = run_efrp("audit", "--as", "Sam Patel", "--ref", "EFRP-2026-0007", env=bot_env(None, database_url))
    assert r.returncode == 0, r.stderr
    assert "accepted referral EFRP-2026-0007." in r.stdout and "reminder sent" not in r.stdout
    r = run_efrp("audit", "--as", "Sam Patel", env=bot_env(None, database_url))
    assert "The bot reminder sent EFRP-2026-0001." in r.stdout and "accepted referral" in r.stdout
    assert "Sam Patel (operator, command line) read the audit trail" in r.stdout  # the first reading
    r = run_efrp("audit", "--as", "Sam Patel", "--json", env=bot_env(None, database_url))
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {"referral.accepted", "reminder.sent", "audit.viewed"} <= {row["action"] for row in rows}
    assert {row["actor"] for row in rows if row["action"] == "audit.viewed"} == {"cli:Sam Patel"}
