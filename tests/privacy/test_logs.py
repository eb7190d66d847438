"""A failing database write through a real `efrp serve` leaks nothing people typed into logs or replies."""

from __future__ import annotations

from sqlalchemy import text

from bot.standin.driver import SlackDriver
from bot.standin.harness import SIGNING_SECRET, TEACHER
from bot.standin.server import SlackStandin
from handlers.referrals.ids import COMMAND, FormField
from storage.db import is_postgres, make_engine
from tests.conftest import wait_for
from tests.process import ServeProcess, bot_env, run_efrp
from tests.referral.helpers import GOOD

MARKER = "Zqxmarker"
REF = "YP-777001"


def _refuse_rows(database_url: str, table: str = "referral") -> None:
    """A database constraint that refuses every new row of a table: the write fails inside the database."""
    engine = make_engine(database_url)
    with engine.begin() as conn:
        if is_postgres(engine):
            conn.execute(
                text(
                    "CREATE FUNCTION efrp_refuse() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION efrp_refuse()"
                )
            )
        else:
            conn.execute(
                text(
                    f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
    engine.dispose()


def _typed(marker: str) -> dict[str, object]:
    values: dict[str, object] = {str(k): v for k, v in GOOD.items()}
    for field in (FormField.NAME, FormField.AREA, FormField.DESCRIPTION, FormField.CONCERNS):
        values[str(field)] = f"{values[str(field)]} {marker}"
    values[str(FormField.AGENCY)] = f"Education {marker}"
    values[str(FormField.SHARING_REASON)] = f"Risk of harm {marker}"
    values[str(FormField.YOUNG_PEOPLE)] = f"{REF}, YP-104233"
    return values


def _everything_said(standin: SlackStandin) -> str:
    said = [m.text + repr(m.blocks) for m in standin.state.messages]
    said += [repr(e) for e in standin.state.ephemeral] + [repr(r) for r in standin.state.responses]
    return "\n".join(said)


def test_failed_write_leaks_no_typed_text_at_debug(standin: SlackStandin, database_url: str) -> None:
    _refuse_rows(database_url)
    proc = ServeProcess(bot_env(standin, database_url), before=("-vv",))
    try:
        proc.wait_ready()
        driver = SlackDriver(proc.url, SIGNING_SECRET, standin)
        assert driver.command(TEACHER.id, COMMAND).status == 200
        view = wait_for(lambda: standin.open_view(TEACHER.id))
        reply = driver.submit(TEACHER.id, view, _typed(MARKER))
        assert reply.status == 200
        # The store failed: the form stays open and says so (forms are answered only once stored).
        assert reply.json()["response_action"] == "errors"
    finally:
        code, out, err = proc.terminate()
    assert code == 0
    assert "unhandled" in err  # the failure itself is logged, without its words
    for where in (out, err, reply.body, _everything_said(standin)):
        assert MARKER not in where
        assert REF not in where and "YP-104233" not in where


def test_failed_cli_write_prints_no_typed_text(standin: SlackStandin, database_url: str) -> None:
    _refuse_rows(database_url, "meeting")
    env = bot_env(standin, database_url)
    done = run_efrp(
        "-vv", "meeting", "add", "--at", "2026-12-03 10:00", "--location", f"Room {MARKER}", env=env
    )
    assert done.returncode == 1
    assert "IntegrityError" in done.stderr or "InternalError" in done.stderr or "Error" in done.stderr
    assert MARKER not in done.stdout + done.stderr


def test_nul_in_a_referral_is_refused_in_the_form_and_never_logged(
    standin: SlackStandin, database_url: str
) -> None:
    proc = ServeProcess(bot_env(standin, database_url), before=("-vv",))
    try:
        proc.wait_ready()
        driver = SlackDriver(proc.url, SIGNING_SECRET, standin)
        assert driver.command(TEACHER.id, COMMAND).status == 200
        view = wait_for(lambda: standin.open_view(TEACHER.id))
        reply = driver.submit(TEACHER.id, view, _typed("Zqx\x00marker"))
    finally:
        _code, out, err = proc.terminate()
    assert reply.status == 200
    errors = reply.json()["errors"]
    assert set(errors) >= {str(FormField.NAME), str(FormField.DESCRIPTION), str(FormField.AGENCY)}
    assert "Zqx" not in out + err + reply.body
