"""`efrp demo`: a whole panel cycle against a local Slack stand-in, printed as people would see it."""

from __future__ import annotations

import importlib
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from bot.clock import ManualClock
from bot.demo.transcript import box, readable, render_blocks
from bot.standin.driver import SlackDriver
from bot.standin.harness import PANEL, PEOPLE, LocalBot, local_settings, standin_workspace
from bot.standin.server import SlackStandin

# Lifecycle stages of the demo, in order; a stage not built yet is skipped.
STAGES = (
    "bot.demo.foundation",
    "bot.demo.referral",
    "bot.demo.meeting",
    "bot.demo.reminders",
    "bot.demo.review",
    "bot.demo.report",
)

# Monday 23 November 2026, 09:30 in London: the demo's "now" (it advances its own clock).
DEMO_START = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@dataclass
class Demo:
    """What every demo stage gets: the running bot, Slack as people see it, and a transcript."""

    bot: LocalBot
    standin: SlackStandin
    driver: SlackDriver
    clock: ManualClock
    out: TextIO
    state: dict[str, Any] = field(default_factory=dict)
    _seen_messages: int = 0
    _seen_ephemeral: int = 0
    _seen_responses: int = 0
    names: dict[str, str] = field(default_factory=dict)

    def stage(self, title: str) -> None:
        """Print a stage heading."""
        self.out.write(f"\n\n### {title}\n")

    def narrate(self, text: str) -> None:
        """Print what is happening, in the demo's own voice."""
        self.out.write(f"\n» {text}\n")

    def settle(self) -> None:
        """Let the bot finish its work and deliver what it owes."""
        self.bot.settle()

    def show_new(self) -> None:
        """Print every message, DM, private reply and response that appeared since the last call."""
        self.settle()
        state = self.standin.state
        for m in state.messages[self._seen_messages :]:
            where = (
                "#efrp-panel (private)"
                if m.channel == PANEL
                else (
                    f"DM to {self.names.get(m.channel[1:], m.channel[1:])}"
                    if m.channel.startswith("D")
                    else m.channel
                )
            )
            if m.thread_ts:
                where += " · thread reply"
            lines = render_blocks(m.blocks or [], self.names) or readable(m.text, self.names).splitlines()
            self.out.write(box(where, lines) + "\n")
        self._seen_messages = len(state.messages)
        for e in state.ephemeral[self._seen_ephemeral :]:
            lines = (
                render_blocks(e.get("blocks") or [], self.names)
                or readable(str(e.get("text")), self.names).splitlines()
            )
            self.out.write(
                box(f"only visible to {self.names.get(str(e.get('user')), e.get('user'))}", lines) + "\n"
            )
        self._seen_ephemeral = len(state.ephemeral)
        for r in state.responses[self._seen_responses :]:
            lines = (
                render_blocks(r.get("blocks") or [], self.names)
                or readable(str(r.get("text", "")), self.names).splitlines()
            )
            self.out.write(box("only visible to you (command reply)", lines) + "\n")
        self._seen_responses = len(state.responses)

    def show_edits(self, ts: str) -> None:
        """Print the current state of a message that the bot updated in place."""
        for m in self.standin.state.messages:
            if m.ts == ts:
                self.out.write(
                    box(
                        f"#efrp-panel (updated in place, {m.edits} edit(s))",
                        render_blocks(m.blocks or [], self.names),
                    )
                    + "\n"
                )

    def show_view(self, user: str, title: str | None = None) -> dict[str, Any]:
        """Print the modal a person has open and return it."""
        self.settle()
        view = self.standin.open_view(user)
        if view is None:
            raise RuntimeError(f"{user} has no modal open")
        heading = title or f"modal open for {self.names.get(user, user)}: {view.get('title', {}).get('text')}"
        self.out.write(box(heading, render_blocks(view.get("blocks", []), self.names)) + "\n")
        return view

    def show_home(self, user: str) -> None:
        """Print a person's App Home."""
        self.settle()
        view = self.standin.state.homes.get(user)
        if view is not None:
            self.out.write(
                box(
                    f"App Home of {self.names.get(user, user)}",
                    render_blocks(view.get("blocks", []), self.names),
                )
                + "\n"
            )

    def advance(self, delta: timedelta) -> None:
        """Move the demo's clock forward."""
        self.clock.advance(delta)
        self.narrate(f"The clock moves on to {self.clock.now():%A %d %B %Y, %H:%M} UTC.")


def run_demo(
    out: TextIO = sys.stdout,
    *,
    database_url: str | None = None,
    stages: tuple[str, ...] = STAGES,
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
            for name in stages:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name == name:
                        continue
                    raise
                module.run(demo)
            if hook is not None:
                hook(demo)
            demo.settle()
            out.write("\nDemo finished.\n")
            return demo
