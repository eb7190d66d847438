"""Who may see panel detail: coordinators, and members of the private panel channel."""

from __future__ import annotations

import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.settings import Settings

CACHE_SECONDS = 300.0
GUEST = "a guest account"
OTHER_TEAM = "an account of another organisation"


class PanelMembership:
    """Answers 'is this person on the panel?' from the panel channel's member list, cached briefly."""

    def __init__(self, settings: Settings, client: WebClient | None) -> None:
        self.settings = settings
        self.client = client
        self._members: frozenset[str] = frozenset()
        self._fetched = -CACHE_SECONDS
        self._lock = threading.Lock()
        self.team_id: str | None = None  # this workspace (auth.test at start-up); None: not checked
        self._accounts: dict[str, tuple[float, str | None]] = {}

    def outsider(self, user_id: str) -> str | None:
        """What makes someone an outsider to panel detail (a guest, another team's member), or None."""
        with self._lock:
            seen = self._accounts.get(user_id)
        if seen is not None and time.monotonic() - seen[0] < CACHE_SECONDS:
            return seen[1]
        if self.client is None or not user_id:
            return None
        try:
            user = self.client.users_info(user=user_id).get("user") or {}
        except SlackApiError:
            return seen[1] if seen is not None else None  # Slack could not say: the last known answer
        found = _outsider(user, self.team_id)
        with self._lock:
            self._accounts[user_id] = (time.monotonic(), found)
        return found

    def is_member(self, user_id: str) -> bool:
        """Whether the user is in the private panel channel (Deps adds the stored coordinators)."""
        return user_id in self._current()

    def _current(self) -> frozenset[str]:
        with self._lock:
            if time.monotonic() - self._fetched < CACHE_SECONDS:
                return self._members
            if self.client is None or not self.settings.panel_channel:
                return frozenset()
            members: set[str] = set()
            cursor = None
            try:
                while True:
                    resp = self.client.conversations_members(
                        channel=self.settings.panel_channel, cursor=cursor, limit=1000
                    )
                    members.update(resp.get("members", []) or [])
                    cursor = (resp.get("response_metadata") or {}).get("next_cursor")
                    if not cursor:
                        break
            except SlackApiError:
                return self._members  # keep the last known list rather than open the doors
            self._members = frozenset(members)
            self._fetched = time.monotonic()
            return self._members

    def forget(self) -> None:
        """Drop the cache (when Slack says the channel's members changed)."""
        with self._lock:
            self._fetched = -CACHE_SECONDS
            self._accounts.clear()


def _outsider(user: dict[str, object], team_id: str | None) -> str | None:
    if user.get("is_restricted") or user.get("is_ultra_restricted"):
        return GUEST
    if user.get("is_stranger") or (team_id and user.get("team_id") and user.get("team_id") != team_id):
        return OTHER_TEAM
    return None
