"""The referral form and the screening modals (accept, decline, ask the referrer, answer), in Block Kit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import Environment

from bot.core.templating import render
from bot.domain.enums import ContextKind, HarmType, Level, SharingBasis, Urgency
from bot.domain.framework import Framework
from bot.referrals.forms import (
    AGENCY_MAX,
    AREA_MAX,
    EXISTING_PREFIX,
    INDICATOR_FIELDS,
    NAME_MAX,
    NEW_CONTEXT,
    SIGNPOST_MAX,
    TEXT_MAX,
    FormField,
    ScreenField,
)
from handlers import blocks
from handlers.referrals.ids import Button, Callback, QuestionRef, ReferralRef
from handlers.referrals.messages import clip, links_text, quote_lines
from storage.contexts import Context
from storage.referrals import InfoRequest, Referral

MAX_RADIO = 10

_INDICATOR_LABELS: dict[Level, str] = {
    Level.UNIVERSAL_PLUS: "Concerns: Universal Plus / Universal Partnership Plus",
    Level.COMPLEX: "Concerns: Complex / High Risk",
    Level.UNIVERSAL: "Protective signs (Universal)",
}


# The form's parts that are the same for every referral, per framework object: built once per process.
_STATIC_PARTS: dict[int, tuple[Framework, tuple[blocks.Block, ...]]] = {}


def referral_modal(framework: Framework, *, name: str = "") -> dict[str, Any]:
    """The referral form, with the context's name filled in when the command gave one.

    Only the first blocks depend on the command; the indicator lists (most of the form's 19 KB) and the
    sharing questions are built once for the framework and shared by every form opened (never mutated).
    """
    body = [*_about_blocks(name), *_static_parts(framework)]
    return blocks.modal(Callback.REFER, "Refer a context", body, submit="Send referral")


def _static_parts(framework: Framework) -> tuple[blocks.Block, ...]:
    """The indicator and sharing blocks for a framework, built on first use and then kept."""
    cached = _STATIC_PARTS.get(id(framework))
    if cached is None or cached[0] is not framework:
        cached = (framework, (*_indicator_blocks(framework), *_people_and_sharing_blocks()))
        _STATIC_PARTS[id(framework)] = cached
    return cached[1]


def _about_blocks(name: str) -> list[blocks.Block]:
    """What and where the context is, and what worries the referrer."""
    kinds = [blocks.option(k.label, k.value) for k in ContextKind]
    return [
        blocks.section(
            "Refer a *place, group, school or online space* where young people may be unsafe. "
            "Refer young people only by their *case-system reference* (e.g. `YP-100234`): "
            "never a name or date of birth, in any field."
        ),
        blocks.input_block(FormField.KIND, "Kind of context", blocks.static_select(FormField.KIND, kinds)),
        blocks.input_block(
            FormField.NAME,
            "Name of the context",
            blocks.text_input(
                FormField.NAME,
                initial=name.strip() or None,
                max_length=NAME_MAX,
                placeholder="e.g. Stairwell, block C, Fields Estate",
            ),
        ),
        blocks.input_block(
            FormField.AREA,
            "Where it is",
            blocks.text_input(FormField.AREA, max_length=AREA_MAX),
            hint="Area, street or postcode; for an online space, the platform.",
        ),
        blocks.input_block(
            FormField.DESCRIPTION,
            "What is happening",
            blocks.text_input(FormField.DESCRIPTION, multiline=True, max_length=TEXT_MAX),
        ),
        blocks.input_block(
            FormField.CONCERNS,
            "Your concerns",
            blocks.text_input(FormField.CONCERNS, multiline=True, max_length=TEXT_MAX),
            hint="What worries you about this context and the young people who spend time there.",
        ),
    ]


def _indicator_blocks(framework: Framework) -> list[blocks.Block]:
    """One multi-select of the framework's indicators per level, grouped as the catalogue groups them."""
    out = [
        blocks.section(
            "*Indicators observed* (Context Wellbeing Framework). Pick every one you have seen, in any of "
            "the three lists; at least one. The bot suggests a level from them; the panel decides."
        )
    ]
    groups = framework.option_groups(include_protective=True)
    for level, field in INDICATOR_FIELDS.items():
        level_groups = [
            (label, [blocks.option(i.label, i.id) for i in members])
            for label, members in groups
            if members and members[0].level is level
        ]
        out.append(
            blocks.input_block(
                field,
                _INDICATOR_LABELS[level],
                blocks.multi_select(field, groups=level_groups, placeholder="Choose indicators…"),
                optional=True,
            )
        )
    return out


def _people_and_sharing_blocks() -> list[blocks.Block]:
    """Harm types, young people (references only), the referrer's agency, urgency and sharing basis."""
    harms = [blocks.option(h.label, h.value) for h in HarmType]
    urgencies = [blocks.option(u.label, u.value) for u in Urgency]
    bases = [blocks.option(b.label, b.value) for b in SharingBasis]
    return [
        blocks.input_block(
            FormField.HARM_TYPES, "Types of harm", blocks.multi_select(FormField.HARM_TYPES, options=harms)
        ),
        blocks.input_block(
            FormField.YOUNG_PEOPLE,
            "Young people linked (case-system references only)",
            blocks.text_input(
                FormField.YOUNG_PEOPLE, max_length=1000, placeholder="e.g. YP-100234, CS123456"
            ),
            optional=True,
            hint="References only, separated by commas or spaces. Never a name or a date of birth.",
        ),
        blocks.input_block(
            FormField.AGENCY,
            "Your agency",
            blocks.text_input(
                FormField.AGENCY, max_length=AGENCY_MAX, placeholder="e.g. Education, Police, Housing"
            ),
        ),
        blocks.input_block(FormField.URGENCY, "Urgency", blocks.radio(FormField.URGENCY, urgencies)),
        blocks.input_block(
            FormField.SHARING_BASIS,
            "Basis for sharing this information",
            blocks.radio(FormField.SHARING_BASIS, bases),
        ),
        blocks.input_block(
            FormField.SHARING_REASON,
            "Why sharing is necessary",
            blocks.text_input(FormField.SHARING_REASON, multiline=True, max_length=TEXT_MAX),
            optional=True,
            hint="Required when sharing without consent: a short reason why it is necessary and "
            "proportionate.",
        ),
    ]


def _summary(jinja: Environment, referral: Referral, note: str = "") -> blocks.Block:
    text = render(
        jinja,
        "screening_modal_summary.mrkdwn.j2",
        ref=referral.ref,
        kind=ContextKind(referral.context_kind),
        place=clip(referral.context_name, 600),
        area=clip(referral.area, 600),
        urgency=Urgency(referral.urgency),
        screen_by=referral.screen_by,
        note=note,
    )
    return blocks.section(text)


def accept_modal(
    jinja: Environment,
    referral: Referral,
    matches: list[Context],
    opened: ReferralRef,
    links: Sequence[str] = (),
) -> dict[str, Any]:
    """Accept: open a new context or join a similar open one; what links it to other contexts is shown."""
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
        *([blocks.section(links_text(list(links)).strip())] if links else []),
    ]
    return blocks.modal(
        Callback.ACCEPT,
        "Accept referral",
        body,
        submit="Accept",
        private_metadata=opened,
    )


def decline_modal(jinja: Environment, referral: Referral, opened: ReferralRef) -> dict[str, Any]:
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
        private_metadata=opened,
    )


def ask_modal(jinja: Environment, referral: Referral, opened: ReferralRef) -> dict[str, Any]:
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
        private_metadata=opened,
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
        private_metadata=QuestionRef(request_id=request.id or 0),
    )


ScreeningModal = Callable[[Environment, Referral, list[Context], ReferralRef, Sequence[str]], dict[str, Any]]
"""Builds a screening button's modal: the referral, contexts it might join, what it carries, its links."""

COORDINATOR_MODALS: dict[Button, ScreeningModal] = {
    Button.ACCEPT: accept_modal,
    Button.DECLINE: lambda jinja, referral, _matches, opened, _links: decline_modal(jinja, referral, opened),
    Button.ASK: lambda jinja, referral, _matches, opened, _links: ask_modal(jinja, referral, opened),
}
"""The screening buttons that only coordinators may press, and the modal each opens."""
