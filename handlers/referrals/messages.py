"""What referral intake and screening say in Slack: the panel post and the referrer's DMs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from bot.core.templating import render
from bot.domain import catalogue
from bot.domain.enums import ContextKind, HarmType, Level, ReferralStatus, SharingBasis, Urgency
from handlers import blocks
from handlers.mrkdwn import escape
from handlers.referrals.ids import Button
from storage.contexts import Context
from storage.referrals import OPEN_STATUSES, InfoRequest, Referral

URGENCY_ICON = {
    Urgency.RED: ":red_circle:",
    Urgency.AMBER: ":large_orange_circle:",
    Urgency.GREEN: ":large_green_circle:",
}

# (free-text budget in escaped characters, list indicators by ID only): tried in turn until the post fits.
_FIT_STEPS = ((1500, False), (800, False), (400, False), (400, True), (150, True), (60, True))


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


@dataclass(frozen=True)
class IndicatorGroup:
    """Indicators of one level, for the panel post."""

    title: str
    items: list[catalogue.Indicator]

    @property
    def ids(self) -> list[str]:
        """The stable IDs of the group's indicators."""
        return [i.id for i in self.items]


def indicator_groups(indicator_ids: list[str]) -> list[IndicatorGroup]:
    """The chosen indicators grouped by level, highest first, protective signs last."""
    chosen = [i for i in (catalogue.get(x) for x in indicator_ids) if i is not None]
    groups: list[IndicatorGroup] = []
    for level in (Level.COMPLEX, Level.UNIVERSAL_PLUS, Level.UNIVERSAL):
        items = [i for i in catalogue.all_indicators() if i in chosen and i.level is level]
        if items:
            nature = "protective signs" if level is Level.UNIVERSAL else "concerns"
            groups.append(IndicatorGroup(f"{level.label}: {nature}", items))
    return groups


@dataclass(frozen=True)
class Screening:
    """What the panel post says about screening: the decision, and the questions asked so far."""

    context: Context | None = None
    requests: tuple[InfoRequest, ...] = ()


def _status_text(jinja: Environment, referral: Referral, screening: Screening, budget: int) -> str:
    context = screening.context
    linked = context is not None and context.ref != referral.ref
    return render(
        jinja,
        "screening_status.mrkdwn.j2",
        status=referral.status,
        by=referral.screened_by or "",
        at=referral.screened_at,
        linked=linked,
        context_ref=context.ref if context else "",
        context_name=clip(context.name, 300) if context else "",
        reason=clip(referral.decline_reason, budget),
        signposted=clip(referral.signposted_to, 400),
        asked=len(screening.requests),
        answered=sum(1 for r in screening.requests if r.answer is not None),
    )


def _panel_blocks(
    jinja: Environment, referral: Referral, screening: Screening, budget: int, compact: bool
) -> list[blocks.Block]:
    suggestion = catalogue.suggest_level(referral.indicator_ids)
    short = min(budget, 400)
    body = render(
        jinja,
        "referral_panel.mrkdwn.j2",
        kind=ContextKind(referral.context_kind),
        place=clip(referral.context_name, short),
        area=clip(referral.area, short),
        urgency=Urgency(referral.urgency),
        urgency_icon=URGENCY_ICON[Urgency(referral.urgency)],
        referrer=referral.referrer_id,
        agency=clip(referral.referrer_agency, short),
        created_at=referral.created_at,
        harm_labels=[HarmType(h).label for h in referral.harm_types],
        young_people=referral.young_people,
        basis=SharingBasis(referral.sharing_basis),
        reason=clip(referral.sharing_reason, short),
        description=clip(referral.description, budget),
        concerns=clip(referral.concerns, budget),
        level=Level(referral.suggested_level),
        reasons=suggestion.reasons if not compact else suggestion.reasons[-2:],
        indicator_groups=indicator_groups(referral.indicator_ids),
        compact=compact,
    )
    out = [
        blocks.header(f"Referral {referral.ref}"),
        *blocks.sections(body),
        blocks.divider(),
        *blocks.sections(_status_text(jinja, referral, screening, short)),
    ]
    if referral.status in OPEN_STATUSES:
        value = str(referral.id)
        out.append(
            blocks.actions(
                [
                    blocks.button("Accept", Button.ACCEPT, value, style="primary"),
                    blocks.button("Decline", Button.DECLINE, value, style="danger"),
                    blocks.button("Ask for information", Button.ASK, value),
                ],
                block_id=f"screen-{referral.id}",
            )
        )
    return out


def panel_message(jinja: Environment, referral: Referral, screening: Screening) -> dict[str, Any]:
    """The referral as the panel sees it, with screening buttons while it is unscreened; always fits Slack."""
    chosen: list[blocks.Block] = []
    for budget, compact in _FIT_STEPS:
        chosen = _panel_blocks(jinja, referral, screening, budget, compact)
        if len(json.dumps(chosen)) <= blocks.MESSAGE_BLOCKS_CHARS and len(chosen) <= blocks.MESSAGE_BLOCKS:
            break
    status = ReferralStatus(referral.status).value.replace("_", " ")
    text = f"Referral {referral.ref}: {escape(clip(referral.context_name, 200))} ({status})"
    return blocks.message(text, chosen)


def submitted_dm(jinja: Environment, referral: Referral) -> dict[str, Any]:
    """The referrer's receipt: the reference and what they themselves gave."""
    text = render(
        jinja,
        "referral_dm_submitted.mrkdwn.j2",
        place=clip(referral.context_name, 600),
        kind=ContextKind(referral.context_kind),
        ref=referral.ref,
        urgency=Urgency(referral.urgency),
    )
    return blocks.message(f"Your referral has the reference {referral.ref}", blocks.sections(text))


def accepted_dm(jinja: Environment, referral: Referral, context: Context) -> dict[str, Any]:
    """Tell the referrer their referral was accepted, and under which context reference."""
    text = render(
        jinja,
        "screening_dm_accepted.mrkdwn.j2",
        ref=referral.ref,
        place=clip(referral.context_name, 600),
        by=referral.screened_by or "",
        linked=context.ref != referral.ref,
        context_ref=context.ref,
    )
    return blocks.message(f"Your referral {referral.ref} was accepted", blocks.sections(text))


def declined_dm(jinja: Environment, referral: Referral) -> dict[str, Any]:
    """Tell the referrer their referral was declined, why, and where it was signposted."""
    text = render(
        jinja,
        "screening_dm_declined.mrkdwn.j2",
        ref=referral.ref,
        place=clip(referral.context_name, 600),
        by=referral.screened_by or "",
        reason=clip(referral.decline_reason, 2000),
        signposted=clip(referral.signposted_to, 1500),
    )
    return blocks.message(f"Your referral {referral.ref} was declined", blocks.sections(text))


def question_dm(jinja: Environment, referral: Referral, request: InfoRequest) -> dict[str, Any]:
    """The coordinator's question to the referrer, with an Answer button until it is answered."""
    text = render(
        jinja,
        "screening_dm_question.mrkdwn.j2",
        by=request.asked_by,
        ref=referral.ref,
        place=clip(referral.context_name, 600),
        question_lines=quote_lines(request.question, 2400),
        answered_at=request.answered_at,
    )
    body = blocks.sections(text)
    if request.answer is None:
        body.append(
            blocks.actions(
                [blocks.button("Answer", Button.ANSWER, str(request.id), style="primary")],
                block_id=f"answer-{request.id}",
            )
        )
    return blocks.message(f"A question about your referral {referral.ref}", body)


def question_thread(jinja: Environment, referral: Referral, request: InfoRequest) -> dict[str, Any]:
    """The question, as a reply in the panel post's thread."""
    text = render(
        jinja,
        "screening_thread_question.mrkdwn.j2",
        by=request.asked_by,
        at=request.asked_at,
        question_lines=quote_lines(request.question, 2600),
    )
    return blocks.message(f"Question to the referrer of {referral.ref}", blocks.sections(text))


def answer_thread(jinja: Environment, referral: Referral, request: InfoRequest) -> dict[str, Any]:
    """The referrer's answer, as a reply in the panel post's thread."""
    text = render(
        jinja,
        "screening_thread_answer.mrkdwn.j2",
        referrer=referral.referrer_id,
        at=request.answered_at,
        question=clip(request.question.replace("\n", " "), 200),
        answer_lines=quote_lines(request.answer or "", 2400),
    )
    return blocks.message(f"The referrer of {referral.ref} answered", blocks.sections(text))
