"""Screening in the panel channel: Accept / Decline / Ask for information, and the referrer's Answer.

Buttons ack first; a form is acked once what it carries is stored. Listeners raise typed errors;
the guard tells the person privately.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.records import links
from bot.referrals import forms, screening
from handlers.metadata import from_view
from handlers.permissions import deps_of, require_coordinator, user_of
from handlers.referrals import views
from handlers.referrals.ids import (
    Button,
    Callback,
    QuestionRef,
    ReferralRef,
    clicked_question,
    clicked_referral,
)
from handlers.referrals.listeners import validated

DOING = "screen referrals"


def register(app: App) -> None:
    """Register the screening buttons and modals."""
    for button, build in views.COORDINATOR_MODALS.items():
        app.action(button)(_coordinator_opens(build))
    app.action(Button.ANSWER)(_answer_clicked)
    app.view(Callback.ACCEPT)(_accept_submitted)
    app.view(Callback.DECLINE)(_decline_submitted)
    app.view(Callback.ASK)(_ask_submitted)
    app.view(Callback.ANSWER)(_answer_submitted)


def _coordinator_opens(build: views.ScreeningModal) -> Callable[..., None]:
    """A listener for a screening button: a coordinator gets the modal `build` makes for the referral."""

    def listener(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        deps = deps_of(context)
        require_coordinator(deps, user_of(body), DOING)
        referral_id = clicked_referral(body).referral_id
        referral, matches, last = screening.open_for_screening(
            deps, referral_id=referral_id, user=user_of(body)
        )
        opened = ReferralRef(referral_id, last_question_id=last)
        shows_links = build is views.accept_modal  # only the accept modal shows links: only it is audited
        linked = (
            links.referral_notes(deps, user=user_of(body), referral_id=referral_id) if shows_links else []
        )
        view = build(deps.jinja, referral, matches, opened, linked)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    return listener


def _answer_clicked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    request, referral = screening.open_question(
        deps, request_id=clicked_question(body).request_id, user=user_of(body)
    )
    client.views_open(trigger_id=body["trigger_id"], view=views.answer_modal(deps.jinja, referral, request))


def _accept_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    form = validated(forms.parse_accept, view)
    deps = deps_of(context)
    require_coordinator(deps, user_of(body), DOING)
    opened = from_view(ReferralRef, view)
    screening.accept(
        deps,
        referral_id=opened.referral_id,
        by=user_of(body),
        join_context_id=form.join_context_id,
        last_question_id=opened.last_question_id,
    )
    ack()


def _decline_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    form = validated(lambda values: forms.parse_decline(values, today=deps.today()), view)
    require_coordinator(deps, user_of(body), DOING)
    opened = from_view(ReferralRef, view)
    screening.decline(
        deps,
        referral_id=opened.referral_id,
        by=user_of(body),
        reason=form.reason,
        signposted_to=form.signposted_to,
        last_question_id=opened.last_question_id,
    )
    ack()


def _ask_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    form = validated(lambda values: forms.parse_question(values, today=deps.today()), view)
    require_coordinator(deps, user_of(body), DOING)
    opened = from_view(ReferralRef, view)
    screening.ask(
        deps,
        referral_id=opened.referral_id,
        by=user_of(body),
        question=form.text,
        view_id=str(view["id"]),
        last_question_id=opened.last_question_id,
    )
    ack()


def _answer_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    form = validated(lambda values: forms.parse_answer(values, today=deps.today()), view)
    screening.answer(
        deps,
        request_id=from_view(QuestionRef, view).request_id,
        user=user_of(body),
        text=form.text,
        view_id=str(view["id"]),
    )
    ack()
