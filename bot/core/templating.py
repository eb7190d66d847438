"""The document template environment: every value is escaped for its output unless the bot built it.

Use cases render documents (Markdown and HTML exports, minutes, the report) with this environment. The
Slack adapter builds its own on top of it (`handlers.templating`), adding mrkdwn's trusted filters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date as date_type
from datetime import datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import escape as html_escape

from bot.domain import enums
from bot.domain.wording import enum_label, humanise

__all__ = ["Trusted", "escape_markdown", "escape_text", "make_environment", "render"]

# Backslash-escapable ASCII punctuation (CommonMark 2.4) that opens a link or an image ("["), emphasis,
# code, a heading, a table cell or strikethrough; < > & become entities, so no raw HTML or autolink either.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


class Trusted(str):
    """Text the bot built itself for the output at hand (a mention, a link); it is not escaped again."""

    __slots__ = ()


def escape_text(value: object) -> str:
    """Escape text for mrkdwn and Markdown-as-text: exactly &, < and >, so it cannot ping or forge links."""
    if isinstance(value, Trusted):
        return str(value)
    s = "" if value is None else str(value)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_markdown(value: object) -> str:
    """Escape text for a Markdown document: it shows as typed and cannot make a link, an image or HTML."""
    if isinstance(value, Trusted):
        return str(value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape_text(value))


def _finalizer(escape: Callable[[object], str]) -> Callable[[Context, Any], str]:
    @pass_context
    def finalize(context: Context, value: Any) -> str:
        # Runs on every {{ expression }}: user text cannot reach the reader unescaped by forgetting a filter.
        if value is None:
            return ""
        name = context.name or ""
        if name.endswith(".html.j2"):
            return str(html_escape(value))  # Markup (built by the bot, e.g. the print CSS) passes as is
        if name.endswith(".md.j2"):  # a Markdown document, whichever environment renders it
            return escape_markdown(value)
        return escape(value)

    return finalize


def make_environment(
    tz: str = "Europe/London", *, escape: Callable[[object], str] = escape_text
) -> Environment:
    """The Jinja environment for the templates shipped in the templates package."""
    env = Environment(
        loader=FileSystemLoader(str(resources.files("templates"))),
        finalize=_finalizer(escape),
        undefined=StrictUndefined,
        autoescape=False,  # HTML escaping is wrong for mrkdwn; finalize escapes for each output instead
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    zone = ZoneInfo(tz)

    def local(when: datetime | None, fmt: str = "%a %d %b %Y %H:%M") -> str:
        return "" if when is None else when.astimezone(zone).strftime(fmt)

    def day(d: date_type | None) -> str:
        return "" if d is None else d.strftime("%a %d %b %Y")

    env.filters["local"] = local
    env.filters["day"] = day
    env.filters["label"] = lambda e: getattr(e, "label", str(e))
    env.filters["label_as"] = lambda value, enum_name: enum_label(value, getattr(enums, enum_name))
    env.filters["words"] = humanise
    return env


def render(env: Environment, name: str, **context: Any) -> str:
    """Render a template to text, trimmed."""
    return env.get_template(name).render(**context).strip()
