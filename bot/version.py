"""The installed package's version, for `efrp --version`."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "efrp"


def package_version() -> str:
    """The version of the installed `efrp` distribution, or "unknown" when run from an uninstalled tree."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"
