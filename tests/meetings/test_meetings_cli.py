"""`efrp meeting add|list|cancel`, `efrp agenda post` and `efrp minutes export` as real processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.standin.harness import PANEL
from bot.standin.server import SlackStandin
from storage.db import make_engine
from tests.factories import make_context, make_decision
from tests.process import bot_env, run_efrp


def test_meeting_commands_agenda_post_and_minutes_export(
    standin: SlackStandin, database_url: str, tmp_path: Path
) -> None:
    env = bot_env(standin, database_url, EFRP_MEETING_SCHEDULE="THU 10:00")
    added = run_efrp("meeting", "add", "--at", "2031-12-03 10:00", "--location", "Room 2 & <Teams>", env=env)
    assert added.returncode == 0, added.stderr
    assert "added meeting 1: 2031-12-03 10:00 Europe/London" in added.stdout
    second = run_efrp("meeting", "add", "--at", "2031-12-10 10:00", env=env)
    assert second.returncode == 0
    bad = run_efrp("meeting", "add", "--at", "next thursday", env=env)
    assert bad.returncode == 1 and "YYYY-MM-DD HH:MM" in bad.stderr

    cancelled = run_efrp("meeting", "cancel", "2", env=env)
    assert cancelled.returncode == 0 and "cancelled meeting 2" in cancelled.stdout
    again = run_efrp("meeting", "cancel", "2", env=env)
    assert again.returncode == 1 and "cancelled" in again.stderr
    listed = run_efrp("meeting", "list", env=env)
    assert listed.returncode == 0
    lines = [line.split() for line in listed.stdout.splitlines()[1:]]
    assert [(x[0], x[1], x[3]) for x in lines] == [
        ("1", "2031-12-03", "scheduled"),
        ("2", "2031-12-10", "cancelled"),
    ]
    assert "every THU 10:00" in listed.stdout

    engine = make_engine(database_url)
    now = datetime.now(UTC)
    ctx = make_context(engine, now=now - timedelta(days=1))
    make_decision(engine, ctx, now=now, meeting_id=1, goals=("Adults on the estate challenge harm",))
    engine.dispose()
    posted = run_efrp("agenda", "post", env=env)
    assert posted.returncode == 0, posted.stderr
    assert "posted the agenda of meeting 1" in posted.stdout
    assert [m for m in standin.messages_in(PANEL) if m.text.startswith("Panel agenda")]

    out = tmp_path / "minutes.md"
    exported = run_efrp("minutes", "export", "--as", "Sam Patel", "1", "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    text = out.read_text()
    assert text.startswith("# Minutes: Extra-Familial Risk Panel")
    assert ctx.ref in text and "Adults on the estate challenge harm" in text
    assert "Room 2 &amp; &lt;Teams&gt;" in text  # the environment escapes &, < and >
    stdout = run_efrp("minutes", "export", "--as", "Sam Patel", "1", env=env)
    assert stdout.returncode == 0 and stdout.stdout == text
    missing = run_efrp("minutes", "export", "--as", "Sam Patel", "99", env=env)
    assert missing.returncode == 1 and "no meeting 99" in missing.stderr
