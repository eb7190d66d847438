"""How the `efrp` command logs: plain text lines, or JSON lines (EFRP_LOG_FORMAT=json) for a log pipeline.

JSON lines come from python-json-logger: a formatter on the standard library's logging, so every logger
(ours, Bolt's, APScheduler's) writes the same records with no change where they log. Filters that scrub
what a record carries are added to the one handler made here (`handler()`), so both formats get them.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from bot.core import logsafe
from bot.core.settings import DEFAULT_CASE_REF_PATTERN, LOG_FORMATS

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REQUESTS_LOGGER = "efrp.requests"  # one line per Slack request (bot/observe.py)
_HANDLER_NAME = "efrp"


class SafeJsonFormatter(JsonFormatter):
    """JSON lines with the same scrubbing as the text format (bot.core.logsafe)."""

    def __init__(self, case_ref_pattern: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._refs = logsafe.redactor(case_ref_pattern)

    def format(self, record: logging.LogRecord) -> str:
        """One JSON line, exception arguments reduced to their type, case references redacted."""
        return self._refs.sub(logsafe.REDACTED, super().format(logsafe.sanitized(record)))

    def formatException(self, ei: Any) -> str:
        """Frames and types only."""
        return logsafe.safe_traceback(ei)


def configure(
    log_format: str, *, level: int = logging.WARNING, case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN
) -> logging.Handler:
    """Send every log record to stderr, scrubbed, as text or JSON lines; returns the handler."""
    fmt = log_format if log_format in LOG_FORMATS else LOG_FORMATS[0]
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    out = logging.StreamHandler(sys.stderr)
    out.set_name(_HANDLER_NAME)
    out.setFormatter(
        _json_formatter(case_ref_pattern)
        if fmt == "json"
        else logsafe.SafeFormatter(case_ref_pattern, TEXT_FORMAT)
    )
    root.addHandler(out)
    root.setLevel(level)
    # Each request is logged once whatever the level: an operator's access log, with no personal data.
    logging.getLogger(REQUESTS_LOGGER).setLevel(logging.INFO)
    logsafe.install_hooks(level)
    return out


def handler() -> logging.Handler | None:
    """The handler `configure` installed (where filters that scrub records are added), if any."""
    return next((h for h in logging.getLogger().handlers if h.get_name() == _HANDLER_NAME), None)


def _json_formatter(case_ref_pattern: str) -> logging.Formatter:
    return SafeJsonFormatter(
        case_ref_pattern,
        fmt="{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
        json_ensure_ascii=False,
    )
