"""A Home owed fresh ("home.owed"): read from the record and rendered when it is delivered, after commit."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from sqlalchemy.exc import SQLAlchemyError

from bot.actions.home import home_facts
from bot.core.deps import Deps
from handlers.home.messages import home_tab
from handlers.render import Renderer


def fresh_home(deps: Deps) -> dict[str, Renderer]:
    """The renderer of a Home owed fresh: the person's Home as the record stands when it is delivered."""

    def render(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
        try:
            current = home_facts(deps, user_id=str(facts["user"]))
        except SQLAlchemyError as exc:
            # The record could not be read: the deliverer retries this like a lost connection to Slack.
            raise ConnectionError(f"database: {type(exc).__name__}") from None
        return home_tab(current, jinja)

    return {"home.owed": render}
