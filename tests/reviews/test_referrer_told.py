"""The referrer hears, once, that the panel's work on their context ended, with the outcome and reference."""

from __future__ import annotations

from sqlmodel import select

from bot.referrals.owing import panel_post
from bot.standin.harness import COORDINATOR, PANEL, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from storage.db import session_scope
from storage.referrals import Referral
from tests.meetings.helpers import text_of
from tests.reviews.conftest import Ready, open_review, review_values, summary_post


def test_closing_a_context_tells_its_referrer_once_with_the_outcome_only(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    with session_scope(bot.deps.engine) as s:  # the referral's post in the panel channel, as intake makes it
        (referral,) = s.exec(select(Referral)).all()
        panel_post(session=s, referral=referral, framework=bot.deps.framework, now=bot.clock.now())
    bot.settle()
    (post,) = standin.messages_in(PANEL)
    view = open_review(bot, standin, ready.context.ref)
    values = review_values(ready, indicators={"universal": ["U-RA-02"]}, narrative="Lit and guarded now.")
    bot.driver().submit(COORDINATOR.id, view, values)
    bot.settle()
    before = len(standin.dms_to(TEACHER.id))  # the referrer (the factory's referral is TEACHER's)
    bot.driver().click(COORDINATOR.id, summary_post(standin), "review_close")
    bot.settle()
    close = standin.open_view(COORDINATOR.id)
    assert close is not None
    reason = {"review_outcome": "safer", "review_reason": "Young people say the stairwell feels safe."}
    bot.driver().submit(COORDINATOR.id, close, reason)
    bot.driver().submit(COORDINATOR.id, close, reason)  # a double click
    bot.settle()
    told = standin.dms_to(TEACHER.id)[before:]
    assert len(told) == 1
    text = text_of(told[0])
    assert ready.context.ref in text and "closed" in text and "safer" in text
    for private in ("Lit and guarded", "feels safe", "Dispersal", "Young people feel safe"):
        assert private not in text
    # The panel finds the review's outcome from the referral post too: one note in its thread.
    (note,) = standin.messages_in(PANEL, thread_ts=post.ts)
    assert "reviewed; <@UCOORD0001> recorded: *Close" in text_of(note) and "outcome *Safer*" in text_of(note)
