"""The copies of the shared documents under tests/fixtures match the originals, where those are present."""

from __future__ import annotations

import pytest

from tests.shared_files import COPIES, ORIGINALS


@pytest.mark.parametrize("name", ["seeds", "schemas"])
def test_copies_match_the_originals(name: str) -> None:
    copies = {p.name: p.read_bytes() for p in (COPIES / name).iterdir()}
    assert copies, f"no copies in {COPIES / name}"
    if not (ORIGINALS / name).is_dir():
        pytest.skip(f"{ORIGINALS / name} is not beside this checkout; the copies stand in for it")
    originals = {p.name: p.read_bytes() for p in (ORIGINALS / name).iterdir() if p.is_file()}
    assert copies == {k: v for k, v in originals.items() if k in copies}
    assert set(copies) >= {k for k in originals if k.endswith((".txt", ".json"))}
