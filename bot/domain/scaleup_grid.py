"""The Contextual Safeguarding scale-up grid's shape (domains, stages, tiers) and its data file.

The grid's text (each domain's statement, each stage's definition and the six descriptions of each of the
16 cells, with notes on what the OCR lost) lives in ``bot/domain/frameworks/scaleup_grid.toml``, with its
provenance in the file's header. ``load_grid(path)`` reads and checks a grid file (None: the shipped one)
and returns an immutable ``ScaleupGrid``, or raises ``GridError`` naming the file, the table and the field
at fault; ``default_grid()`` loads the shipped file once, on first use (nothing is read at import).
``bot.domain.scaleup_data`` keeps the module-level names (``CELLS``, ``get_cell``...) over the default grid.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.domain.datafile import DataFileError, Field, check_table, locate, read_toml

DEFAULT_FILE = "scaleup_grid.toml"
"""The shipped grid, in ``bot/domain/frameworks/``."""

FORMAT = 1
"""The version of the file format this code reads (the ``format`` key)."""


class Domain(StrEnum):
    """The four things Contextual Safeguarding asks of a system, in the seed's order."""

    TARGET = "target"
    WELFARE = "welfare"
    PARTNERSHIPS = "partnerships"
    OUTCOMES = "outcomes"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.capitalize()

    @property
    def description(self) -> str:
        """The seed's statement of what the domain asks of a system."""
        return default_grid().domain_descriptions[self]


class Stage(StrEnum):
    """The points in a system the grid looks at, in the seed's order."""

    REFERRAL = "referral"
    ASSESSMENT = "assessment"
    PLANNING = "planning"
    RESPONSE = "response"

    @property
    def label(self) -> str:
        """Human label."""
        return self.value.capitalize()

    @property
    def description(self) -> str:
        """The seed's definition of the stage."""
        return default_grid().stage_descriptions[self]


class Tier(StrEnum):
    """Which of a cell's six descriptions; the value is the suffix of the description's ID."""

    L1_NOT_YET = "L1.NOT_YET"
    L1_PARTIAL = "L1.PARTIAL"
    L1 = "L1"
    L2_NOT_YET = "L2.NOT_YET"
    L2_PARTIAL = "L2.PARTIAL"
    L2 = "L2"

    @property
    def label(self) -> str:
        """Human label."""
        level = "Level 1" if self.value.startswith("L1") else "Level 2"
        if self.value.endswith("NOT_YET"):
            return f"{level}: not yet"
        return f"{level}: partly" if self.value.endswith("PARTIAL") else f"{level}: achieved"


@dataclass(frozen=True, slots=True)
class Description:
    """One of a cell's six descriptions, under a stable ID such as ``TARGET.REFERRAL.L1``."""

    id: str
    domain: Domain
    stage: Stage
    tier: Tier
    text: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One domain x stage cell of the grid with its six seed descriptions, in ``Tier`` order."""

    id: str
    domain: Domain
    stage: Stage
    descriptions: tuple[Description, ...]
    note: str
    """Words supplied or text lost in the OCR; empty when the cell was read cleanly."""

    def text(self, tier: Tier) -> Description:
        """The cell's description for one tier."""
        return self.descriptions[list(Tier).index(tier)]


def cell_id(domain: Domain, stage: Stage) -> str:
    """Stable ID of a cell, e.g. ``TARGET.REFERRAL``."""
    return f"{domain.name}.{stage.name}"


class GridError(DataFileError):
    """A scale-up grid file that cannot be read or does not fit the grid; names the file, table and field."""


@dataclass(frozen=True)
class ScaleupGrid:
    """The grid's text, immutable: statements, definitions, and all 16 cells in domain then stage order."""

    domain_descriptions: Mapping[Domain, str] = field(hash=False)
    stage_descriptions: Mapping[Stage, str] = field(hash=False)
    domain_notes: Mapping[Domain, str] = field(hash=False)
    """What could not be recovered about a domain (only domains with a note)."""
    cells: tuple[Cell, ...]

    def __post_init__(self) -> None:
        for name in ("domain_descriptions", "stage_descriptions", "domain_notes"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @functools.cached_property
    def _by_cell_id(self) -> Mapping[str, Cell]:
        return MappingProxyType({cell.id: cell for cell in self.cells})

    @functools.cached_property
    def _by_description_id(self) -> Mapping[str, Description]:
        return MappingProxyType({d.id: d for cell in self.cells for d in cell.descriptions})

    @property
    def cell_notes(self) -> Mapping[str, str]:
        """Cell ID -> words supplied where the OCR dropped them, or text that could not be recovered."""
        return MappingProxyType({cell.id: cell.note for cell in self.cells if cell.note})

    def cell(self, domain: Domain, stage: Stage) -> Cell:
        """The cell for a domain and stage."""
        return self._by_cell_id[cell_id(domain, stage)]

    def description(self, description_id: str) -> Description:
        """A description by its stable ID; raises KeyError for an unknown ID."""
        return self._by_description_id[description_id]


_TEXT = Field("text")
_NOTE = Field("text", required=False)
GRID_FIELDS: dict[str, Field] = {
    "format": Field("number", choices=(FORMAT,)),
    "domains": Field("table"),
    "stages": Field("table"),
    "cells": Field("table"),
}
"""Top-level keys of a grid file."""
DOMAIN_FIELDS: dict[str, Field] = {"description": _TEXT, "note": _NOTE}
STAGE_FIELDS: dict[str, Field] = {"description": _TEXT}
CELL_FIELDS: dict[str, Field] = {"note": _NOTE} | {tier.value: _TEXT for tier in Tier}
"""A ``[cells."DOMAIN.STAGE"]`` table: its six descriptions keyed by tier, and an optional note."""


def _check_names(table: object, expected: list[str], where: str) -> list[str]:
    """Problems when a table's keys are not exactly the expected names (missing ones, unknown ones)."""
    if not isinstance(table, dict):
        return []  # already reported by the top-level check
    problems = [locate(where, name, "missing") for name in expected if name not in table]
    known = ", ".join(expected)
    problems += [locate(where, key, f"unknown (expected {known})") for key in table if key not in expected]
    return problems


def _check_grid(data: Mapping[str, Any]) -> list[str]:
    """Every problem of a parsed grid file: top-level keys, then each domain, stage and cell table."""
    problems = check_table(data, GRID_FIELDS, "")
    sections: list[tuple[str, list[str], dict[str, Field]]] = [
        ("domains", [domain.name for domain in Domain], DOMAIN_FIELDS),
        ("stages", [stage.name for stage in Stage], STAGE_FIELDS),
        ("cells", [cell_id(d, s) for d in Domain for s in Stage], CELL_FIELDS),
    ]
    for section, names, schema in sections:
        table = data.get(section)
        problems += _check_names(table, names, f"[{section}]")
        if isinstance(table, dict):
            for name in names:
                if name in table:
                    problems += check_table(table[name], schema, f'[{section}."{name}"]')
    return problems


def _build(data: Mapping[str, Any]) -> ScaleupGrid:
    """The grid from a checked file."""
    cells = []
    for domain in Domain:
        for stage in Stage:
            cid = cell_id(domain, stage)
            entry = data["cells"][cid]
            descriptions = tuple(
                Description(f"{cid}.{tier.value}", domain, stage, tier, entry[tier.value]) for tier in Tier
            )
            cells.append(Cell(cid, domain, stage, descriptions, entry.get("note", "")))
    domains = data["domains"]
    return ScaleupGrid(
        domain_descriptions={d: domains[d.name]["description"] for d in Domain},
        stage_descriptions={s: data["stages"][s.name]["description"] for s in Stage},
        domain_notes={d: domains[d.name]["note"] for d in Domain if "note" in domains[d.name]},
        cells=tuple(cells),
    )


def load_grid(path: Path | None = None) -> ScaleupGrid:
    """Load and check a scale-up grid file (None: the shipped one); GridError names every problem."""
    data, file = read_toml(path, DEFAULT_FILE, GridError)
    problems = _check_grid(data)
    if problems:
        raise GridError(file, problems)
    return _build(data)


@functools.cache
def default_grid() -> ScaleupGrid:
    """The shipped scale-up grid, loaded and checked on first use, then kept."""
    return load_grid()
