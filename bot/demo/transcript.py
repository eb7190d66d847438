"""Render what people see in Slack (messages, DMs, modals, Home tabs) as readable text."""

from __future__ import annotations

import re
import textwrap
from typing import Any

_MENTION = re.compile(r"<@([A-Z0-9]+)>")
_CHANNEL = re.compile(r"<#([A-Z0-9]+)(\|[^>]*)?>")
_DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")


def readable(text: str, names: dict[str, str]) -> str:
    """Turn mrkdwn into what a reader sees: names for mentions, entities decoded."""
    text = _MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + names.get(m.group(1), m.group(1)), text)
    text = _DATE.sub(lambda m: m.group(1), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def render_blocks(blocks: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    """Lines for a list of blocks."""
    lines: list[str] = []
    for b in blocks:
        kind = b.get("type")
        if kind == "header":
            lines.append(f"== {_text(b.get('text'))} ==")
        elif kind == "section":
            if b.get("text"):
                lines.extend(readable(_text(b["text"]), names).splitlines())
            for f in b.get("fields") or []:
                lines.append("  " + readable(_text(f), names).replace("\n", " "))
            acc = b.get("accessory")
            if acc and acc.get("type") == "button":
                lines.append(f"  [{_text(acc.get('text'))}]")
        elif kind == "context":
            lines.append("  " + "  ".join(readable(_text(e), names) for e in b.get("elements", [])))
        elif kind == "divider":
            lines.append("  ---")
        elif kind == "actions":
            buttons = [
                f"[{_text(e.get('text'))}]" for e in b.get("elements", []) if e.get("type") == "button"
            ]
            others = [f"<{e.get('type')}>" for e in b.get("elements", []) if e.get("type") != "button"]
            lines.append("  " + " ".join(buttons + others))
        elif kind == "input":
            el = b.get("element") or {}
            opt = " (optional)" if b.get("optional") else ""
            lines.append(f"  {_text(b.get('label'))}{opt}: <{el.get('type')}>")
        elif kind == "image":
            lines.append(f"  [image: {b.get('alt_text', '')}]")
    return lines


def box(title: str, lines: list[str], width: int = 96) -> str:
    """A titled box of wrapped lines."""
    out = [f"┌─ {title} " + "─" * max(0, width - len(title) - 4)]
    for line in lines:
        for part in textwrap.wrap(line, width - 2, replace_whitespace=False, drop_whitespace=False) or [""]:
            out.append("│ " + part)
    out.append("└" + "─" * (width - 1))
    return "\n".join(out)
