"""Block Kit for a context's record, shown privately by `/efh context REF`."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from bot.core.templating import render
from bot.domain.enums import ContextKind, ContextState, Level, ReferralStatus
from bot.domain.wording import enum_label
from bot.records.links import Links
from bot.records.record import ContextRecord
from bot.records.search import Match, SearchResult
from handlers import blocks, metadata
from handlers.meetings.ids import Button, DecisionButton
from handlers.mrkdwn import escape
from handlers.records.ids import Button as RecordButton
from handlers.records.ids import Callback as RecordCallback
from handlers.records.ids import ContextRef, details_button
from handlers.referrals.messages import clip, details_text

__all__ = [
    "details_button",
    "links_message",
    "open_record_button",
    "record_message",
    "record_modal",
    "record_text",
    "referral_details_modal",
    "search_message",
]

CUT = "…cut to fit; the full record is in `efrp export`."


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
        baseline=record.baseline_levels,
        decisions=record.decisions,
        superseded=superseded,
        goals=record.goals,
        scales=record.scales,
        actions=record.actions,
        reviews=record.reviews,
        links=record.links,
    )


def record_message(env: Environment, record: ContextRecord, *, can_amend: bool) -> dict[str, Any]:
    """The record as a private message, with an Amend decision button when the reader may amend it."""
    body = [blocks.header(f"Record of {record.context.ref}"), *blocks.sections(record_text(env, record))]
    if can_amend:
        value = metadata.dump(DecisionButton(context_id=record.context.id or 0))
        body.append(blocks.actions([blocks.button("Amend decision", Button.AMEND_DECISION, value)]))
    return blocks.message(f"Record of {record.context.ref}", body)


def record_modal(env: Environment, record: ContextRecord) -> dict[str, Any]:
    """The record as a private, read-only modal (Open record on the Home tab, in a search, on a post)."""
    body = [*blocks.sections(record_text(env, record))]
    if len(body) > blocks.SURFACE_BLOCKS:
        body = [*body[: blocks.SURFACE_BLOCKS - 1], blocks.context(CUT)]
    return blocks.modal(RecordCallback.RECORD, record.context.ref, body, submit=None, close="Close")


def referral_details_modal(env: Environment, facts: dict[str, Any]) -> dict[str, Any]:
    """A referral in full (its indicators and what the referrer wrote), privately, read-only."""
    body = [*blocks.sections(details_text(facts, env))]
    if len(body) > blocks.SURFACE_BLOCKS:
        body = [*body[: blocks.SURFACE_BLOCKS - 1], blocks.context(CUT)]
    return blocks.modal(RecordCallback.REFERRAL, str(facts["ref"]), body, submit=None, close="Close")


def open_record_button(context_id: int) -> blocks.Block:
    """The Open record button of a context (panel members see its record, privately)."""
    return blocks.button("Open record", RecordButton.OPEN_RECORD, metadata.dump(ContextRef(context_id)))


def search_message(result: SearchResult, needle: str) -> dict[str, Any]:
    """The answer to `/efh find`, privately: each match with its state, level and an Open record button."""
    shown = len(result.matches)
    intro = f"*{result.total}* match{'es' if result.total != 1 else ''} for “{escape(clip(needle, 100))}”"
    if result.total > shown:
        intro += f", the first {shown} shown: add words to narrow the search."
    if not result.total:
        intro = f"Nothing matches “{escape(clip(needle, 100))}”."
    body = [blocks.section(intro), *(_match_line(m) for m in result.matches)]
    return blocks.message(f"{result.total} matches", body)


def links_message(found: Links) -> dict[str, Any]:
    """The answer to `/efh links REF`, privately: each linked context and the references it shares."""
    by_context: dict[str, list[str]] = {}
    for ref, contexts in found.shared.items():
        for ctx in contexts:
            by_context.setdefault(ctx, []).append(ref)
    states = {n.ref: (n.name, n.level, n.state) for n in found.nodes}
    if not by_context:
        return blocks.message(
            f"{found.ref}: no links",
            [blocks.section(f"*{escape(found.ref)}* shares no case reference with another context.")],
        )
    lines = [
        f"*{escape(found.ref)}* shares case references with {len(by_context)} "
        f"context{'s' if len(by_context) != 1 else ''}:"
    ]
    for ctx, refs in sorted(by_context.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        name, level, state = states.get(ctx, ("", "", ""))
        lines.append(
            f"• *{escape(ctx)}* {escape(clip(name, 100))} · {enum_label(level, Level)} · "
            f"{enum_label(state, ContextState)}: through {escape(', '.join(refs[:20]))}"
        )
    return blocks.message(f"{found.ref}: {len(by_context)} linked", [*blocks.sections("\n".join(lines[:40]))])


def _match_line(m: Match) -> blocks.Block:
    kind = enum_label(m.kind, ContextKind)
    level = enum_label(m.level, Level)
    if m.is_context:
        state = enum_label(m.state, ContextState)
        text = f"*{escape(m.ref)}* · {escape(clip(m.name, 150))} · {kind}\n"
        text += f"{escape(clip(m.area, 150))} · {state} · {level}"
        return blocks.section(text, accessory=open_record_button(m.id))
    state = enum_label(m.state, ReferralStatus)
    text = (
        f"*{escape(m.ref)}* (referral) · {escape(clip(m.name, 150))} · {kind}\n"
        f"{escape(clip(m.area, 150))} · {state} · suggested {level}"
    )
    return blocks.section(text, accessory=details_button(m.id))
