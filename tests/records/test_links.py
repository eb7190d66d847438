"""Links between contexts: shown to the coordinator at screening, in Details and on the record, and by
`/efh links REF`, to panel members only; each showing is audited."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.standin.harness import COORDINATOR, OUTSIDER, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.records.ids import Button as RecordButton
from handlers.referrals.ids import Button, ScreenField
from storage.audit import AuditEvent
from storage.db import session_scope
from tests.factories import make_context
from tests.records.links_seed import closed, with_people
from tests.referral.helpers import refer, settle


def _audit(bot: LocalBot, action: str) -> list[AuditEvent]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _efh(bot: LocalBot, standin: SlackStandin, user: str, text: str) -> dict[str, Any]:
    before = len(standin.state.responses)
    assert bot.driver().command(user, "/efh", text).status == 200
    settle(bot)
    assert len(standin.state.responses) == before + 1
    reply: dict[str, Any] = standin.state.responses[-1]
    assert reply.get("response_type") == "ephemeral"
    return reply


def test_screening_shows_a_young_person_seen_elsewhere_and_a_place_closed_recently(
    bot: LocalBot, standin: SlackStandin
) -> None:
    engine, now = bot.deps.engine, bot.clock.now()
    shop = with_people(engine, make_context(engine, now=now, name="Mare Street chicken shop"), ["yp-104233"])
    recent = closed(engine, now, "STAIRWELL - Block C - the Fields Estate", 4)
    long_ago = closed(engine, now, "Stairwell block C, Fields Estate", 9)
    post = refer(bot, standin)  # names YP-104233 and the stairwell, block C, Fields Estate

    assert bot.driver().click(COORDINATOR.id, post, Button.ACCEPT).status == 200
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    shown = str(view["blocks"])
    assert f"YP-104233 is also linked to {shop.ref} (open)" in shown
    assert f"this place was closed as safer 4 months ago ({recent.ref})" in shown
    assert long_ago.ref not in shown  # beyond EFRP_RECURRENCE_MONTHS (6)
    assert [e.actor for e in _audit(bot, "referral.links_viewed")] == [COORDINATOR.id]

    # Details: a panel member sees the links; someone off the panel sees nothing of them.
    assert bot.driver().click(TEACHER.id, post, RecordButton.REFERRAL_DETAILS).status == 200
    settle(bot)
    details = standin.open_view(TEACHER.id)
    assert details is not None and f"linked to {shop.ref}" in str(details["blocks"])
    responses = len(standin.state.responses)
    assert bot.driver().click(OUTSIDER.id, post, RecordButton.REFERRAL_DETAILS).status == 200
    settle(bot)
    assert standin.open_view(OUTSIDER.id) is None
    assert shop.ref not in str(standin.state.responses[responses:])


def test_efh_links_and_the_record_show_the_ties_to_panel_members_only(
    bot: LocalBot, standin: SlackStandin
) -> None:
    engine, now = bot.deps.engine, bot.clock.now()
    shop = with_people(engine, make_context(engine, now=now, name="Mare Street chicken shop"), ["YP-104233"])
    post = refer(bot, standin)
    bot.driver().click(COORDINATOR.id, post, Button.ACCEPT)
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    assert bot.driver().submit(COORDINATOR.id, view, {ScreenField.TARGET: "new"}).json() == {}
    settle(bot)
    new_ref = "EFRP-2026-0002"

    reply = _efh(bot, standin, TEACHER.id, f"links {shop.ref}")
    text = str(reply["blocks"])
    assert new_ref in text and "through YP-104233" in text and "CS123456" not in text
    assert [(e.actor, e.ref) for e in _audit(bot, "context.links_viewed")] == [(TEACHER.id, shop.ref)]

    record = str(_efh(bot, standin, TEACHER.id, f"context {new_ref}")["blocks"])
    assert "Links to other contexts" in record and f"YP-104233 is also linked to {shop.ref} (open)" in record

    refused = _efh(bot, standin, OUTSIDER.id, f"links {shop.ref}")
    assert "Only members of the panel" in refused["text"] and new_ref not in str(refused)
    assert len(_audit(bot, "context.links_viewed")) == 1
    assert "Usage: `/efh links REF`" in _efh(bot, standin, TEACHER.id, "links")["text"]
