"""One typed model for what a modal or a button carries: a small dataclass, encoded and decoded here.

Every modal's `private_metadata` and every button's `value` that names records is a frozen dataclass of
this module's readers' choosing, with readable keys (`context_id`, not `c`). `dump` writes it as compact
JSON; `from_view` and `from_button` read it back, checking every field's type, and refuse anything else
with `NotFound` ("out of date"), so a forged or stale payload changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import types
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from bot.core.errors import NotFound

T = TypeVar("T")

STALE = "That form or button is out of date. Nothing was changed."

__all__ = ["STALE", "dump", "from_button", "from_view", "load"]


def dump(meta: Any) -> str:
    """A metadata dataclass as compact JSON (for `private_metadata` or a button `value`)."""
    if not dataclasses.is_dataclass(meta) or isinstance(meta, type):
        raise TypeError("metadata must be a dataclass instance")
    return json.dumps(dataclasses.asdict(meta), separators=(",", ":"), sort_keys=True)


def load(cls: type[T], raw: str | None) -> T:
    """Read metadata written by `dump` back into `cls`; NotFound if it is missing or malformed."""
    if raw and raw.isdigit():
        data = _bare_id(cls, raw)  # a button posted by an earlier version carried the bare record ID
    else:
        try:
            data = json.loads(raw or "")
        except ValueError:
            raise NotFound(STALE) from None
    if not isinstance(data, dict):
        raise NotFound(STALE)
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            if f.default is not dataclasses.MISSING:
                continue
            raise NotFound(STALE)
        values[f.name] = _checked(data[f.name], hints[f.name])
    return cls(**values)


def from_view(cls: type[T], view: dict[str, Any]) -> T:
    """The metadata a modal was opened with."""
    return load(cls, view.get("private_metadata"))


def from_button(cls: type[T], body: dict[str, Any]) -> T:
    """The metadata of the button that was clicked."""
    actions = body.get("actions") or [{}]
    return load(cls, str(actions[0].get("value") or ""))


def _bare_id(cls: type[Any], raw: str) -> dict[str, Any]:
    fields = dataclasses.fields(cls)
    if len(fields) != 1:
        raise NotFound(STALE)
    return {fields[0].name: int(raw)}


def _checked(value: Any, hint: Any) -> Any:
    allowed = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,)
    for kind in allowed:
        if kind is type(None) and value is None:
            return None
        if kind is int and isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
            return value
        if kind is str and isinstance(value, str) and len(value) <= 2000:
            return value
        if kind is bool and isinstance(value, bool):
            return value
    raise NotFound(STALE)
