"""Developer tool: regenerate the initial migration from the models (before the first release only).

Run: python tests/tools/regen_initial_migration.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from storage.db import make_engine
from storage.migrate import MIGRATIONS, alembic_config

INITIAL = MIGRATIONS / "versions" / "0001_initial.py"


def main() -> None:
    """Write versions/0001_initial.py from the current models."""
    if INITIAL.exists():
        INITIAL.unlink()
    versions = MIGRATIONS / "versions"
    with tempfile.TemporaryDirectory() as tmp:
        later = [p for p in versions.glob("0*.py")]
        for p in later:  # hand-written later revisions (e.g. triggers) step aside while 0001 is made
            p.rename(Path(tmp) / p.name)
        try:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'regen.db'}")
            cfg = alembic_config(engine)
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
        finally:
            for p in later:
                (Path(tmp) / p.name).rename(p)
    generated = next((MIGRATIONS / "versions").glob("0001_*.py"))
    if generated != INITIAL:
        generated.rename(INITIAL)
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(INITIAL)], check=False)
    print(f"wrote {INITIAL}")


if __name__ == "__main__":
    main()
