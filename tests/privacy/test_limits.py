"""Bad input at the limits: IDs beyond what the database holds, references beyond 64 bits, dates in year 1 or
9999, NUL characters. Each gets a field error or a polite refusal, never a traceback in the log."""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.records.ids import Button as RecordButton
from storage.db import make_engine
from tests.factories import make_context, make_meeting
from tests.meetings.helpers import agenda_message, post_thursday_agenda
from tests.process import bot_env, run_efrp

HUGE = "9" * 30  # beyond 64 bits


@pytest.fixture
def panel_bot(make_bot: Callable[..., LocalBot]) -> LocalBot:
    """The bot with the weekly Thursday 10:00 meeting."""
    return make_bot(EFRP_MEETING_SCHEDULE="THU 10:00")


def _no_error_logged(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not bad, [(r.name, r.getMessage()) for r in bad]


def _forged(message: Message, action_id: str, value: str) -> Message:
    blocks = copy.deepcopy(message.blocks or [])
    for block in blocks:
        for el in block.get("elements") or []:
            if el.get("action_id") == action_id:
                el["value"] = value
    return dataclasses.replace(message, blocks=blocks)


def _said_to(standin: SlackStandin) -> str:
    return "\n".join(repr(r) for r in standin.state.responses) + repr(standin.state.ephemeral)


def test_a_button_naming_an_id_beyond_the_database_is_refused_politely(
    panel_bot: LocalBot, standin: SlackStandin, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    make_context(panel_bot.deps.engine, now=clock.now() - timedelta(days=2))
    post_thursday_agenda(panel_bot, clock)
    agenda = agenda_message(standin)
    driver = panel_bot.driver()
    caplog.set_level(logging.INFO)
    for forged in (2**31, 2**40, 2**63, int(HUGE), -1):
        value = json.dumps({"context_id": forged})
        reply = driver.click(
            TEACHER.id, _forged(agenda, RecordButton.OPEN_RECORD, value), RecordButton.OPEN_RECORD
        )
        assert reply.status == 200
        panel_bot.settle()
        assert standin.open_view(TEACHER.id) is None
    assert _said_to(standin).count("out of date") == 5
    _no_error_logged(caplog)


@pytest.mark.parametrize(
    "text",
    [
        f"context EFRP-2026-{HUGE}",
        f"context {HUGE}",
        "context EFRP\x00-2026-0001",
        "find ab\x00cd",
        f"review {HUGE}",
    ],
    ids=["huge-ref", "huge-number", "nul-ref", "nul-search", "huge-review"],
)
def test_slash_commands_with_huge_or_nul_arguments_are_refused_politely(
    bot: LocalBot, standin: SlackStandin, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    caplog.set_level(logging.INFO)
    assert bot.driver().command(COORDINATOR.id, "/efh", text).status == 200
    bot.settle()
    said = _said_to(standin)
    assert said.strip("[]") and "went wrong" not in said
    _no_error_logged(caplog)


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("minutes", "export", HUGE, "--as", "Sam Patel"), 2, "an ID from 1 to 2147483647"),
        (("minutes", "export", "²", "--as", "Sam Patel"), 2, "an ID from 1"),
        (("meeting", "cancel", HUGE), 2, "an ID from 1 to 2147483647"),
        (("meeting", "cancel", "2147483648"), 2, "an ID from 1 to 2147483647"),
        (("export", f"EFRP-2026-{HUGE}", "--as", "Sam Patel"), 1, "no context"),
        (("report", "--until", "9999-12-31", "--as", "Sam Patel"), 1, "between 1900 and 2100"),
        (("report", "--since", "0001-01-01", "--as", "Sam Patel"), 1, "between 1900 and 2100"),
        (("reminders", "send", "--as-of", "0001-01-01T00:00:00+00:00"), 2, "between 1900 and 2100"),
        (("reminders", "send", "--as-of", "9999-12-31T23:59:00+00:00"), 2, "between 1900 and 2100"),
        (("meeting", "add", "--at", "9999-12-31 10:00"), 1, "between 1900 and 2100"),
    ],
)
def test_cli_ids_and_dates_out_of_range_are_refused_plainly(
    database_url: str, args: tuple[str, ...], code: int, words: str
) -> None:
    engine = make_engine(database_url)
    make_meeting(engine, starts_at=datetime(2026, 3, 5, 10, tzinfo=UTC))
    engine.dispose()
    r = run_efrp(*args, env=bot_env(None, database_url))
    assert r.returncode == code, r.stderr
    assert words in r.stderr.lower() or words in r.stderr
    assert "Traceback" not in r.stderr and "unexpected" not in r.stderr
