"""What referral intake and screening say in Slack: the panel post, its thread, and the referrer's DMs.

Each renderer turns the facts a use case recorded (`bot.referrals.owing`) into a Slack message.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment

from bot.core.owed import as_date, as_datetime
from bot.core.templating import render
from bot.domain.enums import ContextKind, HarmType, Level, ReferralStatus, SharingBasis, Urgency
from handlers import blocks, metadata
from handlers.mrkdwn import escape
from handlers.records.ids import details_button
from handlers.referrals.ids import Button, QuestionRef, ReferralRef
from handlers.render import Renderer
from storage.referrals import OPEN_STATUSES

URGENCY_ICON = {
    Urgency.RED: ":red_circle:",
    Urgency.AMBER: ":large_orange_circle:",
    Urgency.GREEN: ":large_green_circle:",
}

# (free-text budget in escaped characters, list indicators by ID only): tried in turn until the post fits.
_FIT_STEPS = ((1500, False), (800, False), (400, False), (400, True), (150, True), (60, True))

Facts = dict[str, Any]


def clip(raw: str | None, limit: int) -> str:
    """User text cut so that its mrkdwn-escaped form fits within a limit; an ellipsis marks a cut."""
    text = raw or ""
    if len(escape(text)) <= limit:
        return text
    kept: list[str] = []
    size = 0
    for ch in text:
        size += len(escape(ch))
        if size > limit - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def quote_lines(raw: str, limit: int) -> list[str]:
    """User text clipped and split into lines for a block quote."""
    return clip(raw, limit).splitlines() or [""]


def panel_message(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """The referral as the panel sees it, with screening buttons while it is unscreened; always fits Slack."""
    chosen: list[blocks.Block] = []
    for budget, compact in _FIT_STEPS:
        chosen = _panel_blocks(jinja, facts, budget, compact)
        if len(json.dumps(chosen)) <= blocks.MESSAGE_BLOCKS_CHARS and len(chosen) <= blocks.MESSAGE_BLOCKS:
            break
    status = ReferralStatus(facts["status"]).value.replace("_", " ")
    text = f"Referral {facts['ref']}: {escape(clip(facts['name'], 200))} ({status})"
    return blocks.message(text, chosen)


def _panel_blocks(jinja: Environment, facts: Facts, budget: int, compact: bool) -> list[blocks.Block]:
    """The post is short (kind, name, urgency, suggested level, counts, buttons); Details has the rest."""
    short = min(budget, 400)
    out = [
        *blocks.sections(_post_summary(jinja, facts, short)),
        *blocks.sections(_status_text(jinja, facts, short)),
    ]
    buttons = [details_button(facts["referral_id"])]
    if facts["status"] in OPEN_STATUSES:
        value = metadata.dump(ReferralRef(referral_id=facts["referral_id"]))
        buttons += [
            blocks.button("Accept", Button.ACCEPT, value, style="primary"),
            blocks.button("Decline", Button.DECLINE, value, style="danger"),
            blocks.button("Ask for information", Button.ASK, value),
        ]
    out.append(blocks.actions(buttons, block_id=f"screen-{facts['referral_id']}"))
    return out


def _protective(group: dict[str, Any]) -> bool:
    # Posts recorded before groups carried their level are told apart by their title.
    return bool(group.get("level") == Level.UNIVERSAL or group["title"].endswith("protective signs"))


def _post_summary(jinja: Environment, facts: Facts, short: int) -> str:
    urgency = Urgency(facts["urgency"])
    groups = facts["indicator_groups"]
    protective = sum(len(g["items"]) for g in groups if _protective(g))
    return render(
        jinja,
        "referral_post.mrkdwn.j2",
        ref=facts["ref"],
        kind=ContextKind(facts["context_kind"]),
        place=clip(facts["name"], short),
        area=clip(facts["area"], short),
        urgency=urgency,
        urgency_icon=URGENCY_ICON[urgency],
        level=Level(facts["suggested_level"]),
        concerns=sum(len(g["items"]) for g in groups) - protective,
        protective=protective,
        young_people=len(facts["young_people"]),
        harm_labels=[HarmType(h).label for h in facts["harm_types"]],
        referrer=facts["referrer"],
        agency=clip(facts["agency"], short),
        created_at=as_datetime(facts["created_at"]),
    )


def _panel_body(jinja: Environment, facts: Facts, budget: int, compact: bool) -> str:
    short = min(budget, 400)
    urgency = Urgency(facts["urgency"])
    return render(
        jinja,
        "referral_panel.mrkdwn.j2",
        kind=ContextKind(facts["context_kind"]),
        place=clip(facts["name"], short),
        area=clip(facts["area"], short),
        urgency=urgency,
        urgency_icon=URGENCY_ICON[urgency],
        referrer=facts["referrer"],
        agency=clip(facts["agency"], short),
        created_at=as_datetime(facts["created_at"]),
        harm_labels=[HarmType(h).label for h in facts["harm_types"]],
        young_people=facts["young_people"],
        basis=SharingBasis(facts["sharing_basis"]),
        reason=clip(facts["sharing_reason"], short),
        description=clip(facts["description"], budget),
        concerns=clip(facts["concerns"], budget),
        level=Level(facts["suggested_level"]),
        reasons=facts["suggestion_reasons"] if not compact else facts["suggestion_reasons"][-2:],
        indicator_groups=facts["indicator_groups"],
        compact=compact,
    )


def details_text(facts: Facts, jinja: Environment) -> str:
    """The whole referral as the panel reads it in its Details (indicators and narrative in full)."""
    body = _panel_body(jinja, facts, 2800, False)
    return body + "\n\n" + _status_text(jinja, facts, 1500) + links_text(facts.get("links", []))


def links_text(lines: list[str]) -> str:
    """What links a referral to other contexts, as mrkdwn ('' when nothing does)."""
    if not lines:
        return ""
    shown = "\n".join(f"• {escape(clip(line, 300))}" for line in lines[:10])
    return f"\n\n:link: *Links to other contexts* (panel members only)\n{shown}"


def _status_text(jinja: Environment, facts: Facts, budget: int) -> str:
    context_ref = facts["context_ref"]
    return render(
        jinja,
        "screening_status.mrkdwn.j2",
        status=facts["status"],
        by=facts["screened_by"] or "",
        at=as_datetime(facts["screened_at"]),
        linked=context_ref is not None and context_ref != facts["ref"],
        context_ref=context_ref or "",
        context_name=clip(facts["context_name"], 300) if context_ref is not None else "",
        reason=clip(facts["decline_reason"], budget),
        signposted=clip(facts["signposted_to"], 400),
        asked=facts["questions_asked"],
        answered=facts["questions_answered"],
        alert=facts.get("alert", []),
        screen_by=as_datetime(facts.get("screen_by")),
    )


def submitted_dm(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """The referrer's receipt: the reference and what they themselves gave."""
    text = render(
        jinja,
        "referral_dm_submitted.mrkdwn.j2",
        place=clip(facts["name"], 600),
        kind=ContextKind(facts["context_kind"]),
        ref=facts["ref"],
        urgency=Urgency(facts["urgency"]),
    )
    return blocks.message(f"Your referral has the reference {facts['ref']}", blocks.sections(text))


def screen_dm(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """A coordinator's alert or reminder that a referral waits for screening: reference, kind, urgency."""
    text = render(
        jinja,
        "screening_dm_coordinator.mrkdwn.j2",
        what=facts["what"],
        ref=facts["ref"],
        kind=ContextKind(facts["context_kind"]),
        urgency=Urgency(facts["urgency"]),
        urgency_icon=URGENCY_ICON[Urgency(facts["urgency"])],
        screen_by=as_datetime(facts["screen_by"]),
    )
    return blocks.message(f"Referral {facts['ref']} waits for screening", blocks.sections(text))


def screen_overdue(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """The panel told which referrals are past their screening deadline (reference, kind, urgency)."""
    items = [
        {
            "ref": it["ref"],
            "kind": ContextKind(it["context_kind"]),
            "urgency": Urgency(it["urgency"]),
            "icon": URGENCY_ICON[Urgency(it["urgency"])],
            "screen_by": as_datetime(it["screen_by"]),
        }
        for it in facts["items"]
    ]
    text = render(jinja, "screening_overdue.mrkdwn.j2", items=items, total=facts["total"])
    return blocks.message(
        f"{facts['total']} referral(s) past their screening deadline", blocks.sections(text)
    )


def accepted_dm(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """Tell the referrer their referral was accepted, and under which context reference."""
    text = render(
        jinja,
        "screening_dm_accepted.mrkdwn.j2",
        ref=facts["ref"],
        place=clip(facts["name"], 600),
        by=facts["by"],
        linked=facts["context_ref"] != facts["ref"],
        context_ref=facts["context_ref"],
    )
    return blocks.message(f"Your referral {facts['ref']} was accepted", blocks.sections(text))


def declined_dm(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """Tell the referrer their referral was declined, why, and where it was signposted."""
    text = render(
        jinja,
        "screening_dm_declined.mrkdwn.j2",
        ref=facts["ref"],
        place=clip(facts["name"], 600),
        by=facts["by"],
        reason=clip(facts["reason"], 2000),
        signposted=clip(facts["signposted_to"], 1500),
    )
    return blocks.message(f"Your referral {facts['ref']} was declined", blocks.sections(text))


def decided_dm(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """Tell the referrer what the panel first decided on their context: the level agreed, by reference."""
    text = render(
        jinja,
        "referral_dm_decided.mrkdwn.j2",
        ref=facts["ref"],
        context_ref=facts["context_ref"],
        level=facts["level"],
        review_on=as_date(facts["review_on"]),
    )
    return blocks.message(f"The panel decided on your referral {facts['ref']}", blocks.sections(text))


def closed_dm(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """Tell the referrer the panel's work on their context ended (closed or stepped down), by reference."""
    text = render(
        jinja,
        "referral_dm_closed.mrkdwn.j2",
        ref=facts["ref"],
        context_ref=facts["context_ref"],
        state=facts["state"],
        outcome=facts["outcome"],
    )
    return blocks.message(f"The panel's work on your referral {facts['ref']} ended", blocks.sections(text))


def context_note(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """What later happened to the context, as a reply in its referral post's thread (one line)."""
    text = render(
        jinja,
        "referral_context_note.mrkdwn.j2",
        what=facts["what"],
        context_ref=facts["context_ref"],
        by=facts.get("by") or "",
        version=int(facts.get("version") or 1),
        level=facts.get("level"),
        decision=facts.get("decision"),
        outcome=facts.get("outcome"),
        review_on=as_date(facts.get("review_on")),
    )
    return blocks.message(f"{facts['context_ref']}: {facts['what']}", blocks.sections(text))


def question_dm(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """The coordinator's question to the referrer, with an Answer button until it is answered."""
    text = render(
        jinja,
        "screening_dm_question.mrkdwn.j2",
        by=facts["asked_by"],
        ref=facts["ref"],
        place=clip(facts["name"], 600),
        question_lines=quote_lines(facts["question"], 2400),
        answered_at=as_datetime(facts["answered_at"]),
    )
    body = blocks.sections(text)
    if not facts["answered"]:
        value = metadata.dump(QuestionRef(request_id=facts["request_id"]))
        body.append(
            blocks.actions(
                [blocks.button("Answer", Button.ANSWER, value, style="primary")],
                block_id=f"answer-{facts['request_id']}",
            )
        )
    return blocks.message(f"A question about your referral {facts['ref']}", body)


def question_panel(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """The question, as a reply in the panel post's thread."""
    text = render(
        jinja,
        "screening_thread_question.mrkdwn.j2",
        by=facts["asked_by"],
        at=as_datetime(facts["asked_at"]),
        question_lines=quote_lines(facts["question"], 2600),
    )
    return blocks.message(f"Question to the referrer of {facts['ref']}", blocks.sections(text))


def answer_panel(facts: Facts, jinja: Environment) -> dict[str, Any]:
    """The referrer's answer, as a reply in the panel post's thread."""
    text = render(
        jinja,
        "screening_thread_answer.mrkdwn.j2",
        referrer=facts["referrer"],
        at=as_datetime(facts["answered_at"]),
        question=clip(facts["question"].replace("\n", " "), 200),
        answer_lines=quote_lines(facts["answer"], 2400),
    )
    return blocks.message(f"The referrer of {facts['ref']} answered", blocks.sections(text))


RENDERERS: dict[str, Renderer] = {
    "referral.panel": panel_message,
    "referral.submitted_dm": submitted_dm,
    "referral.screen_dm": screen_dm,
    "referral.screen_overdue": screen_overdue,
    "referral.accepted_dm": accepted_dm,
    "referral.declined_dm": declined_dm,
    "referral.decided_dm": decided_dm,
    "referral.closed_dm": closed_dm,
    "referral.context_note": context_note,
    "referral.question_dm": question_dm,
    "referral.question_panel": question_panel,
    "referral.answer_panel": answer_panel,
}
"""Every message kind of referral intake and screening, and its renderer."""
