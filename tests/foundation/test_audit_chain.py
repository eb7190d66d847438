"""The audit trail is chained by hash: `efrp audit verify` names every row removed, altered or reordered,
whichever way round the append-only triggers it was done, and the chain never forks under concurrent
writers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from storage import audit
from storage.db import is_postgres, make_engine, session_scope
from storage.migrate import upgrade
from tests.process import bot_env, run_efrp

SECRET = "Jayden-narrative-marker"  # content a finding must never show
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Engine:
    eng = make_engine(database_url)
    yield eng  # type: ignore[misc]
    eng.dispose()


def _write(engine: Engine, count: int, *, actor: str = "UCOORD0001", first: int = 1) -> None:
    for n in range(first, first + count):
        with session_scope(engine) as s:
            audit.record(
                session=s,
                at=START + timedelta(minutes=n),
                actor=actor,
                action="context.viewed",
                record_type="context",
                record_id=n,
                ref=f"EFRP-2026-{n:04d}",
                detail={"note": SECRET, "n": n},
            )


def _raw_at(engine: Engine, when: datetime) -> object:
    """A timestamp as the bot's own column type stores it, for rows written with plain SQL."""
    return when if is_postgres(engine) else when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return [int(i) for i in conn.execute(text("SELECT id FROM audit_event ORDER BY seq")).scalars()]


def _verify(database_url: str, *extra: str) -> tuple[int, str, str]:
    r = run_efrp("audit", "verify", *extra, env=bot_env(None, database_url))
    return r.returncode, r.stdout, r.stderr


def _triggers_off(conn: Connection) -> None:
    """What the app's own role can do to its own table."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
    else:
        conn.execute(text("DROP TRIGGER audit_event_no_update"))
        conn.execute(text("DROP TRIGGER audit_event_no_delete"))


def test_an_untouched_trail_verifies_and_its_head_can_be_checked_later(
    engine: Engine, database_url: str
) -> None:
    code, out, _ = _verify(database_url)
    assert code == 0 and "intact: 0 event(s)" in out
    _write(engine, 5)
    head = run_efrp("audit", "head", env=bot_env(None, database_url))
    assert head.returncode == 0
    position, digest = head.stdout.strip().split(":")
    assert position == "5" and len(digest) == 64
    code, out, err = _verify(database_url, "--expect", head.stdout.strip())
    assert code == 0, err
    assert f"intact: 5 event(s), positions 1 to 5, head 5:{digest}" in out
    _write(engine, 2, first=6)
    assert _verify(database_url, "--expect", head.stdout.strip())[0] == 0  # still there as the chain grows


Tamper = Callable[[Connection, list[int]], None]


def _update(conn: Connection, ids: list[int]) -> None:
    conn.execute(text("UPDATE audit_event SET actor = 'UOTHER0001' WHERE id = :i"), {"i": ids[2]})


def _delete(conn: Connection, ids: list[int]) -> None:
    conn.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": ids[2]})


def _swap_positions(conn: Connection, ids: list[int]) -> None:
    conn.execute(text("UPDATE audit_event SET seq = -1 WHERE id = :i"), {"i": ids[2]})
    conn.execute(text("UPDATE audit_event SET seq = 3 WHERE id = :i"), {"i": ids[3]})
    conn.execute(text("UPDATE audit_event SET seq = 4 WHERE id = :i"), {"i": ids[2]})


def _swap_ids(conn: Connection, ids: list[int]) -> None:
    conn.execute(text("UPDATE audit_event SET id = -1 WHERE id = :i"), {"i": ids[2]})
    conn.execute(text("UPDATE audit_event SET id = :a WHERE id = :b"), {"a": ids[2], "b": ids[3]})
    conn.execute(text("UPDATE audit_event SET id = :b WHERE id = -1"), {"b": ids[3]})


@pytest.mark.parametrize(
    ("tamper", "found"),
    [
        (_update, "row id {2} (position 3) was altered"),
        (_delete, "position 3 removed: missing before row id {3} (position 4) after row id {1}"),
        (_swap_positions, "(position 3) was altered"),
        (_swap_ids, "is out of order"),
    ],
    ids=["update", "delete", "reorder-positions", "reorder-ids"],
)
def test_tampering_with_the_triggers_disabled_is_found_and_named(
    engine: Engine, database_url: str, tamper: Tamper, found: str
) -> None:
    _write(engine, 6)
    ids = _ids(engine)
    with engine.begin() as conn:
        _triggers_off(conn)
        tamper(conn, ids)
    code, out, err = _verify(database_url)
    assert code == 1, out
    assert found.format(*ids) in err
    assert "NOT intact" in err
    assert SECRET not in out + err and "EFRP-2026" not in out + err and "UOTHER0001" not in err


def test_a_row_written_around_the_bot_is_named(engine: Engine, database_url: str) -> None:
    _write(engine, 2)
    chained = _ids(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_event (at, actor, action, record_type, record_id, detail) "
                "VALUES (:at, 'UOTHER0001', 'context.viewed', 'context', '9', '{}')"
            ),
            {"at": _raw_at(engine, START)},
        )
    code, _, err = _verify(database_url)
    assert code == 1 and f"row id {max(chained) + 1} is not in the chain" in err


def test_events_removed_from_the_end_are_caught_by_a_head_kept_elsewhere(
    engine: Engine, database_url: str
) -> None:
    _write(engine, 4)
    head = run_efrp("audit", "head", env=bot_env(None, database_url)).stdout.strip()
    with engine.begin() as conn:
        _triggers_off(conn)
        conn.execute(text("DELETE FROM audit_event WHERE seq = 4"))
    assert _verify(database_url)[0] == 0  # the chain alone cannot know its end was cut
    code, _, err = _verify(database_url, "--expect", head)
    assert code == 1 and "position 4, recorded elsewhere as a head, is gone" in err


def test_postgres_refuses_truncate_and_a_replica_role_delete_is_found(
    engine: Engine, database_url: str
) -> None:
    if not is_postgres(engine):
        pytest.skip("TRUNCATE and session_replication_role are PostgreSQL's")
    _write(engine, 4)
    ids = _ids(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_event"))
    assert _verify(database_url)[0] == 0
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))  # every trigger skipped
        conn.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": ids[1]})
    code, _, err = _verify(database_url)
    assert code == 1 and f"position 2 removed: missing before row id {ids[2]}" in err


def test_concurrent_writers_in_two_engines_never_fork_the_chain(database_url: str) -> None:
    engines = [make_engine(database_url), make_engine(database_url)]
    errors: list[BaseException] = []

    def writer(engine: Engine, actor: str) -> None:
        try:
            for n in range(25):
                with session_scope(engine) as s:  # two events per transaction, linked in order
                    for k in range(2):
                        audit.record(
                            session=s,
                            at=START,
                            actor=actor,
                            action="context.viewed",
                            record_type="context",
                            record_id=n * 2 + k,
                        )
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(engines[i % 2], f"UWRITER{i:03d}")) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    assert not errors
    code, out, err = _verify(database_url)
    assert code == 0, err
    assert "intact: 200 event(s), positions 1 to 200" in out


def test_the_migration_chains_events_written_before_it(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_event (at, actor, action, record_type, record_id, ref, detail) "
                    "VALUES (:at, 'UCOORD0001', 'context.viewed', 'context', :n, 'EFRP-2026-0001', :d)"
                ),
                {
                    "at": _raw_at(engine, START + timedelta(minutes=n)),
                    "n": str(n),
                    "d": f'{{"n": {n}, "x": [1, "a"]}}',
                },
            )
    upgrade(engine)
    _write(engine, 2, first=10)
    engine.dispose()
    code, out, err = _verify(empty_database_url)
    assert code == 0, err
    assert "intact: 5 event(s), positions 1 to 5" in out
