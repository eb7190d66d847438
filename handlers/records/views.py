"""Block Kit for a context's record, shown privately by `/efh context REF`."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from bot.core.templating import render
from bot.domain.enums import ContextKind, Level
from bot.records.record import ContextRecord
from handlers import blocks, metadata
from handlers.meetings.ids import Button, DecisionButton

__all__ = ["record_message", "record_text"]


def record_text(env: Environment, record: ContextRecord) -> str:
    """The record as mrkdwn."""
    c = record.context
    superseded = {d.supersedes_id for d in record.decisions if d.supersedes_id}
    return render(
        env,
        "context_record.j2",
        c=c,
        kind=ContextKind(c.kind).label,
        level=Level(c.level).label,
        referrals=record.referrals,
        assessments=record.assessments,
        decisions=record.decisions,
        superseded=superseded,
        goals=record.goals,
        actions=record.actions,
        reviews=record.reviews,
    )


def record_message(env: Environment, record: ContextRecord, *, can_amend: bool) -> dict[str, Any]:
    """The record as a private message, with an Amend decision button when the reader may amend it."""
    body = [blocks.header(f"Record of {record.context.ref}"), *blocks.sections(record_text(env, record))]
    if can_amend:
        value = metadata.dump(DecisionButton(context_id=record.context.id or 0))
        body.append(blocks.actions([blocks.button("Amend decision", Button.AMEND_DECISION, value)]))
    return blocks.message(f"Record of {record.context.ref}", body)
