"""The project's shared documents (framework seeds, Slack's manifest schema) as the tests read them.

The workplace keeps them in `../shared` beside the checkout; a clone made elsewhere uses the copies under
`tests/fixtures/shared`, which `tests/test_shared_copies.py` keeps identical to the originals when both exist.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ORIGINALS = REPO_ROOT.parent / "shared"
COPIES = REPO_ROOT / "tests" / "fixtures" / "shared"


def shared_dir(name: str) -> Path:
    """A folder of the shared documents (`seeds`, `schemas`): the originals if present, else the copies."""
    original = ORIGINALS / name
    return original if original.is_dir() else COPIES / name
