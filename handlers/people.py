"""People by name: Slack's users.info, cached in the database (storage.people) for NAME_MAX_AGE.

Needs the `users:read` scope. A name older than its age is looked up again; if Slack cannot answer, the
stale name is kept, and a user never looked up stands as their ID.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine

from bot.core.clock import Clock
from storage import people
from storage.db import session_scope

__all__ = ["NAME_MAX_AGE", "SlackDirectory", "display_name"]

log = logging.getLogger(__name__)
NAME_MAX_AGE = timedelta(days=7)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{6,20}$")


def display_name(user: Mapping[str, Any]) -> str:
    """The name Slack shows for a user: display name, else real name, else the account name."""
    profile = user.get("profile") or {}
    for candidate in (
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
    ):
        if candidate and str(candidate).strip():
            return str(candidate).strip()
    return str(user.get("id", ""))


class SlackDirectory:
    """The Directory port on Slack: users.info for names missing or older than max_age."""

    def __init__(
        self, client: WebClient, engine: Engine, clock: Clock, *, max_age: timedelta = NAME_MAX_AGE
    ) -> None:
        self.client = client
        self.engine = engine
        self.clock = clock
        self.max_age = max_age

    def names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """A name for each Slack user ID given (other actors, such as 'system', are left out)."""
        ids = {u for u in user_ids if _USER_ID.match(u)}
        now = self.clock.now()
        with session_scope(self.engine) as session:
            rows = people.cached(session=session, user_ids=ids)
        found = {uid: row.display_name for uid, row in rows.items()}
        stale = sorted(uid for uid in ids if uid not in rows or now - rows[uid].fetched_at > self.max_age)
        for done, uid in enumerate(stale):
            try:
                fresh = self._ask(uid)
            except OSError as exc:
                # Slack unreachable: cached (or no) names stand and the export goes on; the rest are not asked
                # for, so a command run without Slack waits out one connection's retries, not everyone's.
                log.warning(
                    "users.info unreachable: %s; %d names not refreshed",
                    type(exc).__name__,
                    len(stale) - done,
                )
                break
            if fresh is None:
                continue
            found[uid] = fresh
            with session_scope(self.engine) as session:
                people.remember(session=session, user_id=uid, display_name=fresh, now=now)
        return found

    def _ask(self, user_id: str) -> str | None:
        try:
            resp = self.client.users_info(user=user_id)
        except SlackApiError as exc:
            log.warning("users.info failed: %s", exc.response.get("error", "unknown"))
            return None
        user = resp.get("user") or {}
        return display_name(user) or None
