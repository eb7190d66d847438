"""Only this bot's own Slack workspace and app are answered: a request naming another is refused unread.

The bot's team and app are learnt from `auth.test` at start-up. A bolt middleware covers HTTP and Socket
Mode alike. Only the payload's own `team_id`/`team` is compared, not `user.team_id`: a member of a Slack
Connect channel may belong to another team and still be acting in ours.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

log = logging.getLogger(__name__)

__all__ = ["OnlyOurWorkspace", "OwnWorkspace"]


@dataclass(frozen=True)
class OwnWorkspace:
    """The team and app this bot's token belongs to (None: not known, not checked)."""

    team_id: str | None
    app_id: str | None

    @classmethod
    def from_auth_test(cls, result: Any) -> OwnWorkspace:
        """Read them from an `auth.test` answer."""
        return cls(team_id=result.get("team_id") or None, app_id=result.get("app_id") or None)


def _payload_team(body: dict[str, Any]) -> str | None:
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    return str(body["team_id"]) if body.get("team_id") else None


def foreign(own: OwnWorkspace, body: dict[str, Any]) -> str | None:
    """Which of team or app a request names that is not ours, or None when it is ours."""
    team, app = _payload_team(body), body.get("api_app_id")
    if own.team_id and team and team != own.team_id:
        return "team"
    if own.app_id and app and app != own.app_id:
        return "app"
    return None


class OnlyOurWorkspace(Middleware):
    """A bolt middleware refusing (401, nothing run) a request from another workspace or app."""

    def __init__(self, own: OwnWorkspace) -> None:
        self.own = own

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Go on with our own workspace's requests; refuse the rest unread."""
        which = foreign(self.own, req.body if isinstance(req.body, dict) else {})
        if which is None:
            return next()
        log.warning("refused a request from another Slack %s", which)  # no IDs, no content
        return BoltResponse(status=401, body="")
