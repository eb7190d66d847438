"""`/efh report` over the real HTTP surface: coordinators post text then chart; anyone else is refused."""

from __future__ import annotations

from sqlmodel import col, select

from bot.standin.harness import COORDINATOR, PANEL, POLICE, LocalBot
from bot.standin.server import SlackStandin
from storage import audit, outbox
from storage.db import session_scope
from storage.outbox import OutboxMessage
from tests.report.system import seed


def test_a_coordinator_posts_the_text_then_the_chart_in_its_thread(
    bot: LocalBot, standin: SlackStandin
) -> None:
    seed(bot.deps.engine)
    bot.driver().command(COORDINATOR.id, "/efh", "report 2026-01-01 2026-06-30")
    bot.settle()
    posts = standin.messages_in(PANEL)
    assert len(posts) == 1
    post = posts[0]
    assert "Period:* 01 Jan 2026 to 30 Jun 2026" in post.text
    assert "*Target*: Referral: Level 2 practice seen" in post.text
    assert "Reviews due: 3, on time 1 (33.3%), late 1, overdue 1" in post.text
    uploads = standin.calls_to("files.completeUploadExternal")
    assert len(uploads) == 1
    assert uploads[0].params["channel_id"] == PANEL and uploads[0].params["thread_ts"] == post.ts
    assert "initial_comment" not in uploads[0].params  # the words travel with the file, as its alt text
    (shared,) = [f for f in standin.state.files.values() if f["shared"]]
    assert shared["content"][:8] == b"\x89PNG\r\n\x1a\n"
    assert shared["alt_txt"].startswith("Scale-up grid, 16 cells: ")
    assert "referred" in shared["alt_txt"] and "screened" in shared["alt_txt"]
    assert any("being posted" in str(r.get("text")) for r in standin.state.responses)
    with session_scope(bot.deps.engine) as s:
        events = [e for e in audit.list_events(session=s) if e.action == "report.posted"]
    assert [(e.actor, e.detail["since"], e.detail["until"]) for e in events] == [
        (COORDINATOR.id, "2026-01-01", "2026-06-30")
    ]


def test_the_report_is_owed_as_facts_addressed_to_the_panel(bot: LocalBot, standin: SlackStandin) -> None:
    seed(bot.deps.engine)
    # Slack asks the bot to wait an hour: the facts are read as recorded (once delivered, they are scrubbed).
    standin.fail_next("chat.postMessage", status=429, error="ratelimited", retry_after=3600, times=5)
    bot.driver().command(COORDINATOR.id, "/efh", "report 2026-01-01 2026-06-30")
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        rows = list(s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))
    assert [(r.payload["kind"], r.channel) for r in rows] == [
        ("report.summary", outbox.PANEL),
        ("report.chart", outbox.PANEL),
    ]
    summary, chart = (r.payload["data"] for r in rows)
    assert "blocks" not in summary and "*" not in str(summary)  # no Block Kit, no mrkdwn
    assert (summary["since"], summary["until"], summary["referrals"]) == ("2026-01-01", "2026-06-30", 5)
    assert summary["reviews"] == {"due": 3, "on_time": 1, "on_time_share": 1 / 3, "late": 1, "overdue": 1}
    assert sorted(chart) == ["alt", "content_b64", "filename", "title"]
    assert chart["filename"] == "efrp-system-view-2026-01-01-2026-06-30.png"
    assert rows[1].thread_of == rows[0].key


def test_anyone_else_is_refused_privately_and_nothing_is_posted(bot: LocalBot, standin: SlackStandin) -> None:
    seed(bot.deps.engine)
    bot.driver().command(POLICE.id, "/efh", "report")
    bot.settle()
    assert any("Only the panel's coordinators" in str(r.get("text")) for r in standin.state.responses)
    assert standin.messages_in(PANEL) == []
    assert standin.calls_to("files.getUploadURLExternal") == []
    with session_scope(bot.deps.engine) as s:
        assert list(s.exec(select(OutboxMessage))) == []
        assert [e for e in audit.list_events(session=s) if e.action.startswith("report.")] == []


def test_a_bad_period_is_refused_privately(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(COORDINATOR.id, "/efh", "report 2026-06-30 2026-01-01")
    bot.driver().command(COORDINATOR.id, "/efh", "report last-spring")
    bot.settle()
    texts = [str(r.get("text")) for r in standin.state.responses]
    assert any("start of the period" in t for t in texts)
    assert any("SINCE must be a date" in t for t in texts)
    assert standin.messages_in(PANEL) == []


def test_help_lists_the_report(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(POLICE.id, "/efh", "help")
    bot.settle()
    assert any("/efh report [SINCE [UNTIL]]" in str(r.get("text")) for r in standin.state.responses)
