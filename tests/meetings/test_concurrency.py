"""Panel members acting at the same moment: each change reaches the posted agenda, none is lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.domain.agencies import default_agencies
from bot.meetings import agenda as agenda_service
from bot.meetings import decisions as decision_service
from bot.meetings import minutes as minutes_service
from bot.meetings.forms import parse_decision
from bot.standin.harness import COORDINATOR, POLICE, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from storage.db import session_scope
from storage.decisions import Decision
from tests.factories import make_context
from tests.meetings.helpers import agenda_message, decision_values, post_thursday_agenda, text_of


def _overlapping(bot: LocalBot, first: Callable[[], Any], second: Callable[[], Any]) -> list[BaseException]:
    """Run `first` and hold its commit open until `second` has started, as two people clicking at once."""
    engine = bot.deps.engine
    at_commit, second_started = threading.Event(), threading.Event()
    first_thread: list[threading.Thread] = []
    errors: list[BaseException] = []

    def hold(conn: Any) -> None:
        if first_thread and threading.current_thread() is first_thread[0] and not at_commit.is_set():
            at_commit.set()
            second_started.wait(10)
            time.sleep(0.3)  # long enough for the second to reach whatever it would wait on

    def run_first() -> None:
        try:
            first()
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            at_commit.set()

    def run_second() -> None:
        at_commit.wait(10)
        second_started.set()
        try:
            second()
        except BaseException as exc:
            errors.append(exc)

    event.listen(engine, "commit", hold)
    try:
        threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
        first_thread.append(threads[0])
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        event.remove(engine, "commit", hold)
    return errors


def test_two_members_marking_present_at_once_both_show_on_the_agenda(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")
    make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    meeting = post_thursday_agenda(bot, clock)
    clock.set(datetime(2026, 11, 26, 10, 1, tzinfo=UTC))
    errors = _overlapping(
        bot,
        lambda: agenda_service.mark_present(bot.deps, user=POLICE.id, meeting_id=meeting.id or 0),
        lambda: agenda_service.mark_present(bot.deps, user=TEACHER.id, meeting_id=meeting.id or 0),
    )
    assert not errors
    bot.settle()
    shown = text_of(agenda_message(standin))
    assert f"<@{POLICE.id}>" in shown and f"<@{TEACHER.id}>" in shown


def test_marking_present_while_the_meeting_closes_waits_and_is_refused(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")
    make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    meeting = post_thursday_agenda(bot, clock)
    clock.set(datetime(2026, 11, 26, 11, 0, tzinfo=UTC))
    errors = _overlapping(
        bot,
        lambda: minutes_service.close_meeting(bot.deps, user=COORDINATOR.id, meeting_id=meeting.id or 0),
        lambda: agenda_service.mark_present(bot.deps, user=POLICE.id, meeting_id=meeting.id or 0),
    )
    [refused] = [str(e) for e in errors]
    assert f"Meeting {meeting.id} was closed and its minutes fixed by" in refused
    assert refused.endswith("at 11:00, so its attendance can no longer change and nothing was recorded.")
    bot.settle()
    assert "Close meeting" not in str(agenda_message(standin).blocks)


def test_two_decisions_on_one_context_at_once_become_two_versions(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")
    ctx = make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    meeting = post_thursday_agenda(bot, clock)
    clock.set(datetime(2026, 11, 26, 10, 20, tzinfo=UTC))
    form = parse_decision(decision_values(rows=1), today=clock.now().date(), agencies=default_agencies())

    def record(view_id: str) -> Callable[[], Any]:
        return lambda: decision_service.record_decision(
            bot.deps,
            user=COORDINATOR.id,
            view_id=view_id,
            context_id=ctx.id or 0,
            meeting_id=meeting.id,
            form=form,
        )

    assert not _overlapping(bot, record("V-first"), record("V-second"))
    with session_scope(bot.deps.engine) as s:
        stored = list(s.exec(select(Decision).order_by(col(Decision.version))))
    assert [(d.version, d.view_id) for d in stored] == [(1, "V-first"), (2, "V-second")]
    assert stored[1].supersedes_id == stored[0].id
