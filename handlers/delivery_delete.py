"""Taking back what the bot posted: chat.delete of a message, files.delete of an upload (retention)."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

# Already gone (deleted by someone, or the channel with it): the deletion is done.
GONE = frozenset({"message_not_found", "file_not_found", "file_deleted", "channel_not_found", "is_archived"})


def take_back(client: WebClient, payload: dict[str, Any]) -> tuple[str | None, str | None]:
    """Delete the message or file a DELETE row points at; what is already gone counts as deleted."""
    channel, ts = payload.get("channel"), str(payload.get("ts") or "")
    try:
        if payload.get("file"):
            client.files_delete(file=ts)
        else:
            client.chat_delete(channel=str(channel or ""), ts=ts)
    except SlackApiError as exc:
        if str(exc.response.get("error")) not in GONE:
            raise
    return None, None
