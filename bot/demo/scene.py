"""What every demo stage gets: the running bot, Slack as people see it, and the transcript it writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

from bot.core.clock import ManualClock
from bot.demo.transcript import box, readable, render_blocks
from bot.standin.driver import SlackDriver
from bot.standin.harness import PANEL, LocalBot
from bot.standin.server import SlackStandin

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
                        "#efrp-panel (updated in place)",
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


Stage = Callable[[Demo], None]
"""One scene of the demo: it drives the bot as people would and writes what they see."""
