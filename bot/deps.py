"""What handlers, services and jobs are given: built once by the app factory, passed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import Environment
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.membership import PanelMembership
from bot.settings import Settings


@dataclass
class Deps:
    """The bot's collaborators for one process."""

    settings: Settings
    engine: Engine
    clock: Clock
    jinja: Environment
    client: WebClient | None = None
    kick: Callable[[], None] = field(default=lambda: None)  # wake the delivery worker after a commit
    membership: PanelMembership | None = None

    def is_coordinator(self, user_id: str) -> bool:
        """Whether a Slack user is one of the panel's coordinators."""
        return self.settings.is_coordinator(user_id)

    def is_panel_member(self, user_id: str) -> bool:
        """Whether a Slack user may see panel detail (coordinator or panel channel member)."""
        if self.is_coordinator(user_id):
            return True
        return self.membership is not None and self.membership.is_member(user_id)
