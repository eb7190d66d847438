"""The board report carries each agency's own record: the panel post, the Markdown tables and the CSV."""

from __future__ import annotations

import csv
import io

from bot.standin.harness import COORDINATOR, PANEL, LocalBot
from bot.standin.server import SlackStandin
from storage.db import make_engine
from tests.process import bot_env, run_efrp
from tests.report.system import HOSTILE_AGENCY, SINCE, UNTIL, seed

PERIOD = ("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())


def _env(database_url: str, agency: str = "Children's Social Care") -> dict[str, str]:
    engine = make_engine(database_url)
    seed(engine, agency_a2=agency)
    engine.dispose()
    return bot_env(None, database_url)


def test_the_panel_post_carries_each_agencys_record(bot: LocalBot, standin: SlackStandin) -> None:
    seed(bot.deps.engine, agency_a2=HOSTILE_AGENCY)
    bot.driver().command(COORDINATOR.id, "/efh", "report 2026-01-01 2026-06-30")
    bot.settle()
    (post,) = standin.messages_in(PANEL)
    text = str(post.blocks)
    assert "*Each agency's own record* (actions agreed in the period)" in text
    assert (
        "• Education: 1 agreed, 0 done on time, 1 done late (median 5 days late), 0 overdue now, "
        "0 withdrawn (circumstances changed), 0 not delivered, 0 reassigned away"
    ) in text
    assert "• Police: 1 agreed, 1 done on time, 0 done late, 0 overdue now" in text
    # An agency typed by a partner is shown as typed, never as markup or a mention.
    assert "• &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co | &lt;!channel&gt;: 1 agreed" in text
    assert "<!channel>" not in text
    # Listed agencies with nothing agreed are counted in one line, not listed one by one.
    assert "other listed agencies: nothing agreed in the period." in text
    assert "• Housing:" not in text


def test_the_csv_has_every_agencys_figures(database_url: str) -> None:
    result = run_efrp("report", "--as", "Sam Patel", *PERIOD, "--format", "csv", env=_env(database_url))
    assert result.returncode == 0, result.stderr
    rows = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["section"] == "agency"]
    by = {(r["detail"], r["key"]): r["value"] for r in rows}
    assert [by[("Education", k)] for k in ("agreed", "done_on_time", "done_late", "median_days_late")] == [
        "1",
        "0",
        "1",
        "5",
    ]
    assert by[("Children's social care", "overdue_now")] == "1"
    assert by[("Police", "median_days_late")] == ""  # none late: no median
    housing = {k: v for (agency, k), v in by.items() if agency == "Housing"}
    assert housing == {
        "agreed": "0",
        "done_on_time": "0",
        "done_late": "0",
        "overdue_now": "0",
        "withdrawn_circumstances_changed": "0",
        "not_delivered": "0",
        "reassigned_away": "0",
        "median_days_late": "",
    }


def test_every_table_row_of_the_markdown_is_its_own_line(database_url: str) -> None:
    result = run_efrp("report", "--as", "Sam Patel", *PERIOD, env=_env(database_url))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert not [x for x in lines if "||" in x]  # two rows run together
    assert "| Education | 1 | 0 | 1 | 5 | 0 | 0 | 0 | 0 |" in lines
    assert "| Housing | 0 | 0 | 0 | - | 0 | 0 | 0 | 0 |" in lines
    assert any(x.startswith("| Referral to first panel discussion | 2 |") for x in lines)
