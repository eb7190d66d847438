"""`efrp demo` runs the whole panel cycle end to end, as the README's first command does."""

from __future__ import annotations

import io

from bot.demo import run_demo
from storage.outbox import State


def test_demo_runs_the_whole_cycle(database_url: str) -> None:
    out = io.StringIO()
    demo = run_demo(out, database_url=database_url)
    text = out.getvalue()
    assert text.rstrip().endswith("Demo finished.")
    assert "GET /healthz → 200" in text
    assert "audit trail intact: " in text
    # A goal written as an activity questioned, a link found at screening, and one agency's own record after
    # the actions scene (issue 17).
    assert "“Deliver an information session for the year group” reads as something to be done" in text
    assert "• YP-104233 is also linked to EFRP-2026-0001 (open)" in text
    record = text[text.index("### Each agency's own record") : text.index("### Review:")]
    assert "*Police*: actions agreed from " in record and "Done late: 1 (median " in record
    assert "*Health*: actions agreed from " in record and "Reassigned away: 1." in record
    # Nothing the bot owed anyone is left undelivered or failed at the end of the cycle.
    with demo.bot.deps.engine.connect() as conn:
        states = [row[0] for row in conn.exec_driver_sql("SELECT state FROM outbox_message")]
    assert states and all(s == State.SENT for s in states), states
