"""Events about the panel channel's membership: who may see panel detail changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from handlers.permissions import deps_of


def register(app: App) -> None:
    """Forget the cached panel membership when people join or leave the panel channel."""

    def _membership_changed(event: dict[str, Any], context: BoltContext) -> None:
        deps = deps_of(context)
        if event.get("channel") == deps.settings.panel_channel and deps.membership is not None:
            deps.membership.forget()

    app.event("member_joined_channel")(_membership_changed)
    app.event("member_left_channel")(_membership_changed)
