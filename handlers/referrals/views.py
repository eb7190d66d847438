"""The screening modals: accept (new context or join one), decline, ask the referrer, and answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from jinja2 import Environment

from bot.core.errors import InvalidInput, NotFound
from bot.core.templating import render
from bot.domain.enums import ContextKind, Level, Urgency
from handlers import blocks
from handlers.referrals.ids import EXISTING_PREFIX, NEW_CONTEXT, Button, Callback, ScreenField
from handlers.referrals.messages import clip, quote_lines
from storage.contexts import Context
from storage.referrals import InfoRequest, Referral

SIGNPOST_MAX = 300  # Referral.signposted_to
MAX_RADIO = 10


def _summary(jinja: Environment, referral: Referral, note: str = "") -> blocks.Block:
    text = render(
        jinja,
        "screening_modal_summary.mrkdwn.j2",
        ref=referral.ref,
        kind=ContextKind(referral.context_kind),
        place=clip(referral.context_name, 600),
        area=clip(referral.area, 600),
        urgency=Urgency(referral.urgency),
        note=note,
    )
    return blocks.section(text)


def accept_modal(jinja: Environment, referral: Referral, matches: list[Context]) -> dict[str, Any]:
    """Accept: open a new context, or join one of the open contexts of the same kind with a similar name."""
    choices = [blocks.option("Open as a new context", NEW_CONTEXT)]
    for ctx in matches[: MAX_RADIO - 1]:
        level = Level(ctx.level).label if ctx.level in {lv.value for lv in Level} else ctx.level
        choices.append(
            blocks.option(
                f"Join {ctx.ref}: {ctx.name}",
                f"{EXISTING_PREFIX}{ctx.id}",
                description=f"Open since {ctx.accepted_at:%d %b %Y} · {level}",
            )
        )
    note = (
        "Open contexts of the same kind with a similar name are offered below: join one if this referral "
        "is about the same place or group."
        if matches
        else "No open context of this kind has a similar name, so this referral opens a new context."
    )
    body = [
        _summary(jinja, referral, note),
        blocks.input_block(
            ScreenField.TARGET, "Accept as", blocks.radio(ScreenField.TARGET, choices, initial=NEW_CONTEXT)
        ),
        blocks.context(
            "A new context goes on the next panel agenda. Joining adds this referral's indicators to "
            "that context as a new assessment."
        ),
    ]
    return blocks.modal(
        Callback.ACCEPT,
        "Accept referral",
        body,
        submit="Accept",
        private_metadata={"referral_id": referral.id},
    )


def decline_modal(jinja: Environment, referral: Referral) -> dict[str, Any]:
    """Decline: a reason and where the concern was signposted (both go to the referrer)."""
    body = [
        _summary(jinja, referral, "The referrer will see the reason and the signposting below."),
        blocks.input_block(
            ScreenField.DECLINE_REASON,
            "Reason",
            blocks.text_input(ScreenField.DECLINE_REASON, multiline=True),
        ),
        blocks.input_block(
            ScreenField.SIGNPOSTED_TO,
            "Signposted to",
            blocks.text_input(
                ScreenField.SIGNPOSTED_TO,
                max_length=SIGNPOST_MAX,
                placeholder="e.g. Early Help, the school's DSL, Community Safety",
            ),
            hint="Where the concern was passed on; write 'not signposted' if nowhere.",
        ),
    ]
    return blocks.modal(
        Callback.DECLINE,
        "Decline referral",
        body,
        submit="Decline",
        private_metadata={"referral_id": referral.id},
    )


def ask_modal(jinja: Environment, referral: Referral) -> dict[str, Any]:
    """Ask the referrer a question; they answer in a modal and the answer joins the referral."""
    body = [
        _summary(
            jinja, referral, "The referrer gets your question in a direct message, with a button to answer."
        ),
        blocks.input_block(
            ScreenField.QUESTION, "Your question", blocks.text_input(ScreenField.QUESTION, multiline=True)
        ),
    ]
    return blocks.modal(
        Callback.ASK,
        "Ask for information",
        body,
        submit="Send question",
        private_metadata={"referral_id": referral.id},
    )


def answer_modal(jinja: Environment, referral: Referral, request: InfoRequest) -> dict[str, Any]:
    """The referrer's answer to a coordinator's question."""
    body = [
        _summary(jinja, referral),
        *blocks.sections(
            render(
                jinja,
                "screening_thread_question.mrkdwn.j2",
                by=request.asked_by,
                at=request.asked_at,
                question_lines=quote_lines(request.question, 2400),
            )
        ),
        blocks.input_block(
            ScreenField.ANSWER,
            "Your answer",
            blocks.text_input(ScreenField.ANSWER, multiline=True),
            hint="Young people only as case-system references, never names or dates of birth.",
        ),
    ]
    return blocks.modal(
        Callback.ANSWER,
        "Answer the panel",
        body,
        submit="Send answer",
        private_metadata={"request_id": request.id},
    )


def metadata_id(view: dict[str, Any], key: str) -> int:
    """A record ID the bot put in a modal's private_metadata."""
    try:
        return int(json.loads(view.get("private_metadata") or "{}")[key])
    except (ValueError, KeyError, TypeError) as exc:
        raise NotFound("This form is out of date; please start again. Nothing was changed.") from exc


def required_text(values: dict[str, Any], field: ScreenField, limit: int, label: str) -> str:
    """A required text answer within a length; InvalidInput on that field otherwise."""
    value = str(values.get(field) or "").strip()
    if not value:
        raise InvalidInput(f"Please give {label}.", {field: f"Please give {label}."})
    if len(value) > limit:
        message = f"Please keep this to {limit} characters (it has {len(value)})."
        raise InvalidInput(message, {field: message})
    return value


def accept_choice(values: dict[str, Any]) -> int | None:
    """The context to join (its ID), or None to open a new context."""
    raw = str(values.get(ScreenField.TARGET) or NEW_CONTEXT)
    if raw == NEW_CONTEXT:
        return None
    if raw.startswith(EXISTING_PREFIX) and raw[len(EXISTING_PREFIX) :].isdigit():
        return int(raw[len(EXISTING_PREFIX) :])
    raise InvalidInput("Please choose again.", {ScreenField.TARGET: "Please choose again."})


ScreeningModal = Callable[[Environment, Referral, list[Context]], dict[str, Any]]
"""Builds the modal a coordinator's screening button opens, for a referral and its possible contexts."""

COORDINATOR_MODALS: dict[Button, ScreeningModal] = {
    Button.ACCEPT: accept_modal,
    Button.DECLINE: lambda jinja, referral, _matches: decline_modal(jinja, referral),
    Button.ASK: lambda jinja, referral, _matches: ask_modal(jinja, referral),
}
"""The screening buttons that only coordinators may press, and the modal each opens."""
