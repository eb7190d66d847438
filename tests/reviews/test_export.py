"""`efrp export` (md and html, hostile text escaped, audited) and `efrp review post`, as real processes."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlmodel import select

from bot.standin.harness import COORDINATOR, PANEL, LocalBot
from bot.standin.server import SlackStandin
from storage.actions import ActionUpdate
from storage.audit import AuditEvent
from storage.contexts import Context
from storage.db import session_scope
from tests.process import bot_env, run_efrp
from tests.reviews.conftest import Ready, open_review, review_values, summary_post

HOSTILE = '<script>alert("x")</script> & <!channel>'


def _reviewed(bot: LocalBot, standin: SlackStandin, ready: Ready) -> None:
    with session_scope(bot.deps.engine) as s:
        ctx = s.get(Context, ready.context.id)
        assert ctx is not None
        ctx.name = f"Stairwell {HOSTILE}"
        s.add(ctx)
        s.add(
            ActionUpdate(
                action_id=ready.action_ids[0],
                author="UPOLICE001",
                kind="done",
                text="Walked it with housing; lights reported.",
                created_at=ctx.accepted_at,
            )
        )
    view = open_review(bot, standin, ready.context.ref)
    bot.driver().submit(
        COORDINATOR.id,
        view,
        review_values(ready, indicators={"universal": ["U-RA-02", "U-B-02"]}, narrative=f"Calmer. {HOSTILE}"),
    )
    bot.settle()


def test_export_markdown_and_html(
    bot: LocalBot, standin: SlackStandin, ready: Ready, database_url: str, tmp_path: Path
) -> None:
    _reviewed(bot, standin, ready)
    env = bot_env(None, database_url)
    md = run_efrp("export", "--as", "Sam Patel", ready.context.ref, env=env)
    assert md.returncode == 0, md.stderr
    out = md.stdout
    assert out.startswith(f"# EFRP context record: {ready.context.ref}")
    for expected in (
        "## Referrals (1)",
        "YP-100234",
        "## Baseline",
        "UP-B-04",
        "## Panel decisions",
        "### Decision 1 of 1,",
        "Young people feel safe using the stairwell",
        "## Actions (4)",
        "Walked it with housing; lights reported.",
        "Dispersal order on the estate",
        "## Reviews (1)",
        "Concerns resolved (2): ",
        "Protective gained (1): U-B-02",
        "Trend (Improving)",
        "## Audit trail",
        "recorded a review of",
        "Sam Patel (operator, command line) exported the record of",
    ):
        assert expected in out, expected
    assert "&lt;script&gt;" in out and "<script>" not in out and "<!channel>" not in out
    assert "2 build safety, 1 disrupt" in out

    target = tmp_path / "record.html"
    html = run_efrp(
        "export",
        "--as",
        "Sam Patel",
        ready.context.ref.lower(),
        "--format",
        "html",
        "-o",
        str(target),
        env=env,
    )
    assert html.returncode == 0, html.stderr
    assert html.stdout == ""  # written to the file only
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().startswith("<!DOCTYPE html>") and "</html>" in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;!channel&gt;" in page
    assert "<script>" not in page
    assert "<h2>Reviews (1)</h2>" in page and "Walked it with housing" in page

    pdf_file = tmp_path / "record.pdf"
    pdf = run_efrp(
        "export",
        "--as",
        "Sam Patel",
        ready.context.ref,
        "--format",
        "pdf",
        "-o",
        str(pdf_file),
        env=env,
        timeout=240,
    )
    assert pdf.returncode == 0, pdf.stderr
    printed = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_file).pages).split())
    # Escaped in the HTML it is drawn from: shown as the text typed, never taken as markup.
    assert 'Stairwell <script>alert("x")</script> & <!channel>' in printed

    with session_scope(bot.deps.engine) as s:
        exported = s.exec(select(AuditEvent).where(AuditEvent.action == "context.exported")).all()
        assert [e.detail["format"] for e in exported] == ["md", "html", "pdf"]
        assert {e.actor for e in exported} == {"cli:Sam Patel"}


def test_export_of_unknown_context_fails_cleanly(database_url: str) -> None:
    result = run_efrp("export", "--as", "Sam Patel", "EFRP-2099-0001", env=bot_env(None, database_url))
    assert result.returncode == 1 and "no context EFRP-2099-0001" in result.stderr


def test_review_post_updates_the_summary_in_place(
    bot: LocalBot, standin: SlackStandin, ready: Ready, database_url: str
) -> None:
    _reviewed(bot, standin, ready)
    post = summary_post(standin)
    assert post.edits == 0
    # The in-process bot runs on a ManualClock weeks ahead of the CLI's real clock: stop its delivery
    # worker so the two processes cannot disagree about when a delivery lease expires.
    assert bot.running is not None
    bot.running.worker.stop()
    result = run_efrp("review", "post", ready.context.ref, env=bot_env(standin, database_url))
    assert result.returncode == 0, result.stderr
    again = summary_post(standin)  # still one summary: the same message, edited
    assert again.ts == post.ts and again.edits == 1
    assert len(standin.calls_to("files.completeUploadExternal")) == 1  # the chart had arrived: not re-sent
    assert len([m for m in standin.messages_in(PANEL) if m.thread_ts is None]) == 1


def test_review_post_uploads_the_chart_again_after_a_failure(
    bot: LocalBot, standin: SlackStandin, ready: Ready, database_url: str
) -> None:
    standin.fail_next("files.getUploadURLExternal", status=200, error="missing_scope")
    _reviewed(bot, standin, ready)
    post = summary_post(standin)
    assert standin.calls_to("files.completeUploadExternal") == []
    # The in-process bot runs on a ManualClock weeks ahead of the CLI's real clock: stop its delivery
    # worker so the two processes cannot disagree about when a delivery lease expires.
    assert bot.running is not None
    bot.running.worker.stop()
    result = run_efrp("review", "post", ready.context.ref, env=bot_env(standin, database_url))
    assert result.returncode == 0, result.stderr
    complete = standin.calls_to("files.completeUploadExternal")
    assert len(complete) == 1 and complete[0].params["thread_ts"] == post.ts
