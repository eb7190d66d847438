"""Every command that reads or exports a record says who runs it (`--as NAME`), or refuses (exit 2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from storage.audit import AuditEvent
from storage.db import make_engine, session_scope
from tests.factories import make_context, make_meeting
from tests.process import bot_env, run_efrp

READERS = {
    "export": ("export", "{ref}"),
    "minutes": ("minutes", "export", "{meeting}"),
    "report": ("report", "--since", "2026-01-01", "--until", "2026-03-31"),
    "audit": ("audit",),
}
ACTIONS = {
    "export": "context.exported",
    "minutes": "minutes.exported",
    "report": "report.exported",
    "audit": "audit.viewed",
}


def _events(url: str) -> list[AuditEvent]:
    engine = make_engine(url)
    with session_scope(engine) as s:
        events = list(s.exec(select(AuditEvent).order_by(AuditEvent.id)))  # type: ignore[arg-type]
    engine.dispose()
    return events


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_reader_without_as_is_refused_and_with_it_is_audited_by_name(
    database_url: str, command: str
) -> None:
    engine = make_engine(database_url)
    ctx = make_context(engine, now=datetime(2026, 3, 2, 10, tzinfo=UTC))
    meeting = make_meeting(engine, starts_at=datetime(2026, 3, 5, 10, tzinfo=UTC))
    engine.dispose()
    env = bot_env(None, database_url)
    args = [a.format(ref=ctx.ref, meeting=meeting.id) for a in READERS[command]]
    before = len(_events(database_url))
    for refused in ([], ["--as", "   "], ["--as", "Sam\x07Patel"], ["--as", "x" * 49]):
        r = run_efrp(*args, *refused, env=env)
        assert r.returncode == 2, (refused, r.stdout, r.stderr)
        assert "--as" in r.stderr and "Traceback" not in r.stderr and r.stdout == ""
    assert len(_events(database_url)) == before  # nothing read, nothing recorded
    done = run_efrp(*args, "--as", "Sam  Patel", env=env)
    assert done.returncode == 0, done.stderr
    (event,) = [e for e in _events(database_url) if e.action == ACTIONS[command]]
    assert event.actor == "cli:Sam Patel"


def test_help_names_as_on_every_reader(database_url: str) -> None:
    for args in (("export",), ("minutes", "export"), ("report",), ("audit",)):
        r = run_efrp(*args, "--help", env=bot_env(None, database_url))
        assert r.returncode == 0 and "--as NAME" in r.stdout and "audit trail" in r.stdout
