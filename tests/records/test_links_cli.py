"""`efrp links` as a real process: a CSV of ties without small counts or case references, and a PNG."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from storage.audit import AuditEvent
from storage.db import make_engine, session_scope
from tests.factories import make_context
from tests.process import bot_env, run_efrp
from tests.records.links_seed import with_people

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
FOUR = ["YP-100001", "YP-100002", "YP-100003", "YP-100004"]


def _seed(database_url: str) -> tuple[str, str, str]:
    engine = make_engine(database_url)
    a = with_people(engine, make_context(engine, now=NOW, name="Park", level="complex"), FOUR)
    b = with_people(engine, make_context(engine, now=NOW, name="Shop"), [*FOUR[:3], "YP-200000"])
    c = with_people(engine, make_context(engine, now=NOW, name="School", level="universal"), ["YP-200000"])
    engine.dispose()
    return a.ref, b.ref, c.ref


def test_csv_keeps_ties_of_three_or_more_and_names_no_young_person(database_url: str, tmp_path: Path) -> None:
    park, shop, school = _seed(database_url)
    out = tmp_path / "links.csv"
    result = run_efrp(
        "links", "--format", "csv", "--as", "Sam Patel", "--out", str(out), env=bot_env(None, database_url)
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [
        {
            "context_a": park,
            "level_a": "complex",
            "context_b": shop,
            "level_b": "universal_plus",
            "shared_references": "3",
        }
    ]
    assert school not in text and "YP-" not in text  # the tie of one shared reference is suppressed
    engine = make_engine(database_url)
    with session_scope(engine) as s:
        events = list(s.exec(select(AuditEvent).where(AuditEvent.action == "links.exported")))
    engine.dispose()
    assert [e.actor for e in events] == ["cli:Sam Patel"]


def test_png_of_one_context_is_a_png_and_the_name_is_required(database_url: str, tmp_path: Path) -> None:
    park, _, _ = _seed(database_url)
    out = tmp_path / "links.png"
    env = bot_env(None, database_url)
    result = run_efrp("links", park, "--format", "png", "--as", "Sam Patel", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert int.from_bytes(data[16:20], "big") == 1600  # print width
    anonymous = run_efrp("links", "--format", "csv", env=env)
    assert anonymous.returncode == 2 and "--as NAME is required" in anonymous.stderr
    unknown = run_efrp("links", "EFRP-1999-0001", "--as", "Sam Patel", env=env)
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr
