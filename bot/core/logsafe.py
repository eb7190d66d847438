"""Logging that carries no typed text and no case reference, whatever the level.

Exceptions of the database driver, SQLAlchemy and Slack quote what they were given (a row's values, a
request's body), so a logged traceback shows only where it failed and the exception's type, never its
words. Arguments that are exceptions are logged as their type. Case-system references (the council's
pattern, EFRP_CASE_REF_PATTERN) are replaced in every line. Installed once by the `efrp` command.
"""

from __future__ import annotations

import copy
import logging
import re
import sys
import threading
import traceback
from types import TracebackType

__all__ = [
    "SafeFormatter",
    "frames",
    "install",
    "install_hooks",
    "kind",
    "redactor",
    "safe_traceback",
    "sanitized",
]

REDACTED = "[case-ref]"
_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def kind(exc: BaseException) -> str:
    """An exception's type, and Slack's error code when it has one (a code names no record)."""
    name = type(exc).__qualname__
    response = getattr(exc, "response", None)
    getter = getattr(response, "get", None)
    code = getter("error") if callable(getter) else None
    return f"{name} ({code})" if isinstance(code, str) and code.isidentifier() else name


def frames(exc: BaseException) -> str:
    """The traceback's frames (file, line, code) of an error and what caused it, without any message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append("".join(traceback.format_tb(current.__traceback__)) + kind(current))
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n-- which came from --\n".join(parts)


def redactor(case_ref_pattern: str) -> re.Pattern[str]:
    """The case references to redact (anything reference-like when the council's pattern is bad)."""
    try:
        return re.compile(rf"(?<![A-Za-z0-9])(?:{case_ref_pattern})(?![A-Za-z0-9])", re.IGNORECASE)
    except re.error:  # the settings refuse it and say so; until then, redact anything reference-like
        return re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,4}-?[0-9]{4,}(?![A-Za-z0-9])", re.IGNORECASE)


def sanitized(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of the record whose exception arguments are reduced to their type."""
    safe = copy.copy(record)
    if isinstance(safe.args, tuple):
        safe.args = tuple(kind(a) if isinstance(a, BaseException) else a for a in safe.args)
    elif isinstance(safe.args, BaseException):
        safe.args = (kind(safe.args),)
    safe.exc_text = None
    return safe


def safe_traceback(ei: _ExcInfo) -> str:
    """Frames and types only: the words of an exception may quote a row or a request."""
    return "Traceback (messages not logged):\n" + frames(ei[1]) if ei[1] is not None else ""


class SafeFormatter(logging.Formatter):
    """A formatter that drops exception messages and redacts case-system references."""

    def __init__(self, case_ref_pattern: str, fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self._refs = redactor(case_ref_pattern)

    def format(self, record: logging.LogRecord) -> str:
        """The line, with exception arguments reduced to their type and case references redacted."""
        return self._refs.sub(REDACTED, super().format(sanitized(record)))

    def formatException(self, ei: _ExcInfo) -> str:
        """Frames and types only: the words of an exception may quote a row or a request."""
        return safe_traceback(ei)


def install(level: int, case_ref_pattern: str) -> None:
    """Log through the safe formatter, and route uncaught errors in threads through it too."""
    logging.basicConfig(level=level, format=FORMAT)
    formatter = SafeFormatter(case_ref_pattern)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
    install_hooks(level)


def install_hooks(level: int) -> None:
    """Quiet the libraries whose debug lines show payloads, and log uncaught errors in threads safely."""
    logging.getLogger("slack_sdk").setLevel(logging.WARNING)  # its DEBUG lines would show request bodies
    logging.getLogger("slack_bolt").setLevel(max(level, logging.INFO))  # DEBUG would show payloads
    log = logging.getLogger("efrp")

    def on_thread_error(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.error(
                "unhandled error in thread %s", getattr(args.thread, "name", "?"), exc_info=args.exc_value
            )

    threading.excepthook = on_thread_error
    sys.excepthook = lambda t, v, tb: log.error("unhandled error", exc_info=v)
