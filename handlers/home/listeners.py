"""The App Home tab: published when a person opens it (once per event, whatever Slack's retries)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.actions.home import home_opened
from handlers.permissions import deps_of


def register(app: App) -> None:
    """Register the app_home_opened listener."""

    @app.event("app_home_opened")
    def _opened(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        home_opened(deps_of(context), user_id=str(event["user"]), event_id=str(body.get("event_id") or ""))
