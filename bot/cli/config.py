"""`efrp config check`: every setting (secrets hidden) and every problem with them, at once."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.settings import Settings, SettingsError

INVALID = "invalid (see below)"


def add(sub: Any) -> None:
    """Register the config subcommands."""
    p = sub.add_parser("config", help="check the settings")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = csub.add_parser(
        "check",
        help="print every setting (secrets hidden) and every problem; exit 2 if there is one",
        description="Reads the settings from the environment as efrp serve would, prints each one "
        "(secrets only as 'set (hidden)' or 'not set') and then every problem found, not only the "
        "first. Exit status 0 if all is well, 2 if any setting is missing or malformed. Touches "
        "neither the database nor Slack.",
    )
    # Read by `efrp`'s main (bot/cli/__init__.py): this command reports problems itself.
    check.set_defaults(func=run_check, lenient_settings=True)


def _display(value: object) -> str:
    if value is None or value == "":
        return "not set"
    if isinstance(value, frozenset):
        return ",".join(sorted(value)) if value else "not set"
    return str(value)


def _database_display(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return INVALID


def describe(settings: Settings, env: Mapping[str, str], problems: tuple[SettingsError, ...]) -> list[str]:
    """One line per setting: its variable, its effective value (secrets hidden), and whether defaulted."""
    from bot.core.settings import VARIABLES

    bad = {p.name for p in problems}
    width = max(len(name) for name, _, _ in VARIABLES)
    lines = []
    for name, attribute, secret in VARIABLES:
        value = getattr(settings, attribute)
        if name in bad:
            shown = INVALID
        elif secret:
            shown = "set (hidden)" if value else "not set"
        elif name == "EFRP_DATABASE_URL":
            shown = _database_display(value)
        else:
            shown = _display(value)
        if name not in bad and not env.get(name, "").strip() and shown != "not set":
            shown += " (default)"
        lines.append(f"{name:<{width}}  {shown}")
    return lines


def _missing_for_serve(settings: Settings) -> list[str]:
    """What `efrp serve` requires that is not set (HTTP mode unless only the app token is set)."""
    socket_mode = settings.app_token is not None and settings.signing_secret is None
    required: dict[str, object] = {
        "SLACK_BOT_TOKEN": settings.bot_token,
        "EFRP_PANEL_CHANNEL": settings.panel_channel,
        "EFRP_COORDINATORS": settings.coordinators,
    }
    if socket_mode:
        required["SLACK_APP_TOKEN"] = settings.app_token
    else:
        required["SLACK_SIGNING_SECRET"] = settings.signing_secret
    return [name for name, value in required.items() if not value]


def run_check(args: argparse.Namespace, settings: Settings | None) -> int:
    """Print every setting and every problem; 0 if none, 2 otherwise."""
    from bot.core.settings import collect_settings

    checked, problems = collect_settings(os.environ)
    for line in describe(checked, os.environ, problems):
        print(line)
    if not problems:
        missing = _missing_for_serve(checked)
        if missing:
            print(f"efrp serve will also need: {', '.join(missing)}")
        print("settings: no problems found")
        return 0
    sys.stdout.flush()
    for problem in problems:
        print(f"efrp: configuration error: {problem.name} {problem.problem}", file=sys.stderr)
    print(f"settings: {len(problems)} problem(s) found", file=sys.stderr)
    return 2
