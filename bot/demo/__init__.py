"""`efrp demo`: a whole panel cycle against a local Slack stand-in, printed as people would see it."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot.core.clock import ManualClock
from bot.demo import (
    agency_record,
    foundation,
    loop,
    meeting,
    privacy,
    referral,
    reminders,
    report,
    review,
    screening,
)
from bot.demo.scene import DEMO_START, Demo, Stage
from bot.standin.harness import PANEL, PEOPLE, LocalBot, local_settings, standin_workspace
from bot.standin.server import SlackStandin

__all__ = ["DEMO_START", "Demo", "Stage", "default_stages", "run_demo"]


def default_stages() -> tuple[Stage, ...]:
    """The demo's scenes, in the order a context moves through the lifecycle."""
    return (
        foundation.run,
        referral.run,
        screening.run,
        meeting.run,
        loop.run,
        reminders.run,
        agency_record.run,
        review.run,
        report.run,
        privacy.run,
    )


def run_demo(
    out: TextIO = sys.stdout,
    *,
    database_url: str | None = None,
    stages: Sequence[Stage] | None = None,
    hook: Callable[[Demo], None] | None = None,
) -> Demo:
    """Run the whole demo on a temporary SQLite database (unless one is given)."""
    with tempfile.TemporaryDirectory(prefix="efrp-demo-") as tmp, SlackStandin() as standin:
        standin_workspace(standin)
        url = database_url or f"sqlite:///{Path(tmp) / 'demo.db'}"
        clock = ManualClock(DEMO_START)
        settings = local_settings(
            standin,
            url,
            EFRP_MEETING_SCHEDULE="THU 10:00",
            EFRP_MEETING_LOCATION="Room 2, Hackney Service Centre / Teams",
        )
        with LocalBot(settings, standin, clock=clock) as bot:
            demo = Demo(bot=bot, standin=standin, driver=bot.driver(), clock=clock, out=out)
            demo.names = {p.id: p.name for p in PEOPLE} | {PANEL: "efrp-panel"}
            out.write("EFRP panel bot: demo of a whole panel cycle against a local Slack stand-in.\n")
            out.write(
                "Everyone and everything here is invented; young people appear only as case references.\n"
            )
            for run_stage in stages if stages is not None else default_stages():
                run_stage(demo)
            if hook is not None:
                hook(demo)
            demo.settle()
            out.write("\nDemo finished.\n")
            return demo
