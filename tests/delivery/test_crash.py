"""Two `efrp serve` processes on one database; one is killed mid-delivery: every message lands once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import threading
import time
from collections import Counter
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from bot.standin.driver import SlackDriver
from bot.standin.harness import HEALTH, PANEL, POLICE, SIGNING_SECRET, TEACHER, YOUTH
from bot.standin.server import SlackStandin
from handlers.referrals.ids import COMMAND, FormField
from storage import outbox
from storage.db import make_engine, session_scope
from storage.outbox import OutboxMessage
from storage.referrals import Referral
from tests.conftest import wait_for
from tests.process import ServeProcess, bot_env
from tests.referral.helpers import GOOD

REFERRERS = (TEACHER.id, POLICE.id, YOUTH.id, HEALTH.id)
BURST = 40


class KillOnPost:
    """A stand-in listener that SIGKILLs a process right after Slack performed its nth post."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.posts = 0
        self.victim: ServeProcess | None = None
        self.paused: ServeProcess | None = None
        self.fired = threading.Event()

    def __call__(self, method: str, params: dict[str, Any]) -> None:
        if method != "chat.postMessage" or self.victim is None or self.fired.is_set():
            return
        self.posts += 1
        if self.posts >= self.at:
            os.kill(self.victim.proc.pid, signal.SIGKILL)  # Slack has the message; the process never hears
            if self.paused is not None:
                self.paused.proc.send_signal(signal.SIGCONT)
            self.fired.set()


def _open_form(
    proc: ServeProcess, standin: SlackStandin, user: str, fallback: ServeProcess
) -> dict[str, Any]:
    """The person types the command; if the process dies before the form opens, they type it again."""
    for target in (proc, fallback):
        try:
            assert SlackDriver(target.url, SIGNING_SECRET, standin).command(user, COMMAND).status == 200
        except OSError:  # killed just now: the command reaches the other process
            continue
        # Killed after answering Slack but before opening the form: nothing opens, and the person retries.
        view = wait_for(lambda t=target: standin.open_view(user) or t.proc.poll() is not None, timeout=30)
        if isinstance(view, dict):
            return view
    raise AssertionError("no process opened the referral form")


def _refer(proc: ServeProcess, standin: SlackStandin, user: str, name: str, fallback: ServeProcess) -> None:
    driver = SlackDriver(proc.url, SIGNING_SECRET, standin)
    view = _open_form(proc, standin, user, fallback)
    values = {str(k): v for k, v in GOOD.items()}
    values[str(FormField.NAME)] = name
    try:
        reply = driver.submit(user, view, values)
    except OSError:  # the same submission again, to the process still alive (its view ID is the key)
        reply = SlackDriver(fallback.url, SIGNING_SECRET, standin).submit(user, view, values)
    assert reply.status == 200 and reply.json() == {}, reply.body
    with standin.lock:
        standin.state.views.pop(view["id"], None)  # Slack closes the modal on success


def _settled(database_url: str) -> bool:
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as s:
            return outbox.pending_count(session=s) == 0
    finally:
        engine.dispose()


def _sent_keys(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as s:
            rows = list(s.exec(select(OutboxMessage).where(col(OutboxMessage.op).in_(["post", "dm"]))))
        assert {r.state for r in rows} == {outbox.State.SENT}
        return {r.key for r in rows}
    finally:
        engine.dispose()


def _landed(standin: SlackStandin) -> Counter[str]:
    with standin.lock:
        return Counter(
            str((m.metadata or {}).get("event_payload", {}).get("key")) for m in standin.state.messages
        )


def _serve(standin: SlackStandin, database_url: str) -> ServeProcess:
    return ServeProcess(bot_env(standin, database_url, EFRP_DELIVERY_PACING="off"))


def _pause_between_writes(proc: ServeProcess, database_url: str) -> None:
    """SIGSTOP a bot at a moment it holds no write open: stopped inside one, it would hold the others up."""
    for _ in range(100):
        proc.proc.send_signal(signal.SIGSTOP)
        if not _write_held(database_url):
            return
        proc.proc.send_signal(signal.SIGCONT)  # stopped mid-write: let it finish, and try again
        time.sleep(0.05)
    raise AssertionError("the bot never stopped between writes")


def _write_held(database_url: str) -> bool:
    """Whether some connection holds a write open (SQLite's one write lock; a PostgreSQL transaction that
    has written and not ended)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        probe = sqlite3.connect(url.database or "", timeout=0.2, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        else:
            probe.execute("ROLLBACK")
            return False
        finally:
            probe.close()
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            held = conn.execute(
                text(
                    "select count(*) from pg_stat_activity where datname = current_database() "
                    "and pid <> pg_backend_pid() and backend_xid is not null"
                )
            ).scalar()
            return bool(held)
    finally:
        engine.dispose()


def _one_run(
    run: int, standin: SlackStandin, database_url: str, survivor: ServeProcess, victim: ServeProcess
) -> ServeProcess:
    """One burst with one process killed mid-delivery; returns the next run's process, already starting."""
    rng = random.Random(run)
    killer = KillOnPost(at=rng.randint(5, 30))
    standin.listeners[:] = [killer]
    victim.wait_ready()
    pause = run == 0
    killer.victim = victim
    if pause:  # the survivor is stalled, so the post the victim dies after is certainly the victim's own
        killer.paused = survivor
        _pause_between_writes(survivor, database_url)
    try:
        for i in range(BURST):
            target = victim if (pause or i % 2) and not killer.fired.is_set() else survivor
            _refer(target, standin, REFERRERS[i % len(REFERRERS)], f"Invented place {run}-{i}", survivor)
    finally:
        survivor.proc.send_signal(signal.SIGCONT)
    assert killer.fired.wait(60), "the victim was never killed mid-delivery"
    victim.kill()
    following = _serve(standin, database_url)  # starts while the survivor takes over the dead one's rows
    wait_for(lambda: _settled(database_url), timeout=60, interval=0.5)
    return following


def test_a_process_killed_mid_delivery_loses_and_repeats_nothing(
    standin: SlackStandin, database_url: str
) -> None:
    survivor, victim = _serve(standin, database_url), _serve(standin, database_url)
    survivor.wait_ready()
    try:
        for run in range(3):
            victim = _one_run(run, standin, database_url, survivor, victim)
            landed = _landed(standin)
            assert [k for k, n in landed.items() if n > 1] == [], f"posted twice in run {run}"
            assert set(landed) - {"None"} == _sent_keys(database_url)
        engine = make_engine(database_url)
        with session_scope(engine) as s:
            stored = len(list(s.exec(select(Referral))))
        engine.dispose()
        dms = sum(len(standin.dms_to(u)) for u in REFERRERS)
        panel = [m for m in standin.messages_in(PANEL) if m.thread_ts is None]
        # A submission acknowledged by the process killed before it stored the referral is lost (at most
        # one per run, see the report); every referral stored is told exactly once, in both places.
        assert 3 * BURST - 3 <= stored <= 3 * BURST
        assert dms == len(panel) == stored
    finally:
        survivor.kill()
        victim.kill()
