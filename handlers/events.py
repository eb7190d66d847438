"""Events about the panel channel: who may see panel detail, and whether the channel is still private."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from handlers.permissions import deps_of
from handlers.privacy.channel import recheck

CHANNEL_CHANGES = (
    "channel_shared",
    "channel_unshared",
    "channel_converted_to_private",
    "group_converted_to_private",
    "channel_archive",
    "channel_unarchive",
    "group_archive",
    "group_unarchive",
)
"""Slack's events for a channel made shared, private, public, archived or unarchived."""


def _channel_of(event: dict[str, Any]) -> str | None:
    channel = event.get("channel")
    return str(channel.get("id")) if isinstance(channel, dict) else (str(channel) if channel else None)


def register(app: App) -> None:
    """Forget the cached panel membership when people join or leave; hold or release panel detail."""

    def _membership_changed(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        deps = deps_of(context)
        if _channel_of(event) != deps.settings.panel_channel:
            return
        if deps.membership is not None:
            deps.membership.forget()
        if event.get("type") == "member_joined_channel":
            recheck(deps, client, seen_by=str(event["type"]))  # a newcomer from elsewhere: shared now?

    def _channel_changed(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        deps = deps_of(context)
        if _channel_of(event) == deps.settings.panel_channel:
            recheck(deps, client, seen_by=str(event.get("type")))

    app.event("member_joined_channel")(_membership_changed)
    app.event("member_left_channel")(_membership_changed)
    for name in CHANNEL_CHANGES:
        app.event(name)(_channel_changed)
