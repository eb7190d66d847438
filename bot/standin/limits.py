"""Slack's Block Kit limits, checked by the stand-in the way Slack refuses oversized payloads."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100
SECTION_TEXT = 3000
SECTION_FIELD = 2000
SECTION_FIELDS = 10
HEADER_TEXT = 150
ACTIONS_ELEMENTS = 25
CONTEXT_ELEMENTS = 10
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
SELECT_OPTIONS = 100
OPTION_GROUPS = 100
INPUT_MAX_LENGTH = 3000
MODAL_TITLE = 24
PRIVATE_METADATA = 3000
ID_LENGTH = 255
MESSAGE_BLOCKS_CHARS = 12_000


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return ""


def _check_options(options: list[Any], where: str, errors: list[str]) -> None:
    if len(options) > SELECT_OPTIONS:
        errors.append(f"{where}: {len(options)} options > {SELECT_OPTIONS}")
    for opt in options:
        if len(_text(opt.get("text"))) > OPTION_TEXT:
            errors.append(f"{where}: option text longer than {OPTION_TEXT}")
        if len(str(opt.get("value", ""))) > OPTION_VALUE:
            errors.append(f"{where}: option value longer than {OPTION_VALUE}")


def _check_option_groups(groups: list[Any], where: str, errors: list[str]) -> None:
    if len(groups) > OPTION_GROUPS:
        errors.append(f"{where}: {len(groups)} option groups > {OPTION_GROUPS}")
    total = 0
    for g in groups:
        if len(_text(g.get("label"))) > OPTION_TEXT:
            errors.append(f"{where}: option group label longer than {OPTION_TEXT}")
        _check_options(g.get("options", []), where, errors)
        total += len(g.get("options", []))
    if total > SELECT_OPTIONS:
        errors.append(f"{where}: {total} options in groups > {SELECT_OPTIONS}")


def _check_button(el: dict[str, Any], where: str, errors: list[str]) -> None:
    if len(_text(el.get("text"))) > BUTTON_TEXT:
        errors.append(f"{where}: button text longer than {BUTTON_TEXT}")
    if len(str(el.get("value", ""))) > BUTTON_VALUE:
        errors.append(f"{where}: button value longer than {BUTTON_VALUE}")


# Each key an element may carry, the check it gets, and the suffix its errors are reported under.
_ELEMENT_LISTS: tuple[tuple[str, Callable[[list[Any], str, list[str]], None], str], ...] = (
    ("options", _check_options, ""),
    ("initial_options", _check_options, " initial"),
    ("option_groups", _check_option_groups, ""),
)


def _check_element(el: dict[str, Any], where: str, errors: list[str]) -> None:
    if len(str(el.get("action_id", ""))) > ID_LENGTH:
        errors.append(f"{where}: action_id too long")
    kind = el.get("type")
    if kind == "button":
        _check_button(el, where, errors)
    for key, check, suffix in _ELEMENT_LISTS:
        if key in el:
            check(el[key], where + suffix, errors)
    if kind == "plain_text_input" and int(el.get("max_length", 0)) > INPUT_MAX_LENGTH:
        errors.append(f"{where}: max_length > {INPUT_MAX_LENGTH}")


def _check_section(block: dict[str, Any], where: str, surface: str, errors: list[str]) -> None:
    if len(_text(block.get("text"))) > SECTION_TEXT:
        errors.append(f"{where}: text longer than {SECTION_TEXT}")
    fields = block.get("fields") or []
    if len(fields) > SECTION_FIELDS:
        errors.append(f"{where}: {len(fields)} fields > {SECTION_FIELDS}")
    for f in fields:
        if len(_text(f)) > SECTION_FIELD:
            errors.append(f"{where}: field longer than {SECTION_FIELD}")
    if block.get("accessory"):
        _check_element(block["accessory"], where, errors)


def _check_header(block: dict[str, Any], where: str, surface: str, errors: list[str]) -> None:
    if len(_text(block.get("text"))) > HEADER_TEXT:
        errors.append(f"{where}: header longer than {HEADER_TEXT}")


def _check_actions(block: dict[str, Any], where: str, surface: str, errors: list[str]) -> None:
    elements = block.get("elements") or []
    if len(elements) > ACTIONS_ELEMENTS:
        errors.append(f"{where}: {len(elements)} elements > {ACTIONS_ELEMENTS}")
    for el in elements:
        _check_element(el, where, errors)


def _check_context(block: dict[str, Any], where: str, surface: str, errors: list[str]) -> None:
    if len(block.get("elements") or []) > CONTEXT_ELEMENTS:
        errors.append(f"{where}: too many context elements")


def _check_input(block: dict[str, Any], where: str, surface: str, errors: list[str]) -> None:
    if surface == "message":
        errors.append(f"{where}: input blocks are not allowed in messages")
    _check_element(block.get("element") or {}, where, errors)


_BLOCK_CHECKS: dict[str, Callable[[dict[str, Any], str, str, list[str]], None]] = {
    "section": _check_section,
    "header": _check_header,
    "actions": _check_actions,
    "context": _check_context,
    "input": _check_input,
}


def check_blocks(blocks: list[dict[str, Any]] | None, *, surface: str) -> list[str]:
    """Return what breaks Slack's limits in a list of blocks (empty when Slack would accept it)."""
    errors: list[str] = []
    if not blocks:
        return errors
    limit = MESSAGE_BLOCKS if surface == "message" else SURFACE_BLOCKS
    if len(blocks) > limit:
        errors.append(f"{len(blocks)} blocks > {limit}")
    for i, block in enumerate(blocks):
        where = f"block {i} ({block.get('type')})"
        if len(str(block.get("block_id", ""))) > ID_LENGTH:
            errors.append(f"{where}: block_id too long")
        kind = block.get("type")
        check = _BLOCK_CHECKS.get(kind) if isinstance(kind, str) else None
        if check is not None:
            check(block, where, surface, errors)
    if surface == "message" and len(json.dumps(blocks)) > MESSAGE_BLOCKS_CHARS:
        errors.append("msg_blocks_too_long")
    return errors


def check_view(view: dict[str, Any]) -> list[str]:
    """Return what breaks Slack's limits in a modal or Home view."""
    errors = check_blocks(view.get("blocks"), surface=view.get("type", "modal"))
    if view.get("type") == "modal":
        for key in ("title", "submit", "close"):
            if key in view and len(_text(view[key])) > MODAL_TITLE:
                errors.append(f"{key} longer than {MODAL_TITLE}")
        if any(b.get("type") == "input" for b in view.get("blocks", [])) and "submit" not in view:
            errors.append("a modal with inputs needs submit")
    if len(str(view.get("private_metadata", ""))) > PRIVATE_METADATA:
        errors.append("private_metadata too long")
    if len(str(view.get("callback_id", ""))) > ID_LENGTH:
        errors.append("callback_id too long")
    return errors
