"""Screening in the panel channel: Accept / Decline / Ask for information, and the referrer's Answer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.errors import EfrpError, InvalidInput, NotFound
from bot.referrals import screening
from handlers.blocks import view_values
from handlers.errors import tell
from handlers.permissions import deps_of, require_coordinator, user_of
from handlers.referrals import views
from handlers.referrals.ids import Button, Callback, ScreenField

log = logging.getLogger(__name__)

DOING = "screen referrals"
TEXT_MAX = 3000


def _clicked_id(body: dict[str, Any]) -> int:
    """The record ID a button carries."""
    raw = str((body.get("actions") or [{}])[0].get("value") or "")
    if not raw.isdigit():
        raise NotFound("That button is out of date. Nothing was changed.")
    return int(raw)


def _privately(client: WebClient, body: dict[str, Any], step: Callable[[], None]) -> None:
    """Run the work after ack(); a typed error is told to the person privately, here and now.

    (Raising after ack() lets bolt race its own ack bookkeeping and answer Slack 404.)
    """
    try:
        step()
    except EfrpError as exc:
        _tell(client, body, exc.user_message)


def _tell(client: WebClient, body: dict[str, Any], text: str) -> None:
    """Ephemeral where the person clicked in a channel; otherwise a DM in the person's own DM channel."""
    channel = str((body.get("channel") or {}).get("id") or "")
    if channel and not channel.startswith("D"):
        tell(client, body, text)
        return
    user = user_of(body)
    try:
        dm = client.conversations_open(users=user)["channel"]["id"]
        client.chat_postMessage(channel=dm, text=text)
    except SlackApiError:
        log.exception("could not tell %s privately", user)


def _coordinator_opens(build: views.ScreeningModal) -> Callable[..., None]:
    """A listener for a screening button: a coordinator gets the modal `build` makes for the referral."""

    def listener(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        deps = deps_of(context)

        def step() -> None:
            require_coordinator(deps, user_of(body), DOING)
            referral, matches = screening.open_for_screening(deps, referral_id=_clicked_id(body))
            client.views_open(trigger_id=body["trigger_id"], view=build(deps.jinja, referral, matches))

        _privately(client, body, step)

    return listener


def register(app: App) -> None:
    """Register the screening buttons and modals."""

    for button, build in views.COORDINATOR_MODALS.items():
        app.action(button)(_coordinator_opens(build))

    @app.action(Button.ANSWER)
    def _answer_clicked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        deps = deps_of(context)

        def step() -> None:
            request, referral = screening.open_question(
                deps, request_id=_clicked_id(body), user=user_of(body)
            )
            view = views.answer_modal(deps.jinja, referral, request)
            client.views_open(trigger_id=body["trigger_id"], view=view)

        _privately(client, body, step)

    @app.view(Callback.ACCEPT)
    def _accept_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        deps = deps_of(context)
        try:
            join = views.accept_choice(view_values(view))
        except InvalidInput as exc:
            ack(response_action="errors", errors=exc.field_errors)
            return
        ack()

        def step() -> None:
            require_coordinator(deps, user_of(body), DOING)
            referral_id = views.metadata_id(view, "referral_id")
            screening.accept(deps, referral_id=referral_id, by=user_of(body), join_context_id=join)

        _privately(client, body, step)

    @app.view(Callback.DECLINE)
    def _decline_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        deps = deps_of(context)
        values = view_values(view)
        errors: dict[str, str] = {}
        texts: dict[str, str] = {}
        for field, limit, label in (
            (ScreenField.DECLINE_REASON, TEXT_MAX, "a reason"),
            (ScreenField.SIGNPOSTED_TO, views.SIGNPOST_MAX, "where the concern was signposted"),
        ):
            try:
                texts[field] = views.required_text(values, field, limit, label)
            except InvalidInput as exc:
                errors.update(exc.field_errors)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()

        def step() -> None:
            require_coordinator(deps, user_of(body), DOING)
            screening.decline(
                deps,
                referral_id=views.metadata_id(view, "referral_id"),
                by=user_of(body),
                reason=texts[ScreenField.DECLINE_REASON],
                signposted_to=texts[ScreenField.SIGNPOSTED_TO],
            )

        _privately(client, body, step)

    @app.view(Callback.ASK)
    def _ask_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        deps = deps_of(context)
        try:
            question = views.required_text(view_values(view), ScreenField.QUESTION, TEXT_MAX, "your question")
        except InvalidInput as exc:
            ack(response_action="errors", errors=exc.field_errors)
            return
        ack()

        def step() -> None:
            require_coordinator(deps, user_of(body), DOING)
            screening.ask(
                deps,
                referral_id=views.metadata_id(view, "referral_id"),
                by=user_of(body),
                question=question,
                view_id=str(view["id"]),
            )

        _privately(client, body, step)

    @app.view(Callback.ANSWER)
    def _answer_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        deps = deps_of(context)
        try:
            text = views.required_text(view_values(view), ScreenField.ANSWER, TEXT_MAX, "your answer")
        except InvalidInput as exc:
            ack(response_action="errors", errors=exc.field_errors)
            return
        ack()

        def step() -> None:
            screening.answer(
                deps,
                request_id=views.metadata_id(view, "request_id"),
                user=user_of(body),
                text=text,
                view_id=str(view["id"]),
            )

        _privately(client, body, step)
