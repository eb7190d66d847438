"""Whether the panel channel is still a private channel of this workspace alone, from what Slack says of it.

`conversations.info` answers flags; any of them set means panel detail must not be posted there: held
until the channel is safe again. Pure: the caller fetches the flags.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["REASONS", "channel_problem"]

REASONS: dict[str, str] = {
    "archived": "it has been archived",
    "public": "it is a public channel",
    "ext_shared": "it is shared with another organisation (Slack Connect)",
    "pending_ext_shared": "an invitation to share it with another organisation is pending (Slack Connect)",
    "org_shared": "it is shared with other workspaces of the organisation",
    "shared": "it is shared with another workspace",
}
"""Each reason a channel is unsafe for panel detail, worded for the coordinators and the audit trail."""


def channel_problem(info: Mapping[str, Any]) -> str | None:
    """The reason (a key of REASONS) the channel is unsafe for panel detail, or None when it is safe."""
    if info.get("is_archived"):
        return "archived"
    if not (info.get("is_private") or info.get("is_group")):
        return "public"
    for flag in ("ext_shared", "pending_ext_shared", "org_shared", "shared"):
        if info.get("is_" + flag):
            return flag
    return None
