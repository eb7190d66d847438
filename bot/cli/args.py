"""Argument types shared by `efrp` commands: a record ID the database can hold."""

from __future__ import annotations

import argparse

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER, the type of every record ID


def record_id(text: str) -> int:
    """A record ID typed at the command line: a whole number from 1 to 2147483647."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value[:12]) <= MAX_ID:
        raise argparse.ArgumentTypeError(f"an ID from 1 to {MAX_ID}, not {text[:20]!r}")
    return int(value)
