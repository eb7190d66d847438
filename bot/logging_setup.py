"""How the `efrp` command logs: plain text lines, or JSON lines (EFRP_LOG_FORMAT=json) for a log pipeline.

JSON lines come from python-json-logger: a formatter on the standard library's logging, so every logger
(ours, Bolt's, APScheduler's) writes the same records with no change where they log. Filters that scrub
what a record carries are added to the one handler made here (`handler()`), so both formats get them.
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from bot.core.settings import LOG_FORMATS

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REQUESTS_LOGGER = "efrp.requests"  # one line per Slack request (bot/observe.py)
_HANDLER_NAME = "efrp"


def configure(log_format: str, *, verbose: bool = False) -> logging.Handler:
    """Send every log record to stderr in the chosen format ('text' or 'json'); returns the handler."""
    fmt = log_format if log_format in LOG_FORMATS else LOG_FORMATS[0]
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    out = logging.StreamHandler(sys.stderr)
    out.set_name(_HANDLER_NAME)
    out.setFormatter(_json_formatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root.addHandler(out)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    # Each request is logged once whatever the level: an operator's access log, with no personal data.
    logging.getLogger(REQUESTS_LOGGER).setLevel(logging.INFO)
    logging.getLogger("slack_sdk").setLevel(logging.WARNING)  # its DEBUG lines would show request bodies
    return out


def handler() -> logging.Handler | None:
    """The handler `configure` installed (where filters that scrub records are added), if any."""
    return next((h for h in logging.getLogger().handlers if h.get_name() == _HANDLER_NAME), None)


def _json_formatter() -> logging.Formatter:
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
        json_ensure_ascii=False,
    )
