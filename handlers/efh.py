"""`/efh`: one command with subcommands; each lifecycle stage adds its own."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.deps import Deps
from handlers.formcheck import check_text
from handlers.permissions import deps_of, user_of


@dataclass
class Invocation:
    """One `/efh …` as typed by a person."""

    user: str
    args: list[str]
    text: str
    body: dict[str, Any]
    deps: Deps
    client: WebClient
    respond: Respond


Handler = Callable[[Invocation], None]


@dataclass(frozen=True)
class Subcommand:
    """A subcommand of /efh and its one-line help."""

    name: str
    usage: str
    help: str
    run: Handler


class EfhRouter:
    """The subcommands registered on one app."""

    def __init__(self) -> None:
        self.commands: dict[str, Subcommand] = {}

    def add(self, name: str, run: Handler, *, usage: str, help: str) -> None:
        """Register a subcommand."""
        self.commands[name] = Subcommand(name, usage, help, run)

    def help_text(self) -> str:
        """The text of `/efh help`."""
        lines = [
            "*EFRP panel bot*",
            "`/efh-refer [name]`: refer a place, group, school or online space to the panel",
        ]
        for sub in sorted(self.commands.values(), key=lambda s: s.name):
            lines.append(f"`/efh {sub.usage}`: {sub.help}")
        lines.append("`/efh help`: this list")
        return "\n".join(lines)


_ROUTERS: weakref.WeakKeyDictionary[App, EfhRouter] = weakref.WeakKeyDictionary()


def router(app: App) -> EfhRouter:
    """The /efh router of an app (created on first use)."""
    if app not in _ROUTERS:
        _ROUTERS[app] = EfhRouter()
    return _ROUTERS[app]


def register(app: App) -> None:
    """Register `/efh`."""
    r = router(app)

    @app.command("/efh")
    def _efh(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        text = str(body.get("text") or "").strip()
        check_text(text)
        args = text.split()
        name = args[0].lower() if args else "help"
        sub = r.commands.get(name)
        if sub is None:
            prefix = "" if name == "help" else f"I don't know `/efh {name[:40]}`.\n\n"
            respond(response_type="ephemeral", text=prefix + r.help_text())
            return
        inv = Invocation(
            user_of(body), args[1:], text[len(args[0]) :].strip(), body, deps_of(context), client, respond
        )
        sub.run(inv)  # an error raised here is answered by the one error path, through `respond`
