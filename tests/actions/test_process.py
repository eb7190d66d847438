"""`efrp reminders send` as real processes, twice at one instant or two at once: one DM."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

from bot.core.clock import ManualClock
from bot.standin.server import SlackStandin
from storage.db import make_engine
from tests.factories import make_action, make_context
from tests.process import ROOT, bot_env, run_efrp

OWNER = "UPOLICE001"
AS_OF = "2026-11-23T10:00:00+00:00"


def _seed(database_url: str) -> None:
    now = ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)).now()
    engine = make_engine(database_url)
    try:
        ctx = make_context(engine, now=now)
        make_action(engine, ctx, now=now, owner=OWNER, due_on=date(2026, 11, 26))
        overdue = make_context(engine, now=now, name="Riverside park")
        make_action(engine, overdue, now=now, owner="UYOUTH0001", due_on=date(2026, 11, 13))
    finally:
        engine.dispose()


def _sent(standin: SlackStandin) -> tuple[int, int, int]:
    escalations = [m for m in standin.state.messages if "working days overdue" in m.text]
    return len(standin.dms_to(OWNER)), len(standin.dms_to("UYOUTH0001")), len(escalations)


def test_reminders_send_twice_at_the_same_instant_sends_once(
    standin: SlackStandin, database_url: str
) -> None:
    _seed(database_url)
    env = bot_env(standin, database_url)
    first = run_efrp("reminders", "send", "--as-of", AS_OF, env=env)
    assert first.returncode == 0, first.stderr
    assert (
        f"before_due reminder to {OWNER}" in first.stdout and "escalation to the coordinators" in first.stdout
    )
    assert "3 sent" in first.stdout  # two DMs and one escalation message
    second = run_efrp("reminders", "send", "--as-of", AS_OF, env=env)
    assert second.returncode == 0, second.stderr
    assert "nothing due" in second.stdout
    assert _sent(standin) == (1, 1, 1)


def test_two_processes_sweeping_at_once_send_once(standin: SlackStandin, database_url: str) -> None:
    _seed(database_url)
    env = bot_env(standin, database_url)
    cmd = [sys.executable, "-m", "bot.cli", "reminders", "send", "--as-of", AS_OF]
    procs = [
        subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert _sent(standin) == (1, 1, 1)
    claimed = [out for out, _ in outs if "reminder to" in out]
    assert len(claimed) == 1  # exactly one process claimed the reminders; the other found nothing to do


def test_bad_as_of_is_refused(standin: SlackStandin, database_url: str) -> None:
    result = run_efrp("reminders", "send", "--as-of", "next tuesday", env=bot_env(standin, database_url))
    assert result.returncode == 2 and "not an ISO-8601" in result.stderr
