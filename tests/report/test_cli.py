"""`efrp report` as a real process: Markdown, CSV and HTML, to standard output or a file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from storage import audit
from storage.db import make_engine, session_scope
from tests.process import bot_env, run_efrp
from tests.report.system import EXPECTED, HOSTILE_AGENCY, SINCE, UNTIL, seed

PERIOD = ("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())


def _seeded(database_url: str, agency: str = "Children's Social Care") -> dict[str, str]:
    engine = make_engine(database_url)
    seed(engine, agency_a2=agency)
    engine.dispose()
    return bot_env(None, database_url)


def test_markdown_to_standard_output(database_url: str) -> None:
    result = run_efrp("report", "--as", "Sam Patel", *PERIOD, env=_seeded(database_url))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Period: 2026-01-01 to 2026-06-30" in out
    assert "| Target, referral | Level 2 practice seen | Referrals naming a context: 3 of 5 (60%)" in out
    assert "Referrals naming a context, for consistently Level 2: at least 80%" in out
    cells = out[out.index("## The 16 cells") : out.index("### Why each cell")]
    assert cells.count("\n| Target, ") == 4 and cells.count("\n| Outcomes, ") == 4
    assert "TARGET." not in out and "MIN_SAMPLE" not in out and "Seed description" not in out
    assert "## How measured" in out and "## How this was judged" in out
    assert "| Referral to first panel discussion | 2 | 5.5 | 8 |" in out
    assert "| Police | 2 | 2 | 2 | 0 | 100% | 0% | 0 |" in out
    assert "Fields Estate" not in out and "YP-100234" not in out  # no context names, no young people
    assert "Invented" not in out  # no narrative


def test_csv_is_machine_readable(database_url: str) -> None:
    result = run_efrp("report", "--as", "Sam Patel", *PERIOD, "--format", "csv", env=_seeded(database_url))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = [r for r in rows if r["section"] == "cell"]
    assert len(cells) == 16 and {r["key"] for r in cells} >= {"TARGET.REFERRAL", "OUTCOMES.RESPONSE"}
    target = next(r for r in cells if r["key"] == "TARGET.REFERRAL")
    assert (target["position"], target["value"]) == ("level_2_seen", "2")
    figures = {r["key"]: int(r["value"]) for r in rows if r["section"] == "figure"}
    assert figures == EXPECTED
    reviews = {r["key"]: r["value"] for r in rows if r["section"] == "reviews"}
    assert reviews == {"due": "3", "on_time": "1", "late": "1", "overdue": "1"}
    police = {
        r["key"]: r["value"] for r in rows if r["section"] == "actions_agency" and r["detail"] == "Police"
    }
    assert police["total"] == "2" and police["done_on_time"] == "2"


def test_html_escapes_a_hostile_agency_and_writes_a_file(database_url: str, tmp_path: Path) -> None:
    env = _seeded(database_url, agency=HOSTILE_AGENCY)
    target = tmp_path / "system-view.html"
    result = run_efrp("report", "--as", "Sam Patel", *PERIOD, "--format", "html", "-o", str(target), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "<script>" not in html and "<!channel>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co | &lt;!channel&gt;" in html
    assert '<th scope="col">Referral</th>' in html and '<th scope="row">Target, referral</th>' in html
    assert "TARGET.REFERRAL" not in html


def test_markdown_escapes_a_hostile_agency_and_keeps_tables_whole(database_url: str) -> None:
    result = run_efrp(
        "report", "--as", "Sam Patel", *PERIOD, env=_seeded(database_url, agency=HOSTILE_AGENCY)
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "alert(1)" in x)
    assert line.startswith("| &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co \\| &lt;!channel&gt; | 1 |")


def test_the_period_and_format_are_checked(database_url: str) -> None:
    env = _seeded(database_url)
    later = run_efrp(
        "report",
        "--as",
        "Sam Patel",
        "--since",
        "2026-07-01",
        "--until",
        "2026-07-31",
        "--format",
        "csv",
        env=env,
    )
    figures = {
        r["key"]: r["value"] for r in csv.DictReader(io.StringIO(later.stdout)) if r["section"] == "figure"
    }
    assert figures["referrals_total"] == "1" and figures["decisions_total"] == "0"
    backwards = run_efrp(
        "report", "--as", "Sam Patel", "--since", "2026-07-01", "--until", "2026-06-01", env=env
    )
    assert backwards.returncode == 1 and "start of the period" in backwards.stderr
    bad = run_efrp("report", "--as", "Sam Patel", "--since", "July", env=env)
    assert bad.returncode == 1 and "--since must be a date" in bad.stderr
    engine = make_engine(env["EFRP_DATABASE_URL"])
    with session_scope(engine) as s:  # each export is in the audit trail
        exported = [e for e in audit.list_events(session=s) if e.action == "report.exported"]
    engine.dispose()
    assert [e.detail["format"] for e in exported] == ["csv"]


def test_each_agency_has_its_own_record(database_url: str) -> None:
    result = run_efrp("report", "--as", "Sam Patel", *PERIOD, env=_seeded(database_url))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    section = out[out.index("### Each agency's own record") : out.index("## How measured")]
    assert "| Police | 1 | 1 | 0 | - | 0 | 0 | 0 |" in section
    assert "| Education | 1 | 0 | 1 | 5 | 0 | 0 | 0 |" in section
    assert "| Children's social care | 1 | 0 | 0 | - | 1 | 0 | 0 |" in section
    assert "| Housing | 0 | 0 | 0 | - | 0 | 0 | 0 |" in section  # listed: a row even with nothing agreed
