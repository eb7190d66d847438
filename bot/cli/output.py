"""Writing an exported document: text or PDF bytes, to a file or standard output."""

from __future__ import annotations

import sys

from bot.cli.files import write_private_bytes
from bot.core.errors import InvalidInput

__all__ = ["write_document"]


def write_document(data: str | bytes, output: str | None, *, what: str) -> None:
    """Write the document to `output` (or standard output); a PDF is never dumped on a terminal."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output:
        write_private_bytes(output, raw)
        print(f"{what} written to {output}", file=sys.stderr)
        return
    if isinstance(data, bytes) and sys.stdout.isatty():
        raise InvalidInput("A PDF is not for the terminal: give -o FILE (or redirect the output).")
    sys.stdout.flush()
    sys.stdout.buffer.write(raw)
    sys.stdout.buffer.flush()
