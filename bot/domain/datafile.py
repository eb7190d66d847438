"""Reading the TOML data files shipped in ``bot/domain/frameworks/`` and checking them against a schema.

TOML read with the standard library's ``tomllib`` keeps ``bot.domain`` free of third-party packages (no
PyYAML, no jsonschema). A schema is declared in code as a mapping of key -> ``Field``; ``check_table``
reports every problem of a table at once, each naming where it is and the field at fault, and the loaders
raise them together in one ``DataFileError``. Nothing here runs at import time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

DATA_PACKAGE = "bot.domain"
DATA_FOLDER = "frameworks"
"""The shipped data files live in ``bot/domain/frameworks/`` (package data, see pyproject.toml)."""

FieldKind = Literal["text", "flag", "number", "texts", "table", "tables"]

_EXPECTED: dict[str, str] = {
    "text": "a string",
    "flag": "true or false",
    "number": "a whole number",
    "texts": "a list of strings",
    "table": "a table",
    "tables": "a list of tables",
}


class DataFileError(ValueError):
    """A data file that cannot be read or does not fit its schema; the message names the file and every
    problem found (where, which field, what is wrong)."""

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems = tuple(problems)
        if len(self.problems) == 1:
            message = f"{file}: {self.problems[0]}"
        else:
            listed = "\n".join(f"  - {problem}" for problem in self.problems)
            message = f"{file}: {len(self.problems)} problems:\n{listed}"
        super().__init__(message)


def shipped_name(file_name: str) -> str:
    """How a shipped data file is named in messages, e.g. 'bot/domain/frameworks/scaleup_grid.toml'."""
    return f"{DATA_PACKAGE.replace('.', '/')}/{DATA_FOLDER}/{file_name}"


def read_toml(path: Path | None, default_name: str, error: type[DataFileError]) -> tuple[dict[str, Any], str]:
    """Parse ``path``, or when None the shipped ``frameworks/<default_name>`` (read with importlib.resources).

    Returns the parsed table and the name to report the file by. A file that cannot be read, is not UTF-8 or
    is not valid TOML raises ``error`` naming the file (and, for TOML, the line and column).
    """
    reader: Callable[[], bytes]
    if path is None:
        file = shipped_name(default_name)
        reader = (resources.files(DATA_PACKAGE) / DATA_FOLDER / default_name).read_bytes
    else:
        file = str(path)
        reader = Path(path).read_bytes
    try:
        raw = reader()
    except OSError as exc:
        raise error(file, [f"cannot be read ({exc.strerror or exc})"]) from exc
    try:
        return tomllib.loads(raw.decode("utf-8")), file
    except UnicodeDecodeError as exc:
        raise error(file, [f"is not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(file, [f"is not valid TOML: {exc}"]) from exc


def type_name(value: object) -> str:
    """A TOML value's type in words, for messages."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def locate(where: str, field: str | None, message: str) -> str:
    """One problem, e.g. '[[indicators]] #4 (id "U-B-04"), field "label": missing'."""
    if field is None:
        return f"{where}: {message}" if where else message
    return f'{where}, field "{field}": {message}' if where else f'field "{field}": {message}'


def _is_kind(kind: FieldKind, value: object) -> bool:
    """Whether a value has the TOML type a field of this kind needs."""
    if kind == "text":
        return isinstance(value, str)
    if kind == "flag":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("texts", "tables"):
        return isinstance(value, list)
    return isinstance(value, dict)


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a table in a data file: its kind and limits."""

    kind: FieldKind
    required: bool = True
    choices: tuple[object, ...] = ()
    max_chars: int | None = None
    """For text: the most characters allowed."""

    def check(self, value: object) -> str | None:
        """What is wrong with a value of this field, or None when it fits."""
        if not _is_kind(self.kind, value):
            return f"must be {_EXPECTED[self.kind]}, not {type_name(value)}"
        if self.kind == "text":
            return self._check_text(str(value))
        if self.kind == "texts":
            return _check_texts(value)
        if self.kind == "tables":
            return _check_tables(value)
        if self.choices and value not in self.choices:
            return f"must be {_choices(self.choices)}, not {value!r}"
        return None

    def _check_text(self, value: str) -> str | None:
        if not value.strip():
            return "is empty"
        if self.choices and value not in self.choices:
            return f"must be {_choices(self.choices)}, not {value!r}"
        if self.max_chars is not None and len(value) > self.max_chars:
            return f"is {len(value)} characters, longer than {self.max_chars}"
        return None


def _choices(choices: tuple[object, ...]) -> str:
    """'"a", "b" or "c"'."""
    quoted = [f'"{choice}"' if isinstance(choice, str) else str(choice) for choice in choices]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _check_texts(value: object) -> str | None:
    """A non-empty list of non-empty strings."""
    assert isinstance(value, list)
    if not value:
        return "must list at least one string"
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str):
            return f"item {number} must be a string, not {type_name(item)}"
        if not item.strip():
            return f"item {number} is empty"
    return None


def _check_tables(value: object) -> str | None:
    """A list of tables (``[[...]]`` entries)."""
    assert isinstance(value, list)
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            return f"item {number} must be a table ([[...]] entry), not {type_name(item)}"
    return None


def check_table(table: object, schema: Mapping[str, Field], where: str) -> list[str]:
    """Every problem of one table against its schema: not a table, unknown keys, missing or bad fields."""
    if not isinstance(table, dict):
        return [locate(where, None, f"must be a table, not {type_name(table)}")]
    problems = [
        locate(where, key, f"unknown field (expected {_choices(tuple(schema))})")
        for key in table
        if key not in schema
    ]
    for name, spec in schema.items():
        if name not in table:
            if spec.required:
                problems.append(locate(where, name, "missing"))
            continue
        problem = spec.check(table[name])
        if problem is not None:
            problems.append(locate(where, name, problem))
    return problems
