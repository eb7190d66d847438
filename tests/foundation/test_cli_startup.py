"""`efrp --help` and usage errors load only the command's own modules, not the database or Slack libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.process import ROOT, bot_env

# Modules whose import costs most of a second; a subcommand loads them inside its run function.
HEAVY = ("alembic", "sqlalchemy", "sqlmodel", "slack_bolt", "slack_sdk", "jinja2", "bot.runtime", "storage")


def imported_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `python -X importtime -m bot.cli ARGS` and list every module it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot.cli", *args],
        env=bot_env(None, "sqlite:///unused.db"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return result, names


@pytest.mark.parametrize("args", [("--help",), ("report", "--help"), ("db", "--help"), ("no-such-command",)])
def test_help_and_usage_errors_import_nothing_heavy(args: tuple[str, ...]) -> None:
    result, names = imported_modules(*args)
    assert "bot.cli.meetings" in names
    loaded = sorted(n for n in names if n.split(".")[0] in HEAVY or n in HEAVY)
    assert loaded == []
    assert ("usage: efrp" in result.stdout) or ("usage: efrp" in result.stderr)


def test_version_is_still_printed() -> None:
    result, names = imported_modules("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("efrp ")
    assert "sqlalchemy" not in names


def test_report_format_choices_are_the_reports_formats() -> None:
    from bot.cli.report import FORMAT_CHOICES
    from bot.report.formats import FORMATS

    assert FORMAT_CHOICES == FORMATS
