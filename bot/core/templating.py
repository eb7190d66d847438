"""The one Jinja environment: every value is escaped for Slack mrkdwn unless the bot built it."""

from __future__ import annotations

from datetime import date as date_type
from datetime import datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import escape as html_escape

from handlers import mrkdwn


@pass_context
def _finalize(context: Context, value: Any) -> str:
    # Runs on every {{ expression }}: user text cannot reach the reader unescaped by forgetting a filter.
    # *.html.j2 templates are escaped for HTML; every other template (Slack mrkdwn, Markdown exports)
    # escapes exactly &, < and >, which both Slack and Markdown renderers read back as the characters.
    if value is None:
        return ""
    if (context.name or "").endswith(".html.j2"):
        return str(html_escape(str(value)))
    return mrkdwn.escape(value)


def make_environment(tz: str = "Europe/London") -> Environment:
    """Build the Jinja environment for the templates shipped in the templates package."""
    path = str(resources.files("templates"))
    env = Environment(
        loader=FileSystemLoader(path),
        finalize=_finalize,
        undefined=StrictUndefined,
        autoescape=False,  # HTML escaping is wrong for mrkdwn; _finalize escapes instead
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    zone = ZoneInfo(tz)

    def local(when: datetime | None, fmt: str = "%a %d %b %Y %H:%M") -> str:
        return "" if when is None else when.astimezone(zone).strftime(fmt)

    def day(d: date_type | None) -> str:
        return "" if d is None else d.strftime("%a %d %b %Y")

    env.filters["mention"] = mrkdwn.mention
    env.filters["channel"] = mrkdwn.channel_link
    env.filters["slackdate"] = mrkdwn.date
    env.filters["local"] = local
    env.filters["day"] = day
    env.filters["label"] = lambda e: getattr(e, "label", str(e))
    return env


def render(env: Environment, name: str, **context: Any) -> str:
    """Render a template to mrkdwn text, trimmed."""
    return env.get_template(name).render(**context).strip()
