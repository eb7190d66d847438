"""The `efrp` command: settings are parsed once here, then each subcommand runs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot import logging_setup
from bot.cli import audit, config, coordinators, db, demo, meetings, reminders, report, reviews, serve
from bot.core.errors import EfrpError, StartupError
from bot.core.settings import LOG_FORMATS, SettingsError, load_settings, log_format
from bot.version import package_version


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="efrp",
        description="Slack bot for an Extra-Familial Risk Panel. Settings come from the environment "
        "(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, EFRP_DATABASE_URL, "
        "EFRP_PANEL_CHANNEL, EFRP_COORDINATORS, EFRP_TIMEZONE).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail (never secrets)")
    parser.add_argument("--version", action="version", version=f"efrp {package_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (serve, db, audit, demo, meetings, reminders, reviews, report, config, coordinators):
        module.add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `efrp` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        fmt = log_format(os.environ)
    except SettingsError:
        fmt = LOG_FORMATS[0]  # reported below with every other setting, in plain text
    logging_setup.configure(fmt, verbose=args.verbose)
    try:
        # `efrp config check` reads the settings itself, to report every problem beside every value.
        settings = None if getattr(args, "lenient_settings", False) else load_settings(os.environ)
        code: int = args.func(args, settings)
    except SettingsError as exc:
        for error in getattr(exc, "errors", (exc,)):
            print(f"efrp: configuration error: {error.name} {error.problem}", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"efrp: cannot start: {exc.setting} {exc.problem}", file=sys.stderr)
        return 2
    except EfrpError as exc:
        print(f"efrp: {exc.user_message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
