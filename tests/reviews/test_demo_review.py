"""The demo's review stage: the context ends safer than at referral, closed by the panel."""

from __future__ import annotations

import io

from bot.demo import review, run_demo
from tests.reviews import demo_setup


def test_demo_review_stage_closes_the_context_as_safer() -> None:
    out = io.StringIO()
    demo = run_demo(out, stages=(demo_setup.run, review.run))
    text = out.getvalue()
    assert "Review: has the context become safer than at referral?" in text
    assert "Suggested reading: Safer" in text
    assert "Chart uploaded into the summary's thread" in text
    assert "outcome: *Safer*" in text
    assert "Review 1 of" in text and "Review 2 of" in text
    # Each goal's scale rising across the two reviews, in the second summary.
    assert "Young people feel safe using the stairwell — panel 2 → 4 → 7" in text
    assert demo.state["review_closed"] is True


def test_demo_review_stage_without_a_context_says_so() -> None:
    out = io.StringIO()
    run_demo(out, stages=(review.run,))
    assert "nothing to review" in out.getvalue()
