"""The records stage's owed messages as Slack payloads: what a retention purge removed, for coordinators."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from bot.core.owed import as_datetime
from bot.domain.wording import humanise
from handlers import blocks
from handlers.render import Renderer

__all__ = ["RENDERERS", "retention_report"]


def retention_report(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """`records.retention_report`: record types and counts only, never what the records said."""
    as_of = as_datetime(facts["as_of"])
    counts: dict[str, int] = facts.get("counts") or {}
    lines = [f"*Retention schedule applied* as of {as_of:%d %b %Y %H:%M} UTC. Removed:"]
    lines += [f"• {humanise(kind)}: {n}" for kind, n in sorted(counts.items())] or ["• nothing"]
    lines.append(f"Messages and files taken back from Slack: {int(facts.get('slack_messages') or 0)}.")
    if facts.get("held"):
        lines.append(f"Kept because they are on legal hold: {int(facts['held'])}.")
    lines.append("The audit has the same figures (`efrp audit`).")
    text = "\n".join(lines)
    return blocks.message(text, blocks.sections(text))


RENDERERS: dict[str, Renderer] = {"records.retention_report": retention_report}
