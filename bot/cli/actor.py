"""`--as NAME`: who runs a command that reads or exports a record, recorded in the audit trail.

A command that shows a record refuses to run without it (exit 2), so no read from the command line is
anonymous. The name is stored as ``cli:NAME`` (``bot.domain.wording.OPERATOR_PREFIX``).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import Any

from bot.domain.wording import OPERATOR_PREFIX

MAX_NAME = 48
HELP = "who is running this, e.g. --as 'Sam Patel' (recorded in the audit trail; required)"


def operator_name(value: str) -> str:
    """Validate a --as NAME: printable, 1 to 48 characters."""
    name = " ".join(value.split())
    if not name:
        raise argparse.ArgumentTypeError("give the name of the person running this command")
    if len(name) > MAX_NAME:
        raise argparse.ArgumentTypeError(f"a name of at most {MAX_NAME} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise argparse.ArgumentTypeError("a name without control characters")
    return name


def add_as(parser: Any) -> None:
    """Give a command its --as NAME option (checked when it runs, by `actor_of`)."""
    parser.add_argument("--as", dest="operator", metavar="NAME", type=operator_name, help=HELP)


def actor_of(args: argparse.Namespace, command: str) -> str:
    """The audit actor for this run; without --as, a clear refusal and exit status 2."""
    name = getattr(args, "operator", None)
    if not name:
        print(
            f"efrp {command}: --as NAME is required: say who is running it (it is recorded in the "
            "audit trail), e.g. --as 'Sam Patel'",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return f"{OPERATOR_PREFIX}{name}"
