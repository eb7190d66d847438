"""Files `efrp` creates hold case records: owner-only (0600); Markdown written by people stays text."""

from __future__ import annotations

import re
import stat
from datetime import UTC, datetime
from pathlib import Path

from bot.standin.server import SlackStandin
from storage.db import make_engine
from tests.factories import make_context
from tests.process import ServeProcess, bot_env, run_efrp

LINK = "[click](javascript:alert(1))"
IMAGE = "![x](http://evil.example/x.png)"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_and_its_wal_are_owner_only(standin: SlackStandin, tmp_path: Path) -> None:
    db = tmp_path / "efrp.db"
    url = f"sqlite:///{db}"
    assert run_efrp("db", "upgrade", env=bot_env(None, url)).returncode == 0
    assert _mode(db) == 0o600
    proc = ServeProcess(bot_env(standin, url))
    try:
        proc.wait_ready()
        made = [p for p in tmp_path.iterdir() if p.name.startswith("efrp.db")]
        assert {p.name for p in made} >= {"efrp.db", "efrp.db-wal", "efrp.db-shm"}
        assert all(_mode(p) == 0o600 for p in made), {p.name: oct(_mode(p)) for p in made}
    finally:
        proc.terminate()


def test_exports_reports_and_minutes_are_owner_only(database_url: str, tmp_path: Path) -> None:
    ctx = make_context(make_engine(database_url), now=datetime(2026, 3, 2, 10, tzinfo=UTC))
    env = bot_env(None, database_url)
    existing = tmp_path / "report.md"
    existing.write_text("an older report")
    existing.chmod(0o644)
    assert (
        run_efrp(
            "export", "--as", "Sam Patel", ctx.ref, "-o", str(tmp_path / "record.md"), env=env
        ).returncode
        == 0
    )
    assert (
        run_efrp(
            "export",
            "--as",
            "Sam Patel",
            ctx.ref,
            "--format",
            "html",
            "-o",
            str(tmp_path / "r.html"),
            env=env,
        ).returncode
        == 0
    )
    assert run_efrp("report", "--as", "Sam Patel", "-o", str(existing), env=env).returncode == 0
    assert run_efrp("meeting", "add", "--at", "2031-12-03 10:00", env=env).returncode == 0
    assert (
        run_efrp(
            "minutes", "export", "1", "--as", "Sam Patel", "-o", str(tmp_path / "minutes.md"), env=env
        ).returncode
        == 0
    )
    for name in ("record.md", "r.html", "report.md", "minutes.md"):
        assert _mode(tmp_path / name) == 0o600, name


def test_markdown_written_by_people_is_not_live_in_exports(database_url: str) -> None:
    ctx = make_context(
        make_engine(database_url), now=datetime(2026, 3, 2, 10, tzinfo=UTC), name=f"Stairwell {LINK} {IMAGE}"
    )
    done = run_efrp("export", "--as", "Sam Patel", ctx.ref, env=bot_env(None, database_url))
    assert done.returncode == 0, done.stderr
    assert LINK not in done.stdout and IMAGE not in done.stdout
    assert not re.search(r"(?<!\\)\]\(", done.stdout)  # no "](" left to make a link or an image
    assert r"\[click\](javascript:alert(1))" in done.stdout
    assert r"!\[x\](http://evil.example/x.png)" in done.stdout
