"""The Slack adapter's renderers: an owed message's kind and facts become a Slack payload at delivery."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment

Renderer = Callable[[dict[str, Any], Environment], dict[str, Any]]
"""Facts of one kind of owed message -> the Slack payload ({"text", "blocks"}, {"view"} or a file)."""


class UnknownKind(Exception):
    """An owed message of a kind no renderer knows (a newer version recorded it, or a bug)."""


def merge_renderers(*stages: Mapping[str, Renderer]) -> dict[str, Renderer]:
    """One table from every stage's renderers, refusing a kind that two stages both render."""
    table: dict[str, Renderer] = {}
    for stage in stages:
        overlap = table.keys() & stage.keys()
        if overlap:
            raise ValueError(f"message kinds rendered twice: {sorted(overlap)}")
        table.update(stage)
    return table


def make_render(
    jinja: Environment, table: Mapping[str, Renderer]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function from an outbox payload to what the Slack Web API is sent."""

    def render(payload: dict[str, Any]) -> dict[str, Any]:
        kind = payload.get("kind")
        if kind is None:
            return payload  # already a Slack payload (recorded by an earlier version of the bot)
        renderer = table.get(str(kind))
        if renderer is None:
            raise UnknownKind(str(kind))
        return renderer(dict(payload.get("data") or {}), jinja)

    return render
