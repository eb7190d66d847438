"""Two (or more) people acting at the same moment: fire their requests together, then check the answers."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any, TypeVar

import pytest

from bot.standin.server import SlackStandin
from handlers.errors import GENERIC

T = TypeVar("T")

# What a lost race must never show: the one apology, or a uniqueness error reaching the logs.
_NEVER_LOGGED = ("IntegrityError", "UniqueViolation", "duplicate key", "UNIQUE constraint", "unhandled")


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Run the calls in threads released together (a barrier), and return their results in order."""
    start = Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def form_errors(answers: list[Any]) -> list[str]:
    """The words of every view submission answer that kept its form open with errors."""
    said = []
    for answer in answers:
        if answer:
            assert answer["response_action"] == "errors", answer
            said.append(" ".join(answer["errors"].values()))
    return said


def assert_told_plainly(told: list[str], caplog: pytest.LogCaptureFixture) -> None:
    """No one got the generic apology or a raw `<@U…>` mention; no uniqueness error or failure was logged."""
    assert not [t for t in told if GENERIC in t or "<@" in t], told  # form errors show mentions as typed
    logged = "\n".join(r.getMessage() + str(r.exc_text or "") for r in caplog.records)
    assert not [w for w in _NEVER_LOGGED if w in logged], logged


def shown_name(standin: SlackStandin, user_id: str) -> str:
    """The name the stand-in's users.info gives a person: how a refusal names who changed a record first."""
    return str(standin.state.users[user_id]["profile"]["display_name"])
