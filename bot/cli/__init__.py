"""The `efrp` command: settings are parsed once here, then each subcommand runs."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from bot.cli import (
    audit,
    config,
    coordinators,
    db,
    demo,
    links,
    meetings,
    reminders,
    report,
    retention,
    reviews,
    serve,
)


class _VersionAction(argparse.Action):
    """`--version`, reading the installed version only when asked (importlib.metadata is slow to load)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help=kwargs.get("help"))

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from bot.version import package_version

        print(f"efrp {package_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="efrp",
        description="Slack bot for an Extra-Familial Risk Panel. Settings come from the environment "
        "(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, EFRP_DATABASE_URL, "
        "EFRP_PANEL_CHANNEL, EFRP_COORDINATORS, EFRP_TIMEZONE).",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more detail: -v for INFO, -vv for DEBUG (never secrets, typed text or case references)",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the program's version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (
        serve,
        db,
        audit,
        demo,
        meetings,
        reminders,
        reviews,
        report,
        links,
        config,
        coordinators,
        retention,
    ):
        module.add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `efrp` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Imported after parsing: `efrp --help` and a usage error load nothing but argparse and these modules.
    from bot import logging_setup
    from bot.core import logsafe
    from bot.core.errors import EfrpError, StartupError
    from bot.core.settings import (
        DEFAULT_CASE_REF_PATTERN,
        LOG_FORMATS,
        SettingsError,
        load_settings,
        log_format,
    )

    os.umask(0o077)  # the database, its -wal/-shm and every file written hold case records: owner only
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)]
    try:
        fmt = log_format(os.environ)
    except SettingsError:
        fmt = LOG_FORMATS[0]  # reported below with every other setting, in plain text
    pattern = os.environ.get("EFRP_CASE_REF_PATTERN") or DEFAULT_CASE_REF_PATTERN
    logging_setup.configure(fmt, level=level, case_ref_pattern=pattern)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # font-subsetting notes, not the reader's
    logging.getLogger("fontTools").setLevel(logging.ERROR)
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
    except Exception as exc:  # its words may quote a row or a request: only where and what kind
        logging.getLogger("efrp").error(
            "unexpected %s; nothing more was done", logsafe.kind(exc), exc_info=exc
        )
        print(f"efrp: unexpected error ({logsafe.kind(exc)}); see the log above", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
