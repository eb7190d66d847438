"""The reminders demo stage runs on actions left by earlier stages, and says so when there are none."""

from __future__ import annotations

import io
from datetime import timedelta

from bot.demo import Demo, foundation, run_demo
from bot.demo import reminders as stage
from tests.factories import make_action, make_context


def _with_action(demo: Demo) -> None:
    now = demo.clock.now()
    ctx = make_context(demo.bot.deps.engine, now=now)
    make_action(
        demo.bot.deps.engine, ctx, now=now, owner="UPOLICE001", due_on=now.date() + timedelta(days=10)
    )
    stage.run(demo)


def test_demo_stage_shows_the_whole_follow_up() -> None:
    out = io.StringIO()
    run_demo(out, stages=(foundation.run,), hook=_with_action)
    text = out.getvalue()
    for expected in (
        "before_due reminder",
        "on_due reminder",
        "Update on an action",
        "asks for more time",
        "Approved by",
        "working days overdue",
        "App Home of Jordan (police)",
        "Caseload (coordinators)",
        "Action done",
        "0 new reminder(s)",
    ):
        assert expected in text, expected


def test_demo_stage_without_actions_prints_a_note() -> None:
    out = io.StringIO()
    run_demo(out, stages=(foundation.run, stage.run))
    assert "no open actions yet" in out.getvalue()
