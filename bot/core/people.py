"""Who someone is, by name: the port a chat adapter fills (Slack: users.info, cached in the database).

Use cases ask `Deps.names(ids)` and get a name for every ID: the directory's answer, else the ID itself
(a person is never dropped from a record for want of a name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

__all__ = ["Directory"]


class Directory(Protocol):
    """The chat platform's directory of people."""

    def names(self, user_ids: Iterable[str]) -> Mapping[str, str]:
        """A display name for each ID it can name (refreshing stale ones)."""
        ...
