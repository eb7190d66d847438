"""The coordinators' DMs about the panel channel's hold, rendered from their facts at delivery."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from bot.core.templating import render
from handlers import blocks
from handlers.render import Renderer


def _facts(facts: dict[str, Any]) -> dict[str, Any]:
    return {**facts, "kinds": [tuple(pair) for pair in facts.get("kinds") or []]}


def panel_held(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """`privacy.panel_held`: what is held back from the panel channel, and why."""
    text = render(jinja, "panel_held_dm.mrkdwn.j2", **_facts(facts))
    return blocks.message(text, blocks.sections(text))


def panel_released(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """`privacy.panel_released`: the held messages are being posted again."""
    text = render(jinja, "panel_released_dm.mrkdwn.j2", **_facts(facts))
    return blocks.message(text, blocks.sections(text))


RENDERERS: dict[str, Renderer] = {
    "privacy.panel_held": panel_held,
    "privacy.panel_released": panel_released,
}
