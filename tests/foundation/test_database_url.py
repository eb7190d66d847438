"""An operator's PostgreSQL connection options in EFRP_DATABASE_URL are kept beside the bot's own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_engine


def test_url_options_are_kept_beside_the_statement_timeout(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("connection options are PostgreSQL's")
    url = make_url(database_url).update_query_dict({"options": "-c application_name=efrp-panel"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("show application_name")).scalar() == "efrp-panel"
            assert conn.execute(text("show statement_timeout")).scalar() == "15s"
            assert conn.execute(text("show timezone")).scalar() == "UTC"
            read = conn.execute(text("select timestamptz '2026-06-30 23:30:00+01'")).scalar()
            assert read == datetime(2026, 6, 30, 22, 30, tzinfo=UTC) and read.tzinfo is UTC
    finally:
        engine.dispose()
