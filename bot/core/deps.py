"""What use cases, handlers and jobs are given: built once by the app factory, passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from jinja2 import Environment
from sqlalchemy.engine import Engine

from bot.core.clock import Clock
from bot.core.errors import NotPermitted
from bot.core.people import Directory
from bot.core.settings import Settings
from bot.domain.calendar import local_date
from bot.domain.framework import Framework


class Roster(Protocol):
    """Who the coordinators are, as stored (changed with `efrp coordinators`), cached briefly."""

    def ids(self) -> frozenset[str]:
        """The coordinators' user IDs."""
        ...

    def forget(self) -> None:
        """Read the list again on next use."""
        ...


class Membership(Protocol):
    """Who is on the panel, as the chat platform knows it (the members of the private panel channel)."""

    def is_member(self, user_id: str) -> bool:
        """Whether the user may see panel detail."""
        ...

    def forget(self) -> None:
        """Drop what is cached (the platform said the members changed)."""
        ...

    def outsider(self, user_id: str) -> str | None:
        """What keeps someone from panel detail whatever channel they are in (a guest, another
        organisation's account), in words; None for a full member of this workspace."""
        ...


@dataclass
class Deps:
    """The bot's collaborators for one process."""

    settings: Settings
    engine: Engine
    clock: Clock
    jinja: Environment
    membership: Membership | None = None
    directory: Directory | None = None

    @property
    def framework(self) -> Framework:
        """The wellbeing framework this panel uses (EFRP_FRAMEWORK, or the shipped one)."""
        return self.settings.framework

    roster: Roster | None = None

    def today(self) -> date:
        """Today's date in the panel's time zone."""
        return local_date(self.clock.now(), self.settings.tz)

    def names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """A name for each user ID: the directory's, else the ID itself."""
        ids = {u for u in user_ids if u}
        known = dict(self.directory.names(ids)) if self.directory is not None else {}
        return {uid: known.get(uid, uid) for uid in ids}

    def coordinator_ids(self) -> frozenset[str]:
        """The panel's coordinators now (the stored list; EFRP_COORDINATORS only until it is seeded)."""
        return self.roster.ids() if self.roster is not None else self.settings.coordinators

    def is_coordinator(self, user_id: str) -> bool:
        """Whether a Slack user is one of the panel's coordinators."""
        return user_id in self.coordinator_ids()

    def outsider(self, user_id: str) -> str | None:
        """Why a person may never see panel detail (a guest, another organisation's account), or None."""
        return self.membership.outsider(user_id) if self.membership is not None else None

    def refuse_outsider(self, user_id: str) -> None:
        """Refuse panel detail to a guest or another organisation's account, saying why (NotPermitted)."""
        who = self.outsider(user_id)
        if who:
            raise NotPermitted(
                "Panel records are shown only to members of this workspace, and you are signed in with "
                f"{who}, so nothing was shown. A coordinator can share what you need through your own "
                "organisation."
            )

    def is_panel_member(self, user_id: str) -> bool:
        """Whether a Slack user may see panel detail (a coordinator or panel channel member, no outsider)."""
        if self.outsider(user_id):
            return False
        if self.is_coordinator(user_id):
            return True
        return self.membership is not None and self.membership.is_member(user_id)
