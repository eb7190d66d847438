"""The Contextual Safeguarding scale-up grid as clean data with stable IDs: the module-level view.

The grid's text lives in ``bot/domain/frameworks/scaleup_grid.toml`` (its header says how it was read from
``shared/seeds/000_*.txt``); ``bot.domain.scaleup_grid`` declares its shape (``Domain``, ``Stage``,
``Tier``, ``Cell``, ``Description``), checks the file and loads it on first use. The names below keep
their meaning: ``CELLS``, ``DOMAIN_DESCRIPTIONS``, ``STAGE_DESCRIPTIONS``, ``DOMAIN_NOTES`` and
``CELL_NOTES`` are read from the default grid when first used (read-only mappings), nothing at import.

Stable IDs
----------
A cell is ``<DOMAIN>.<STAGE>`` (e.g. ``TARGET.REFERRAL``); a description is the cell ID plus its tier
(``Tier`` values): ``.L1.NOT_YET``, ``.L1.PARTIAL``, ``.L1``, ``.L2.NOT_YET``, ``.L2.PARTIAL``, ``.L2``,
e.g. ``TARGET.REFERRAL.L1``. IDs are written literally in the data file; never rename or reuse one.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.scaleup_grid import (
    Cell,
    Description,
    Domain,
    GridError,
    ScaleupGrid,
    Stage,
    Tier,
    cell_id,
    default_grid,
    load_grid,
)

__all__ = [
    "CELLS",
    "CELL_NOTES",
    "DOMAIN_DESCRIPTIONS",
    "DOMAIN_NOTES",
    "LEVEL_1_LABEL",
    "LEVEL_2_LABEL",
    "STAGE_DESCRIPTIONS",
    "Cell",
    "Description",
    "Domain",
    "GridError",
    "ScaleupGrid",
    "Stage",
    "Tier",
    "cell_id",
    "default_grid",
    "get_cell",
    "get_description",
    "load_grid",
]

LEVEL_1_LABEL = "Level 1: system response to children, young people and families"
LEVEL_2_LABEL = "Level 2: system response to young people's peers, schools and public spaces"

DOMAIN_DESCRIPTIONS: Mapping[Domain, str]
"""Each domain's own statement, from the heading cell of its page."""
STAGE_DESCRIPTIONS: Mapping[Stage, str]
"""Each stage's definition, from the stage headings."""
DOMAIN_NOTES: Mapping[Domain, str]
"""What could not be recovered about a domain."""
CELL_NOTES: Mapping[str, str]
"""Per cell: words supplied where the OCR dropped them, and text that could not be recovered."""
CELLS: tuple[Cell, ...]
"""All 16 cells, in domain then stage order."""


def __getattr__(name: str) -> object:
    """The data names above, read from the default grid (loaded on first use)."""
    grid = default_grid() if name in _FROM_GRID else None
    if grid is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(grid, _FROM_GRID[name])


_FROM_GRID = {
    "DOMAIN_DESCRIPTIONS": "domain_descriptions",
    "STAGE_DESCRIPTIONS": "stage_descriptions",
    "DOMAIN_NOTES": "domain_notes",
    "CELL_NOTES": "cell_notes",
    "CELLS": "cells",
}


def get_cell(domain: Domain, stage: Stage) -> Cell:
    """The cell for a domain and stage."""
    return default_grid().cell(domain, stage)


def get_description(description_id: str) -> Description:
    """A description by its stable ID; raises KeyError for an unknown ID."""
    return default_grid().description(description_id)
