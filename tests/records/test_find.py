"""`/efh find TEXT`: panel members find contexts and referrals privately; the search is audited without
what was typed; Open record and Details answer panel members only."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.standin.harness import COORDINATOR, OUTSIDER, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.records.ids import Button, Callback
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.factories import make_context
from tests.referral.helpers import refer, settle


def _find(bot: LocalBot, standin: SlackStandin, user: str, text: str) -> dict[str, Any]:
    before = len(standin.state.responses)
    assert bot.driver().command(user, "/efh", f"find {text}").status == 200
    settle(bot)
    assert len(standin.state.responses) == before + 1
    reply = standin.state.responses[-1]
    assert reply.get("response_type") == "ephemeral"
    return reply


def _refs(reply: dict[str, Any]) -> list[str]:
    return [
        b["text"]["text"].split("*")[1]
        for b in reply.get("blocks") or []
        if b.get("accessory", {}).get("action_id") in (Button.OPEN_RECORD, Button.REFERRAL_DETAILS)
    ]


def _audit(bot: LocalBot) -> list[AuditEvent]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(AuditEvent).order_by(AuditEvent.id)))


def _as_message(reply: dict[str, Any]) -> Message:
    return Message(
        channel="CGENERAL01", ts="1.000001", text=reply.get("text", ""), blocks=reply.get("blocks")
    )


def test_panel_members_find_by_name_area_postcode_or_reference_in_any_case(
    bot: LocalBot, standin: SlackStandin
) -> None:
    now = bot.clock.now()
    stairwell = make_context(bot.deps.engine, now=now, name="Fields Estate stairwell", area="Hackney E8 4QP")
    park = make_context(bot.deps.engine, now=now, name="London Fields park", area="Dalston E8 3EU")
    make_context(bot.deps.engine, now=now, name="Mare Street chicken shop", area="Hackney Central E8 1HE")
    refer(bot, standin, name="Kings Park benches", area="Homerton, E9 5PZ")  # not screened yet

    assert _refs(_find(bot, standin, TEACHER.id, "FIELDS")) == [park.ref, stairwell.ref]
    assert _refs(_find(bot, standin, COORDINATOR.id, "e84qp")) == [stairwell.ref]
    assert _refs(_find(bot, standin, COORDINATOR.id, "e8  4QP")) == [stairwell.ref]
    assert _refs(_find(bot, standin, COORDINATOR.id, park.ref.lower())) == [park.ref]
    assert _refs(_find(bot, standin, COORDINATOR.id, "dalston FIELDS")) == [park.ref]  # words in any field
    unscreened = _find(bot, standin, COORDINATOR.id, "kings park")
    assert "(referral)" in unscreened["blocks"][1]["text"]["text"]
    assert "Waiting for screening" in unscreened["blocks"][1]["text"]["text"]
    nothing = _find(bot, standin, COORDINATOR.id, "100%_")  # LIKE wildcards are plain text
    assert "Nothing matches" in nothing["blocks"][0]["text"]["text"]

    searches = [e for e in _audit(bot) if e.action == "search.made"]
    assert [e.detail["results"] for e in searches] == [2, 1, 1, 1, 1, 1, 0]
    assert searches[0].actor == TEACHER.id and searches[0].detail["shown"] == [park.ref, stairwell.ref]
    typed = ("FIELDS", "e84qp", "kings", "100%")
    assert not any(t.lower() in repr(e.model_dump()).lower() for e in searches for t in typed)


def test_someone_off_the_panel_cannot_search_and_nothing_is_audited(
    bot: LocalBot, standin: SlackStandin
) -> None:
    make_context(bot.deps.engine, now=bot.clock.now(), name="Fields Estate stairwell")
    reply = _find(bot, standin, OUTSIDER.id, "fields")
    assert "Only members of the panel" in reply["text"] and "Fields" not in str(reply)
    assert not [e for e in _audit(bot) if e.action == "search.made"]
    usage = _find(bot, standin, TEACHER.id, "x")
    assert "Usage: `/efh find TEXT`" in usage["text"]


def test_open_record_from_a_search_opens_the_record_privately_for_panel_members_only(
    bot: LocalBot, standin: SlackStandin
) -> None:
    ctx = make_context(bot.deps.engine, now=bot.clock.now(), name="Fields Estate stairwell")
    found = _as_message(_find(bot, standin, TEACHER.id, "stairwell"))
    assert bot.driver().click(TEACHER.id, found, Button.OPEN_RECORD).status == 200
    settle(bot)
    view = standin.open_view(TEACHER.id)
    assert view is not None and view["callback_id"] == Callback.RECORD and "submit" not in view
    assert ctx.ref in str(view["blocks"]) and "Fields Estate stairwell" in str(view["blocks"])
    viewed = [e for e in _audit(bot) if e.action == "context.viewed"]
    assert [(e.actor, e.ref) for e in viewed] == [(TEACHER.id, ctx.ref)]

    # A button passed on to someone off the panel opens nothing for them and is not a view.
    responses = len(standin.state.responses)
    assert bot.driver().click(OUTSIDER.id, found, Button.OPEN_RECORD).status == 200
    settle(bot)
    assert standin.open_view(OUTSIDER.id) is None
    assert "Only members of the panel" in standin.state.responses[responses]["text"]
    assert len([e for e in _audit(bot) if e.action == "context.viewed"]) == 1
