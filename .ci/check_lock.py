"""Fail if this environment's packages differ from requirements.lock (what production runs).

Usage: python .ci/check_lock.py requirements.lock  (run with the environment's own Python)
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalise(name: str) -> str:
    """A distribution name as PyPI compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def differences(lock: Path) -> list[str]:
    """One line per locked package whose installed version is missing or different."""
    found = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if not match:
            continue
        name, pinned = match.groups()
        try:
            installed = version(name)
        except PackageNotFoundError:
            found.append(f"{name}: locked {pinned}, not installed")
            continue
        if installed != pinned:
            found.append(f"{normalise(name)}: locked {pinned}, installed {installed}")
    return found


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    problems = differences(Path(sys.argv[1]))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("the test environment is not the locked one: re-lock (docs/operations.md) or fix the install")
    sys.exit(1 if problems else 0)
