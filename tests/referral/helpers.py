"""Shared steps for the referral tests: fill in and submit the form, find the panel post, screen it."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.standin.driver import Reply
from bot.standin.harness import PANEL, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.referrals.ids import COMMAND, FormField
from storage import outbox
from storage.audit import AuditEvent
from storage.contexts import Assessment, Context
from storage.db import session_scope
from storage.outbox import OutboxMessage
from storage.referrals import InfoRequest, Referral
from tests.conftest import wait_for

GOOD: dict[str, Any] = {
    FormField.KIND: "public_space",
    FormField.NAME: "Stairwell, block C, Fields Estate",
    FormField.AREA: "Fields Estate, E8",
    FormField.DESCRIPTION: "Young people gather in the stairwell after school; adults sell cannabis there.",
    FormField.CONCERNS: "Year 9 pupils are being asked to hold packages.",
    FormField.INDICATORS_UP: ["UP-B-04", "UP-RA-04"],
    FormField.INDICATORS_PROTECTIVE: ["U-RA-02"],
    FormField.HARM_TYPES: ["cce"],
    FormField.YOUNG_PEOPLE: "YP-104233, CS123456",
    FormField.AGENCY: "Education",
    FormField.URGENCY: "amber",
    FormField.SHARING_BASIS: "safeguarding",
    FormField.SHARING_REASON: "Risk of exploitation; seeking consent could alert those exploiting them.",
}


def settle(bot: LocalBot) -> None:
    """Let the bot finish its listeners and deliver everything, including rows its worker is sending."""
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        busy = outbox.pending_count(session=s)
    if busy:
        wait_for(lambda: _idle(bot))
        bot.settle()


def _idle(bot: LocalBot) -> bool:
    with session_scope(bot.deps.engine) as s:
        return outbox.pending_count(session=s) == 0


def open_form(bot: LocalBot, standin: SlackStandin, user: str = TEACHER.id, text: str = "") -> dict[str, Any]:
    """Type /efh-refer and return the modal that opened."""
    reply = bot.driver().command(user, COMMAND, text)
    assert reply.status == 200
    settle(bot)
    view = standin.open_view(user)
    assert view is not None, "the referral form did not open"
    return view


def submit(bot: LocalBot, user: str, view: dict[str, Any], **changes: Any) -> Reply:
    """Submit the form with the good answers, some changed (field name -> value, None to leave empty)."""
    values = {str(k): v for k, v in GOOD.items()}
    values.update({str(FormField[k.upper()]): v for k, v in changes.items()})
    reply = bot.driver().submit(user, view, {k: v for k, v in values.items() if v is not None})
    settle(bot)
    return reply


def refer(bot: LocalBot, standin: SlackStandin, user: str = TEACHER.id, **changes: Any) -> Message:
    """Make a referral end to end and return its post in the panel channel."""
    before = len(standin.messages_in(PANEL))
    reply = submit(bot, user, open_form(bot, standin, user), **changes)
    assert reply.status == 200 and reply.json() == {}, reply.body
    posts = [m for m in standin.messages_in(PANEL) if m.thread_ts is None]
    assert len(standin.messages_in(PANEL)) > before
    return posts[-1]


def fresh(standin: SlackStandin, message: Message) -> Message:
    """The current state of a message (after chat.update)."""
    return next(m for m in standin.messages_in(message.channel) if m.ts == message.ts)


def message_text(message: Message) -> str:
    """Every text of a message: fallback and blocks, as Slack would parse them."""
    parts = [message.text]
    for block in message.blocks or []:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        for el in block.get("elements") or []:
            if isinstance(el.get("text"), dict | str):
                parts.append(el["text"]["text"] if isinstance(el["text"], dict) else el["text"])
    return "\n".join(parts)


def snapshot(bot: LocalBot) -> dict[str, Any]:
    """Everything screening could change in the database, for before/after comparison."""
    with session_scope(bot.deps.engine) as s:
        return {
            "referrals": [r.model_dump() for r in s.exec(select(Referral).order_by(Referral.id))],
            "contexts": [c.model_dump() for c in s.exec(select(Context).order_by(Context.id))],
            "assessments": [a.model_dump() for a in s.exec(select(Assessment).order_by(Assessment.id))],
            "requests": [r.model_dump() for r in s.exec(select(InfoRequest).order_by(InfoRequest.id))],
            "outbox": len(list(s.exec(select(OutboxMessage)))),
            "audit": len([e for e in s.exec(select(AuditEvent)) if not e.action.endswith(".viewed")]),
        }


def referrals(bot: LocalBot) -> list[Referral]:
    """Every stored referral."""
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(Referral).order_by(Referral.id)))


def audit_actions(bot: LocalBot) -> list[str]:
    """The audit trail's changes, in order (views, audited too, are tested on their own)."""
    with session_scope(bot.deps.engine) as s:
        events = s.exec(select(AuditEvent).order_by(AuditEvent.id))
        return [e.action for e in events if not e.action.endswith(".viewed")]
