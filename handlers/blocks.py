"""Block Kit built in code, with helpers that keep every piece inside Slack's limits."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from handlers import metadata
from handlers.formcheck import check_values
from handlers.mrkdwn import truncate

Block = dict[str, Any]

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
SELECT_OPTIONS = 100
MODAL_TITLE = 24
INPUT_MAX = 3000
ACTIONS_ELEMENTS = 25
CONTEXT_ELEMENTS = 10
PRIVATE_METADATA = 3000
MESSAGE_BLOCKS_CHARS = 11_500  # Slack refuses roughly 12-13k characters of blocks


def plain(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    """A plain_text object (never parsed for mentions), cut to a limit."""
    return {"type": "plain_text", "text": truncate(text, limit) or " ", "emoji": True}


def md(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    """A mrkdwn text object; the text must already be escaped (templates do it)."""
    return {"type": "mrkdwn", "text": truncate(text, limit) or " "}


def header(text: str) -> Block:
    """A header block."""
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def section(
    text: str, *, block_id: str | None = None, accessory: Block | None = None, fields: Sequence[str] = ()
) -> Block:
    """A section of mrkdwn text, optionally with fields and an accessory."""
    block: Block = {"type": "section", "text": md(text)}
    if fields:
        block["fields"] = [md(f, FIELD_TEXT) for f in list(fields)[:10]]
    if block_id:
        block["block_id"] = block_id[:255]
    if accessory:
        block["accessory"] = accessory
    return block


def sections(text: str, *, limit: int = SECTION_TEXT) -> list[Block]:
    """Split long mrkdwn text into as many sections as it needs, at line breaks."""
    out: list[Block] = []
    chunk = ""
    for line in text.split("\n"):
        candidate = f"{chunk}\n{line}" if chunk else line
        if len(candidate) <= limit:
            chunk = candidate
            continue
        if chunk:
            out.append(section(chunk))
        chunk = truncate(line, limit)
    if chunk:
        out.append(section(chunk))
    return out


def context(*texts: str) -> Block:
    """A context block of small mrkdwn texts."""
    return {"type": "context", "elements": [md(t, SECTION_TEXT) for t in texts[:CONTEXT_ELEMENTS]]}


def divider() -> Block:
    """A divider."""
    return {"type": "divider"}


def button(
    text: str,
    action_id: str,
    value: str = "",
    *,
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> Block:
    """A button; value carries IDs only, never user text."""
    if len(value) > BUTTON_VALUE:
        raise ValueError("button value too long")
    el: Block = {"type": "button", "text": plain(text, BUTTON_TEXT), "action_id": action_id[:255]}
    if value:
        el["value"] = value
    if style in ("primary", "danger"):
        el["style"] = style
    if confirm:
        el["confirm"] = confirm
    return el


def actions(elements: Sequence[Block], *, block_id: str | None = None) -> Block:
    """An actions block (at most 25 elements)."""
    if len(elements) > ACTIONS_ELEMENTS:
        raise ValueError("too many elements in an actions block")
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id[:255]
    return block


def option(text: str, value: str, description: str | None = None) -> dict[str, Any]:
    """A select/checkbox option, with text and value cut to Slack's limits."""
    if len(value) > OPTION_VALUE:
        raise ValueError("option value too long")
    opt: dict[str, Any] = {"text": plain(text, OPTION_TEXT), "value": value}
    if description:
        opt["description"] = plain(description, OPTION_TEXT)
    return opt


def input_block(
    block_id: str,
    label: str,
    element: Block,
    *,
    optional: bool = False,
    hint: str | None = None,
    dispatch: bool = False,
) -> Block:
    """An input block in a modal."""
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    if dispatch:
        block["dispatch_action"] = True
    return block


def text_input(
    action_id: str,
    *,
    multiline: bool = False,
    initial: str | None = None,
    max_length: int = INPUT_MAX,
    placeholder: str | None = None,
) -> Block:
    """A plain_text_input element."""
    el: Block = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": min(max_length, INPUT_MAX),
    }
    if initial:
        el["initial_value"] = initial[: el["max_length"]]
    if placeholder:
        el["placeholder"] = plain(placeholder, 150)
    return el


def static_select(
    action_id: str,
    options: Sequence[dict[str, Any]],
    *,
    initial: str | None = None,
    placeholder: str = "Choose…",
) -> Block:
    """A single-choice select (at most 100 options)."""
    if len(options) > SELECT_OPTIONS:
        raise ValueError("too many options")
    el: Block = {
        "type": "static_select",
        "action_id": action_id,
        "options": list(options),
        "placeholder": plain(placeholder, 150),
    }
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        el["initial_option"] = chosen[0]
    return el


def multi_select(
    action_id: str,
    *,
    options: Sequence[dict[str, Any]] = (),
    groups: Sequence[tuple[str, Sequence[dict[str, Any]]]] = (),
    initial: Iterable[str] = (),
    placeholder: str = "Choose…",
) -> Block:
    """A multi-choice select, flat or grouped (at most 100 options in all)."""
    el: Block = {
        "type": "multi_static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder, 150),
    }
    wanted = set(initial)
    every: list[dict[str, Any]] = []
    if groups:
        el["option_groups"] = [
            {"label": plain(label, OPTION_TEXT), "options": list(opts)} for label, opts in groups
        ]
        for _, opts in groups:
            every.extend(opts)
    else:
        el["options"] = list(options)
        every = list(options)
    if len(every) > SELECT_OPTIONS:
        raise ValueError("too many options in one select")
    chosen = [o for o in every if o["value"] in wanted]
    if chosen:
        el["initial_options"] = chosen
    return el


def radio(action_id: str, options: Sequence[dict[str, Any]], *, initial: str | None = None) -> Block:
    """Radio buttons (at most 10 options)."""
    el: Block = {"type": "radio_buttons", "action_id": action_id, "options": list(options)[:10]}
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        el["initial_option"] = chosen[0]
    return el


def checkboxes(action_id: str, options: Sequence[dict[str, Any]], *, initial: Iterable[str] = ()) -> Block:
    """Checkboxes (at most 10 options)."""
    el: Block = {"type": "checkboxes", "action_id": action_id, "options": list(options)[:10]}
    wanted = set(initial)
    chosen = [o for o in options if o["value"] in wanted]
    if chosen:
        el["initial_options"] = chosen
    return el


def datepicker(action_id: str, *, initial: date | None = None) -> Block:
    """A date picker."""
    el: Block = {"type": "datepicker", "action_id": action_id}
    if initial:
        el["initial_date"] = initial.isoformat()
    return el


def multi_users_select(action_id: str, *, initial: Sequence[str] = ()) -> Block:
    """A picker of several users."""
    el: Block = {"type": "multi_users_select", "action_id": action_id}
    if initial:
        el["initial_users"] = list(initial)
    return el


def users_select(action_id: str, *, initial: str | None = None) -> Block:
    """A single user picker."""
    el: Block = {"type": "users_select", "action_id": action_id}
    if initial:
        el["initial_user"] = initial
    return el


def modal(
    callback_id: str,
    title: str,
    blocks: Sequence[Block],
    *,
    submit: str | None = "Submit",
    close: str = "Cancel",
    private_metadata: Any = None,
) -> dict[str, Any]:
    """A modal view within Slack's limits; private_metadata is a `handlers.metadata` dataclass."""
    if len(blocks) > SURFACE_BLOCKS:
        raise ValueError(f"a modal holds at most {SURFACE_BLOCKS} blocks")
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MODAL_TITLE),
        "close": plain(close, MODAL_TITLE),
        "blocks": list(blocks),
    }
    if submit:
        view["submit"] = plain(submit, MODAL_TITLE)
    if private_metadata is not None:
        meta = metadata.dump(private_metadata)
        if len(meta) > PRIVATE_METADATA:
            raise ValueError("private_metadata too long")
        view["private_metadata"] = meta
    return view


def message(text: str, blocks: Sequence[Block]) -> dict[str, Any]:
    """A message payload: fallback text plus at most 50 blocks, within Slack's size limit."""
    kept = list(blocks)[:MESSAGE_BLOCKS]
    if len(blocks) > MESSAGE_BLOCKS:
        kept[-1] = context(f"…and more: {len(blocks) - MESSAGE_BLOCKS + 1} further blocks not shown here.")
    while len(json.dumps(kept)) > MESSAGE_BLOCKS_CHARS and len(kept) > 1:
        kept = [
            *kept[:-2],
            context("…cut to fit Slack's message size; the full record is in `/efh context`."),
        ]
    return {"text": truncate(text, 39_000), "blocks": kept}


def view_values(view: dict[str, Any]) -> dict[str, Any]:
    """Flatten a submitted view's state into block_id -> the value a person gave (refusing unusable input)."""
    out: dict[str, Any] = {}
    dates: set[str] = set()
    for block_id, by_action in (view.get("state", {}).get("values", {}) or {}).items():
        for state in by_action.values():
            kind = state.get("type")
            if kind in ("plain_text_input", "number_input"):
                out[block_id] = state.get("value")
            elif kind in ("static_select", "radio_buttons", "external_select"):
                opt = state.get("selected_option")
                out[block_id] = opt.get("value") if opt else None
            elif kind in ("multi_static_select", "checkboxes", "multi_external_select"):
                out[block_id] = [o["value"] for o in state.get("selected_options") or []]
            elif kind == "users_select":
                out[block_id] = state.get("selected_user")
            elif kind == "multi_users_select":
                out[block_id] = list(state.get("selected_users") or [])
            elif kind == "datepicker":
                out[block_id] = state.get("selected_date")
                dates.add(block_id)
            elif kind == "timepicker":
                out[block_id] = state.get("selected_time")
    check_values(out, dates)
    return out
