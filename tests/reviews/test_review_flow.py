"""A whole review over real HTTP: pre-filled modal, submission, summary post, chart upload in the thread."""

from __future__ import annotations

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, PANEL, POLICE, LocalBot
from bot.standin.server import SlackStandin
from storage import outbox
from storage.audit import AuditEvent
from storage.contexts import Assessment, Context
from storage.db import session_scope
from storage.decisions import SafetyGoal
from storage.reviews import Review
from tests.reviews.conftest import BASELINE, Ready, open_review, review_values, summary_post


def _initial(view: dict, block_id: str) -> list[str]:
    for block in view["blocks"]:
        if block.get("block_id") == block_id:
            return sorted(o["value"] for o in block["element"].get("initial_options", []))
    raise KeyError(block_id)


def test_full_review_posts_summary_and_chart_in_thread(
    bot: LocalBot, standin: SlackStandin, ready: Ready, clock: ManualClock
) -> None:
    view = open_review(bot, standin, ready.context.ref.lower())
    # Pre-filled with the latest (baseline) assessment, one grouped multi-select per level.
    assert _initial(view, "review_ind_universal") == ["U-RA-02"]
    assert _initial(view, "review_ind_universal_plus") == ["UP-B-04", "UP-RA-04"]
    assert _initial(view, "review_ind_complex") == []
    ind = next(b for b in view["blocks"] if b.get("block_id") == "review_ind_universal_plus")
    assert all(len(g["options"]) <= 100 for g in ind["element"]["option_groups"])
    level = next(b for b in view["blocks"] if b.get("block_id") == "review_level")
    assert level["element"]["initial_option"]["value"] == "universal_plus"
    goal_blocks = [b for b in view["blocks"] if b.get("block_id", "").startswith("review_goal_")]
    assert len(goal_blocks) == 2

    values = review_values(
        ready,
        indicators={"universal": ["U-RA-02", "U-B-02"], "universal_plus": ["UP-RA-04"]},
        narrative="Guardianship improved; YP-100234 says the stairwell feels safer.",
    )
    assert bot.driver().submit(COORDINATOR.id, view, values).status == 200
    bot.settle()

    post = summary_post(standin)
    text = post.text
    assert ready.context.ref in text
    assert (
        "Universal Plus / Universal Partnership Plus at baseline (agreed by the panel; referred as "
        "Universal Plus / Universal Partnership Plus) → Universal now (lower)"
    ) in text
    assert "*Suggested reading: Safer*" in text
    assert "*Concerns resolved (1 of 2 at baseline):*" in text and "(UP-B-04)" in text
    assert "*Concerns persisting (1):*" in text and "(UP-RA-04)" in text
    assert "*New concerns (0):*" in text
    assert "*Protective factors gained (1):*" in text and "(U-B-02)" in text
    assert "*Protective factors lost (0):*" in text
    assert "*Safety goals: 1 of 2 met*, 1 partly met" in text
    # Hostile goal text is escaped, never a ping.
    assert "&lt;!channel&gt; harm &amp; report it" in text and "<!channel>" not in text
    assert "1 done, 1 overdue, 1 withdrawn, 1 open (of 4)" in text
    assert "2 build safety, 1 disrupt; 2 target the context, 1 target individuals" in text
    assert "*Trend across 2 assessments: Improving*" in text
    assert "YP-100234 says the stairwell feels safer" in text
    buttons = [e["action_id"] for b in post.blocks or [] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["review_continue", "review_step_down", "review_close"]

    # The chart: a PNG uploaded with the external upload flow into the summary's thread.
    assert len(standin.calls_to("files.getUploadURLExternal")) == 1
    complete = standin.calls_to("files.completeUploadExternal")
    assert len(complete) == 1
    assert complete[0].params["channel_id"] == PANEL
    assert complete[0].params["thread_ts"] == post.ts
    (shared,) = [f for f in standin.state.files.values() if f["shared"]]
    assert shared["content"] is not None and bytes(shared["content"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(shared["content"]) < 200_000

    with session_scope(bot.deps.engine) as s:
        review = s.exec(select(Review)).one()
        assessment = s.get(Assessment, review.assessment_id)
        assert assessment is not None and assessment.source == "review"
        assert sorted(assessment.indicator_ids) == ["U-B-02", "U-RA-02", "UP-RA-04"]
        ctx = s.get(Context, ready.context.id)
        assert ctx is not None and ctx.level == "universal" and ctx.last_review_at == clock.now()
        statuses = {g.id: g.status for g in s.exec(select(SafetyGoal))}
        assert statuses == {ready.goal_ids[0]: "met", ready.goal_ids[1]: "partly_met"}
        assert (
            s.exec(select(AuditEvent).where(AuditEvent.action == "review.recorded")).one().actor
            == COORDINATOR.id
        )


def test_double_submission_stores_one_review(bot: LocalBot, standin: SlackStandin, ready: Ready) -> None:
    view = open_review(bot, standin, ready.context.ref)
    values = review_values(
        ready,
        indicators={"universal_plus": BASELINE[:2]},
        narrative="No change yet.",
        level="universal_plus",
        goals=("not_met", "not_met"),
    )
    driver = bot.driver()
    assert driver.submit(COORDINATOR.id, view, values).status == 200
    assert driver.submit(COORDINATOR.id, view, values).status == 200
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        assert len(s.exec(select(Review)).all()) == 1
        assert len(s.exec(select(Assessment).where(Assessment.source == "review")).all()) == 1
    post = summary_post(standin)
    assert "Protective factors lost (1)" in post.text  # U-RA-02 was not ticked again
    assert len(standin.calls_to("files.completeUploadExternal")) == 1


def test_upload_failure_leaves_the_text_and_is_reported(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    standin.fail_next("files.getUploadURLExternal", status=200, error="invalid_arguments")
    view = open_review(bot, standin, ready.context.ref)
    values = review_values(ready, indicators={"universal": ["U-RA-02"]}, narrative="Much calmer.")
    bot.driver().submit(COORDINATOR.id, view, values)
    bot.settle()
    post = summary_post(standin)
    assert "*Concerns resolved (2 of 2 at baseline):*" in post.text  # the text tells the whole story
    assert standin.calls_to("files.completeUploadExternal") == []
    with session_scope(bot.deps.engine) as s:
        row = outbox.find(session=s, key="review:1:chart")
        assert row is not None and row.state == outbox.State.FAILED and row.last_error == "invalid_arguments"
    notices = [m for m in standin.messages_in(PANEL) if "could not deliver" in m.text]
    assert len(notices) == 1 and "review chart" in notices[0].text


def test_review_post_text_is_complete_without_blocks(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    view = open_review(bot, standin, ready.context.ref)
    bot.driver().submit(
        COORDINATOR.id,
        view,
        review_values(
            ready,
            indicators={"complex": ["C-B-01"], "universal_plus": BASELINE[:2]},
            level="complex",
            narrative="Worse: a new serious concern.",
            goals=("not_met", "not_met"),
        ),
    )
    bot.settle()
    text = summary_post(standin).text
    assert "*Suggested reading: Less safe*" in text and "*New concerns (1):*" in text and "(C-B-01)" in text
    assert "*Trend across 2 assessments: Worsening*" in text
    with session_scope(bot.deps.engine) as s:
        file_row = outbox.find(session=s, key="review:1:chart")
        assert file_row is not None and file_row.payload == {"kind": "reviews.chart"}  # delivered: scrubbed
    [upload] = standin.state.files.values()  # what Slack was given
    assert upload["content"][:4] == b"\x89PNG"
    assert "baseline" in upload["alt_txt"].lower()
    assert "initial_comment" not in standin.calls_to("files.completeUploadExternal")[0].params


def test_non_coordinators_are_refused_with_nothing_changed(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    driver = bot.driver()
    driver.command(POLICE.id, "/efh", f"review {ready.context.ref}")
    bot.settle()
    assert standin.open_view(POLICE.id) is None
    assert any("Only the panel's coordinators" in str(r.get("text")) for r in standin.state.responses)

    # A submission by someone else (e.g. a forged or shared modal) is refused inside the modal.
    view = open_review(bot, standin, ready.context.ref)
    reply = driver.submit(POLICE.id, view, review_values(ready, indicators={}, narrative="x"))
    assert reply.json()["response_action"] == "errors"
    assert "coordinators" in reply.json()["errors"]["review_narrative"]
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        assert s.exec(select(Review)).all() == []
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "review.recorded")).all() == []
    assert not [m for m in standin.messages_in(PANEL) if "Review 1 of" in m.text]


def test_empty_narrative_is_refused_field_by_field(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    view = open_review(bot, standin, ready.context.ref)
    reply = bot.driver().submit(COORDINATOR.id, view, review_values(ready, indicators={}, narrative="   "))
    assert reply.json() == {
        "response_action": "errors",
        "errors": {"review_narrative": "Say in a few lines what has changed."},
    }
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        assert s.exec(select(Review)).all() == []
