"""The one error handler: typed errors become a private message; anything else an apology."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.errors import EfrpError

log = logging.getLogger(__name__)

GENERIC = (
    "Sorry, something went wrong and nothing was changed. "
    "Please try again; if it keeps happening, tell a coordinator."
)


def tell(client: WebClient, body: dict[str, Any], text: str) -> None:
    """Tell the acting person something privately, wherever they acted."""
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    channel = (
        body.get("channel_id")
        or (body.get("channel") or {}).get("id")
        or ((body.get("container") or {}).get("channel_id"))
    )
    if not user:
        return
    try:
        if channel and not str(channel).startswith("D"):
            client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
        dm = client.conversations_open(users=user)["channel"]["id"]
        client.chat_postMessage(channel=dm, text=text)
    except Exception:
        log.exception("could not tell %s about an error", user)


def register(app: App) -> None:
    """Install the global error handler."""

    @app.error
    def _on_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        if isinstance(error, EfrpError):
            tell(client, body, error.user_message)
            return
        log.error("unhandled error in a listener", exc_info=error)
        tell(client, body, GENERIC)
