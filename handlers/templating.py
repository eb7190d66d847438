"""The Slack template environment: the document environment plus mrkdwn's trusted filters."""

from __future__ import annotations

from jinja2 import Environment

from bot.core.templating import make_environment
from handlers import mrkdwn


def make_slack_environment(tz: str = "Europe/London") -> Environment:
    """Templates rendered for Slack: values escaped for mrkdwn, mentions, channels and dates by filters."""
    env = make_environment(tz, escape=mrkdwn.escape)
    env.filters["mention"] = mrkdwn.mention
    env.filters["channel"] = mrkdwn.channel_link
    env.filters["slackdate"] = mrkdwn.date
    return env
