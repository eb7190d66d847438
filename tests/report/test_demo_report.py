"""The demo's last stage: `/efh report` in the panel channel, then the Markdown report printed."""

from __future__ import annotations

import io

from bot.demo import foundation, report, run_demo


def test_the_demo_ends_with_the_system_view() -> None:
    out = io.StringIO()
    run_demo(out, stages=(foundation.run, report.run))
    text = out.getvalue()
    stage = text[text.index("### The system view") :]
    assert "types `/efh report`" in stage
    assert "#efrp-panel (private)" in stage and "Where the system stands" in stage
    assert "# EFRP system view: the Contextual Safeguarding scale-up framework" in stage
    assert stage.index("#efrp-panel (private)") < stage.index("# EFRP system view")
    assert "## How this was judged" in stage and text.rstrip().endswith("Demo finished.")
