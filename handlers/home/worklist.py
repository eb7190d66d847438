"""The coordinators' worklist on the Home tab: referrals to screen, open contexts with their next step."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.owed import as_date
from bot.domain.enums import Level, Urgency
from bot.domain.wording import enum_label
from handlers import blocks, metadata
from handlers.meetings.ids import Button as MeetingButton
from handlers.meetings.ids import DecisionButton
from handlers.mrkdwn import escape
from handlers.records.views import details_button, open_record_button
from handlers.referrals.ids import Button as ScreenButton
from handlers.referrals.ids import ReferralRef
from handlers.referrals.messages import URGENCY_ICON, clip
from handlers.reviews.views import review_button


def worklist_blocks(facts: dict[str, Any] | None, today: date) -> list[blocks.Block]:
    """At most 2 + 2 x (5 + 8) + 2 blocks: each listed item is a line and its buttons."""
    if facts is None:
        return []
    out: list[blocks.Block] = [blocks.divider(), blocks.header("Worklist (coordinators)")]
    waiting = facts["to_screen_total"]
    out.append(blocks.section(f"*Referrals to screen: {waiting}*" + ("" if waiting else "\nnone")))
    for r in facts["to_screen"]:
        out.extend(_referral(r))
    if waiting > len(facts["to_screen"]):
        out.append(blocks.context(f"…and {waiting - len(facts['to_screen'])} more in the panel channel."))
    total = facts["contexts_total"]
    out.append(
        blocks.section(
            f"*Open contexts: {total}*, those needing the panel first" if total else "*Open contexts:* none"
        )
    )
    for c in facts["contexts"]:
        out.extend(_context(c, today))
    if total > len(facts["contexts"]):
        out.append(blocks.context(f"…and {total - len(facts['contexts'])} more: `/efh find TEXT` finds any."))
    return out


def offered_in(facts: dict[str, Any] | None) -> set[int]:
    """The contexts the worklist lists with Start review (their review is their next step)."""
    return {int(c["id"]) for c in (facts or {}).get("contexts", []) if c["step"] == "review"}


def _referral(r: dict[str, Any]) -> list[blocks.Block]:
    urgency = Urgency(r["urgency"])
    asked = " · _more information asked_" if r["status"] == "info_requested" else ""
    text = f"{URGENCY_ICON[urgency]} *{escape(r['ref'])}* · {escape(clip(r['name'], 150))}{asked}"
    value = metadata.dump(ReferralRef(referral_id=r["id"]))
    buttons = [
        details_button(r["id"]),
        blocks.button("Accept", ScreenButton.ACCEPT, value, style="primary"),
        blocks.button("Decline", ScreenButton.DECLINE, value),
        blocks.button("Ask for information", ScreenButton.ASK, value),
    ]
    return [blocks.section(text), blocks.actions(buttons, block_id=f"home-screen-{r['id']}")]


def _context(c: dict[str, Any], today: date) -> list[blocks.Block]:
    review_on = as_date(c["review_on"])
    if c["step"] == "decide":
        step = "Next: the panel's first decision"
    elif c["step"] == "review" and review_on is not None:
        late = ":red_circle: " if review_on < today else ""
        step = f"Next: {late}review due {review_on:%a %d %b %Y}"
    elif c["step"] == "chase":
        step = "Next: chase overdue actions"
    else:
        step = f"Next review {review_on:%a %d %b %Y}" if review_on else "Next: set a review date"
    if c["overdue_actions"]:
        step += f" · *{c['overdue_actions']}* overdue action{'s' if c['overdue_actions'] != 1 else ''}"
    level = enum_label(c["level"], Level)
    text = f"*{escape(c['ref'])}* · {escape(clip(c['name'], 150))} · {level}\n{step}"
    buttons = [open_record_button(c["id"])]
    if c["step"] == "decide":
        value = metadata.dump(DecisionButton(context_id=c["id"]))
        buttons.append(
            blocks.button("Record decision", MeetingButton.RECORD_DECISION, value, style="primary")
        )
    elif c["step"] == "review":
        buttons.append(review_button(c["id"]))
    return [blocks.section(text), blocks.actions(buttons, block_id=f"home-context-{c['id']}")]
