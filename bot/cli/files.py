"""Files the `efrp` command writes: readable by their owner only, because they hold case records."""

from __future__ import annotations

import os

OWNER_ONLY = 0o600


def write_private(path: str, text: str) -> None:
    """Write text to a file readable and writable by its owner only (an existing file is narrowed too)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    os.fchmod(fd, OWNER_ONLY)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_private_bytes(path: str, data: bytes) -> None:
    """Write bytes (a PDF) to a file readable and writable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    os.fchmod(fd, OWNER_ONLY)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
