"""Slack mrkdwn: escaping user text, and the trusted helpers that build mentions, links and dates."""

from __future__ import annotations

import re
from datetime import datetime

from bot.core.templating import Trusted, escape_text

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,30}$")
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")


class Mrkdwn(Trusted):
    """Text the bot built itself and trusts as mrkdwn; everything else is escaped."""

    __slots__ = ()


def escape(text: object) -> str:
    """Escape user text for mrkdwn: exactly &, < and >, so it cannot ping, mention or forge links."""
    return escape_text(text)


def mention(user_id: str) -> Mrkdwn:
    """A mention of a Slack user, from a validated ID."""
    if not _USER_ID.match(user_id or ""):
        return Mrkdwn(escape(user_id))
    return Mrkdwn(f"<@{user_id}>")


def channel_link(channel_id: str) -> Mrkdwn:
    """A link to a channel, from a validated ID."""
    if not _CHANNEL_ID.match(channel_id or ""):
        return Mrkdwn(escape(channel_id))
    return Mrkdwn(f"<#{channel_id}>")


def date(when: datetime, fmt: str = "{date_short_pretty} {time}") -> Mrkdwn:
    """A date shown in each reader's own time zone, with a UTC fallback."""
    fallback = when.strftime("%Y-%m-%d %H:%M UTC")
    return Mrkdwn(f"<!date^{int(when.timestamp())}^{fmt}|{fallback}>")


def truncate(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """Cut text to a length limit without splitting an escape entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    cut = _PARTIAL_ENTITY.sub("", cut)
    return cut + ellipsis
