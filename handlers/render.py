"""The Slack adapter's renderers: an owed message's kind and facts become a Slack payload at delivery."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment

from handlers.reviews import messages as reviews

Renderer = Callable[[dict[str, Any], Environment], dict[str, Any]]
"""Facts of one kind of owed message -> the Slack payload ({"text", "blocks"}, {"view"} or a file)."""


class UnknownKind(Exception):
    """An owed message of a kind no renderer knows (a newer version recorded it, or a bug)."""


def renderers() -> dict[str, Renderer]:
    """Every stage's renderers, by the kind of message they render."""
    table: dict[str, Renderer] = {}
    for stage in _STAGES:
        overlap = table.keys() & stage.keys()
        if overlap:
            raise ValueError(f"message kinds rendered twice: {sorted(overlap)}")
        table.update(stage)
    return table


def make_render(jinja: Environment) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function from an outbox payload to what the Slack Web API is sent."""
    table = renderers()

    def render(payload: dict[str, Any]) -> dict[str, Any]:
        kind = payload.get("kind")
        if kind is None:
            return payload  # already a Slack payload (recorded by an earlier version of the bot)
        renderer = table.get(str(kind))
        if renderer is None:
            raise UnknownKind(str(kind))
        return renderer(dict(payload.get("data") or {}), jinja)

    return render


_STAGES: tuple[Mapping[str, Renderer], ...] = (reviews.RENDERERS,)
