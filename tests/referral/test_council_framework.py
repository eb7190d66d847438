"""A council brings its own wellbeing framework (EFRP_FRAMEWORK): the form offers exactly its indicators,
a referral is assessed with them, and a file that drops an indicator stored records use is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from bot.standin.harness import LocalBot
from bot.standin.server import SlackStandin
from handlers.records.ids import Button as RecordButton
from handlers.referrals.ids import FormField
from storage.contexts import Assessment
from storage.db import make_engine, session_scope
from storage.referrals import Referral
from tests.factories import make_context
from tests.process import ServeProcess, bot_env, run_efrp
from tests.referral.helpers import open_form, submit

COUNCIL_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "frameworks" / "council_example.toml"


def _indicator_options(view: dict[str, object]) -> set[str]:
    fields = {FormField.INDICATORS_UP, FormField.INDICATORS_COMPLEX, FormField.INDICATORS_PROTECTIVE}
    offered: set[str] = set()
    for block in view.get("blocks", []):  # type: ignore[attr-defined]
        if block.get("block_id") not in fields:
            continue
        element = block["element"]
        for group in element.get("option_groups") or []:
            offered.update(o["value"] for o in group["options"])
        offered.update(o["value"] for o in element.get("options") or [])
    return offered


def test_the_form_offers_exactly_the_councils_indicators_and_assesses_with_them(
    make_bot: Callable[..., LocalBot], standin: SlackStandin
) -> None:
    bot = make_bot(EFRP_FRAMEWORK=str(COUNCIL_FILE))
    view = open_form(bot, standin)
    assert _indicator_options(view) == {"EX-CON-1", "EX-SAFE-1", "EX-CON-2"}

    reply = submit(
        bot,
        "UTEACH0001",
        view,
        indicators_up=["EX-CON-2"],
        indicators_complex=["EX-CON-1"],
        indicators_protective=["EX-SAFE-1"],
    )
    assert reply.status == 200 and reply.body == ""
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        referral = s.exec(select(Referral)).one()
        baseline = s.exec(select(Assessment)).one()
    assert set(referral.indicator_ids) == {"EX-CON-1", "EX-SAFE-1", "EX-CON-2"}
    assert referral.suggested_level == "complex"
    assert baseline.catalogue_version == "EX-2027.1"
    (post,) = standin.messages_in("GPANEL0001")
    assert "2 concerns, 1 protective sign" in str(post.blocks)  # the post counts; Details names them
    bot.driver().click("UCOORD0001", post, RecordButton.REFERRAL_DETAILS)
    bot.settle()
    assert "Adults recruit young people to carry packages" in str(standin.open_view("UCOORD0001"))


def test_serve_refuses_a_framework_that_drops_indicators_in_use(
    standin: SlackStandin, database_url: str
) -> None:
    env = bot_env(standin, database_url)
    assert run_efrp("db", "upgrade", env=env).returncode == 0
    engine = make_engine(database_url)
    make_context(engine, now=datetime(2026, 11, 20, tzinfo=UTC), indicator_ids=["UP-B-04", "C-B-01"])
    engine.dispose()

    served = ServeProcess({**env, "EFRP_FRAMEWORK": str(COUNCIL_FILE)})
    _, err = served.proc.communicate(timeout=60)
    assert served.proc.returncode == 2
    assert "EFRP_FRAMEWORK" in err and "C-B-01" in err and "UP-B-04" in err
    assert "Traceback" not in err


def test_a_framework_file_that_is_not_valid_stops_every_command_naming_the_setting(
    tmp_path: Path, standin: SlackStandin, database_url: str
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = 1\nname = "x"\nversion = "1"\n[[indicators]]\nid = "A"\n', encoding="utf-8")
    for path in (str(broken), str(tmp_path / "missing.toml")):
        r = run_efrp("meeting", "list", env=bot_env(standin, database_url, EFRP_FRAMEWORK=path))
        assert r.returncode == 2, r.stderr
        assert "EFRP_FRAMEWORK" in r.stderr and "Traceback" not in r.stderr
