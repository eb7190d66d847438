"""The scale-up grid file: the shipped one loads as the grid the Python text held, and bad files are refused
naming the table and the field."""

from __future__ import annotations

import hashlib
import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import bot.domain
from bot.domain import scaleup_data
from bot.domain.scaleup_grid import (
    DEFAULT_FILE,
    Domain,
    GridError,
    ScaleupGrid,
    Stage,
    Tier,
    default_grid,
    load_grid,
)

SHIPPED = Path(bot.domain.__file__).parent / "frameworks" / DEFAULT_FILE

GRID_SHA256 = "d77058fd8028d0692012348f0b57e9cbc4537776ed52e43bbef3394060d22f19"
"""Fingerprint of the grid as scaleup_data.py's text blob held it, before the TOML file."""


def fingerprint(grid: ScaleupGrid) -> str:
    """SHA-256 of every cell (ID, note, descriptions) and every domain and stage statement, in order."""
    blob = json.dumps(
        [
            [[c.id, c.note, [[d.id, d.tier.value, d.text] for d in c.descriptions]] for c in grid.cells],
            [[d.name, grid.domain_descriptions[d], grid.domain_notes.get(d, "")] for d in Domain],
            [[s.name, grid.stage_descriptions[s]] for s in Stage],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def refused(tmp_path: Path, old: str, new: str = "") -> GridError:
    """Load the shipped grid with one piece of text replaced; it must be refused, naming the file."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "grid.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(GridError) as caught:
        load_grid(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value


def test_shipped_grid_equals_the_previous_text() -> None:
    grid = load_grid()
    assert fingerprint(grid) == GRID_SHA256
    assert len(grid.cells) == 16
    assert sum(len(c.descriptions) for c in grid.cells) == 96
    assert set(grid.cell_notes) == {
        "TARGET.PLANNING",
        "WELFARE.PLANNING",
        "PARTNERSHIPS.REFERRAL",
        "PARTNERSHIPS.ASSESSMENT",
        "PARTNERSHIPS.RESPONSE",
    }
    assert list(grid.domain_notes) == [Domain.WELFARE]
    assert grid == load_grid(SHIPPED) == default_grid()


def test_module_names_read_the_default_grid() -> None:
    grid = default_grid()
    assert default_grid() is grid
    assert scaleup_data.CELLS is grid.cells
    assert scaleup_data.DOMAIN_DESCRIPTIONS is grid.domain_descriptions
    assert scaleup_data.STAGE_DESCRIPTIONS is grid.stage_descriptions
    assert scaleup_data.DOMAIN_NOTES is grid.domain_notes
    assert dict(scaleup_data.CELL_NOTES) == dict(grid.cell_notes)
    assert Domain.TARGET.description == grid.domain_descriptions[Domain.TARGET]
    assert Stage.PLANNING.description.startswith("The point(s) in a system where plans")
    assert scaleup_data.get_cell(Domain.WELFARE, Stage.PLANNING) is grid.cell(Domain.WELFARE, Stage.PLANNING)
    with pytest.raises(AttributeError):
        _ = scaleup_data.NO_SUCH_NAME  # type: ignore[attr-defined]
    with pytest.raises(KeyError):
        scaleup_data.get_description("TARGET.REFERRAL.L3")


def test_grid_is_immutable() -> None:
    grid = default_grid()
    with pytest.raises(FrozenInstanceError):
        grid.cells = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        grid.domain_descriptions[Domain.TARGET] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        scaleup_data.CELL_NOTES["TARGET.REFERRAL"] = "changed"  # type: ignore[index]


def test_missing_description_unknown_cell_and_key(tmp_path: Path) -> None:
    start = SHIPPED.read_text(encoding="utf-8").index('"L2" = "Plans that target contexts and groups')
    line = SHIPPED.read_text(encoding="utf-8")[start:].split("\n", 1)[0] + "\n"
    error = refused(tmp_path, line)
    assert error.problems == ('[cells."WELFARE.PLANNING"], field "L2": missing',)
    error = refused(tmp_path, '[cells."TARGET.RESPONSE"]', '[cells."TARGET.REVIEW"]')
    assert error.problems == (
        '[cells], field "TARGET.RESPONSE": missing',
        '[cells], field "TARGET.REVIEW": unknown (expected TARGET.REFERRAL, TARGET.ASSESSMENT, '
        "TARGET.PLANNING, TARGET.RESPONSE, WELFARE.REFERRAL, WELFARE.ASSESSMENT, WELFARE.PLANNING, "
        "WELFARE.RESPONSE, PARTNERSHIPS.REFERRAL, PARTNERSHIPS.ASSESSMENT, PARTNERSHIPS.PLANNING, "
        "PARTNERSHIPS.RESPONSE, OUTCOMES.REFERRAL, OUTCOMES.ASSESSMENT, OUTCOMES.PLANNING, "
        "OUTCOMES.RESPONSE)",
    )
    error = refused(tmp_path, '[cells."TARGET.REFERRAL"]\n', '[cells."TARGET.REFERRAL"]\n"L3" = "More"\n')
    assert error.problems[0].startswith(
        '[cells."TARGET.REFERRAL"], field "L3": unknown field (expected "note"'
    )


def test_domains_stages_format_and_syntax(tmp_path: Path) -> None:
    error = refused(tmp_path, "[stages.RESPONSE]\n", "[stages.RESPONSES]\n")
    assert error.problems == (
        '[stages], field "RESPONSE": missing',
        '[stages], field "RESPONSES": unknown (expected REFERRAL, ASSESSMENT, PLANNING, RESPONSE)',
    )
    error = refused(tmp_path, '[domains.WELFARE]\ndescription = "', '[domains.WELFARE]\ndescription = " " #')
    assert error.problems == ('[domains."WELFARE"], field "description": is empty',)
    error = refused(tmp_path, "format = 1", "format = 2")
    assert error.problems == ('field "format": must be 1, not 2',)
    error = refused(tmp_path, "[domains.TARGET]", "[domains.TARGET")
    assert len(error.problems) == 1 and error.problems[0].startswith("is not valid TOML: ")
    assert [t.value for t in Tier] == ["L1.NOT_YET", "L1.PARTIAL", "L1", "L2.NOT_YET", "L2.PARTIAL", "L2"]
