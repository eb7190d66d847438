"""Helpers every listener uses: the injected collaborators and the acting user."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext

from bot.core.deps import Deps
from bot.core.errors import NotPermitted


def deps_of(context: BoltContext) -> Deps:
    """The collaborators the app factory injected."""
    deps: Deps = context["deps"]
    return deps


def user_of(body: dict[str, Any]) -> str:
    """The Slack user who sent a command, click or submission."""
    if "user_id" in body:
        return str(body["user_id"])
    return str((body.get("user") or {}).get("id", ""))


def require_coordinator(deps: Deps, user: str, doing: str) -> None:
    """Refuse anyone but a coordinator (and any guest or other organisation's account), changing nothing."""
    deps.refuse_outsider(user)
    if not deps.is_coordinator(user):
        raise NotPermitted(f"Only the panel's coordinators can {doing}. Nothing was changed.")


def require_panel_member(deps: Deps, user: str, doing: str) -> None:
    """Refuse anyone who is not on the panel (guests and other organisations' accounts say so)."""
    deps.refuse_outsider(user)
    if not deps.is_panel_member(user):
        raise NotPermitted(f"Only members of the panel can {doing}.")
