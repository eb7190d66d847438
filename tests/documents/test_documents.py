"""Every document the bot exports, in every format, from the demo's data, read back as a person would.

The demo runs on the test's database; then the real `efrp` command writes each document. Each is checked
for raw Slack IDs and internal codes; each PDF page for the protective marking (header and footer), the
record's reference and its page number; the board report for its length and embedded chart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from bot.demo import run_demo
from bot.demo.scene import Demo
from tests.process import bot_env, run_efrp

MARKING = "OFFICIAL-SENSITIVE (PANEL)"
RAW_ID = re.compile(r"\b[UW][A-Z0-9]{7,}\b")
EMBEDDED = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")
INTERNAL = re.compile(
    r"\b(public_space|peer_group|online_space|cce|cse|builds_safety|not_mine|due_changed|info_requested|"
    r"stepped_down|partly_met|step_down|universal_plus|TARGET\.[A-Z]+|WELFARE\.[A-Z]+|MIN_SAMPLE|"
    r"referral\.accepted|context\.exported|action\.assigned)\b|Seed description"
)
REF = "EFRP-2026-0001"


@pytest.fixture
def demo_database(database_url: str) -> Iterator[tuple[str, list[dict[str, object]]]]:
    """The demo's whole story in the test's database, and every file it uploaded to Slack."""
    uploads: list[dict[str, object]] = []

    def keep_uploads(demo: Demo) -> None:
        demo.settle()
        uploads.extend(dict(f) for f in demo.standin.state.files.values())

    run_demo(io.StringIO(), database_url=database_url, hook=keep_uploads)
    yield database_url, uploads


def _export(tmp_path: Path, env: dict[str, str], name: str, *args: str) -> Path:
    target = tmp_path / name
    result = run_efrp(*args, "--as", "Sam Patel", "-o", str(target), env=env, timeout=240)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr  # no font or CSS complaints for the operator
    return target


def _pdf_pages(path: Path) -> list[str]:
    assert path.read_bytes().startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(path).pages]


def _readable(text: str, what: str) -> None:
    text = EMBEDDED.sub("data:", text)  # an embedded chart's base64 is no text a reader sees
    assert not RAW_ID.findall(text), f"raw Slack IDs in {what}: {set(RAW_ID.findall(text))}"
    found = {m.group(0) for m in INTERNAL.finditer(text)}
    assert not found, f"internal codes in {what}: {found}"


def _every_page_marked(pages: list[str], reference: str) -> None:
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert flat.count(MARKING) >= 2, f"page {number}: marking not in header and footer"
        assert f"Page {number} of {len(pages)}" in flat, f"page {number}: no page number"
        assert reference in flat, f"page {number}: no reference"


def test_every_document_in_every_format_is_readable_and_marked(
    demo_database: tuple[str, list[dict[str, object]]], tmp_path: Path
) -> None:
    database_url, _ = demo_database
    env = bot_env(None, database_url, EFRP_PROTECTIVE_MARKING=MARKING)

    record_md = _export(tmp_path, env, "record.md", "export", REF).read_text()
    record_html = _export(tmp_path, env, "record.html", "export", REF, "--format", "html").read_text()
    record_pdf = _pdf_pages(_export(tmp_path, env, "record.pdf", "export", REF, "--format", "pdf"))
    for text, what in ((record_md, "record.md"), (record_html, "record.html"), ("".join(record_pdf), "pdf")):
        _readable(text, what)
    # People by name, codes as words, the trail as sentences.
    assert "Referrer: Alex (Education" in record_md
    assert "Sam (coordinator) accepted referral EFRP-2026-0001." in record_md
    assert "Public space or location" in record_md and "Builds safety" in record_html
    assert "Decision 1 of 1" in record_md and "next review: not set" in record_md
    assert record_md.count(f"**{MARKING}**") == 2
    assert record_html.count(f'<p class="marking">{MARKING}</p>') == 2
    _every_page_marked(record_pdf, f"EFRP context record {REF}")
    assert "Alex (partner) submitted referral EFRP-2026-0001." in " ".join("".join(record_pdf).split())

    minutes = {
        fmt: _export(tmp_path, env, f"minutes.{fmt}", "minutes", "export", "1", "--format", fmt)
        for fmt in ("md", "html", "pdf")
    }
    minutes_pdf = _pdf_pages(minutes["pdf"])
    for text, what in (
        (minutes["md"].read_text(), "minutes.md"),
        (minutes["html"].read_text(), "minutes.html"),
        ("".join(minutes_pdf), "minutes.pdf"),
    ):
        _readable(text, what)
        flat = " ".join(text.split())  # the demo: Sam chairs, Riley sent apologies, a guest came
        assert "Sam, Morgan, Jordan, Alex" in flat and "Riley" in flat and "Pat Lee" in flat
    _every_page_marked(minutes_pdf, "EFRP minutes, meeting 1")

    period = ("--since", "2026-04-01", "--until", "2027-03-31")
    report_md = _export(tmp_path, env, "report.md", "report", *period).read_text()
    report_html = _export(tmp_path, env, "report.html", "report", *period, "--format", "html").read_text()
    report_pdf = _pdf_pages(_export(tmp_path, env, "report.pdf", "report", *period, "--format", "pdf"))
    for text, what in ((report_md, "report.md"), (report_html, "report.html"), ("".join(report_pdf), "pdf")):
        _readable(text, what)
    _every_page_marked(report_pdf, "EFRP system view 2026-04-01 to 2027-03-31")
    assert len(report_pdf) <= 5, f"the board report prints to {len(report_pdf)} pages"
    # The grid first, domain paragraphs, thresholds once in the appendix, the chart embedded.
    board = " ".join(report_html.split())
    assert board.index("The grid") < board.index("Domain by domain") < board.index("Appendix")
    assert board.count("One record in four.") == 1
    assert '<img src="data:image/png;base64,' in report_html
    # Print CSS keeps every table within an A4 page's width.
    assert "size: A4" in report_html and "table-layout: fixed" in report_html and "width: 100%" in report_html
    assert ".when, .nowrap { white-space: nowrap; }" in record_html


def test_uploaded_charts_are_print_sharp_and_carry_their_alt_text(
    demo_database: tuple[str, list[dict[str, object]]],
) -> None:
    _, uploads = demo_database
    charts = [f for f in uploads if str(f["filename"]).endswith(".png")]
    assert len(charts) >= 2  # a review chart and the system view's chart
    for f in charts:
        content = f["content"]
        assert isinstance(content, bytes)
        image = Image.open(io.BytesIO(content))
        assert image.width >= 1600, (f["filename"], image.size)
        assert round(image.info["dpi"][0]) >= 150
        alt = str(f["alt_txt"] or "")
        assert len(alt) > 40 and not RAW_ID.search(alt), alt
        assert f["shared"] is not None
