"""Reviews in Slack: start a review (agenda button or `/efh review REF`), record it, decide, reopen."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import InvalidInput
from bot.domain.enums import Outcome, ReviewDecision
from bot.reviews import decisions
from bot.reviews import reviews as service
from handlers import blocks
from handlers.efh import Invocation, router
from handlers.permissions import deps_of, require_coordinator, user_of
from handlers.reviews.forms import ReviewAction, ReviewBlock, ReviewView, review_button

__all__ = ["register", "review_button"]

_REFUSED = "Only the panel's coordinators can {doing}. Nothing was changed."


def _meta(view: dict[str, Any]) -> dict[str, Any]:
    """The modal's private metadata."""
    data: dict[str, Any] = json.loads(view.get("private_metadata") or "{}")
    return data


def _refuse_in_view(ack: Ack, block_id: str, doing: str) -> None:
    """Refuse a submission inside the modal, privately, storing nothing."""
    ack(response_action="errors", errors={block_id: _REFUSED.format(doing=doing)})


def _efh_review(inv: Invocation) -> None:
    """`/efh review REF`: open the review modal for a context."""
    require_coordinator(inv.deps, inv.user, "record a review")
    if not inv.args:
        raise InvalidInput("Usage: `/efh review EFRP-2026-0042`")
    view = service.open_review_form(inv.deps, ref=inv.args[0])
    inv.client.views_open(trigger_id=inv.body["trigger_id"], view=view)


def _efh_reopen(inv: Invocation) -> None:
    """`/efh reopen REF [why]`: reopen a closed or stepped-down context."""
    require_coordinator(inv.deps, inv.user, "reopen a context")
    if not inv.args:
        raise InvalidInput("Usage: `/efh reopen EFRP-2026-0042 why it is reopened`")
    reason = inv.text.split(None, 1)[1].strip() if len(inv.text.split(None, 1)) > 1 else ""
    context = decisions.reopen(
        inv.deps, ref=inv.args[0], user=inv.user, reason=reason, now=inv.deps.clock.now()
    )
    inv.respond(
        response_type="ephemeral", text=f"{context.ref} is open again; the panel channel has been told."
    )


def register(app: App) -> None:
    """Register the review listeners and the `/efh review` and `/efh reopen` subcommands."""
    efh = router(app)
    efh.add(
        "review", _efh_review, usage="review REF", help="review a context against its baseline (coordinators)"
    )
    efh.add("reopen", _efh_reopen, usage="reopen REF [why]", help="reopen a closed context (coordinators)")

    @app.action(ReviewAction.START)
    def _start(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps = deps_of(context)
        require_coordinator(deps, user_of(body), "record a review")
        view = service.open_review_form(deps, context_id=int(body["actions"][0]["value"]))
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ReviewView.REVIEW)
    def _submit(ack: Ack, body: dict[str, Any], context: BoltContext, view: dict[str, Any]) -> None:
        deps = deps_of(context)
        user = user_of(body)
        if not deps.is_coordinator(user):
            _refuse_in_view(ack, ReviewBlock.NARRATIVE, "record a review")
            return
        try:
            level, ids, goals, narrative = service.parse_submission(blocks.view_values(view))
        except InvalidInput as exc:
            ack(response_action="errors", errors=exc.field_errors)
            return
        ack()
        service.record_review(
            deps,
            view_id=str(view["id"]),
            user=user,
            context_id=int(_meta(view)["context_id"]),
            level=level,
            indicator_ids=ids,
            goal_statuses=goals,
            narrative=narrative,
            now=deps.clock.now(),
        )

    @app.action(ReviewAction.CONTINUE)
    def _continue(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps = deps_of(context)
        require_coordinator(deps, user_of(body), "decide after a review")
        view = service.open_continue_form(
            deps, review_id=int(body["actions"][0]["value"]), now=deps.clock.now()
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ReviewView.CONTINUE)
    def _continue_submit(ack: Ack, body: dict[str, Any], context: BoltContext, view: dict[str, Any]) -> None:
        deps = deps_of(context)
        user = user_of(body)
        if not deps.is_coordinator(user):
            _refuse_in_view(ack, ReviewBlock.NEXT_REVIEW, "decide after a review")
            return
        raw = blocks.view_values(view).get(ReviewBlock.NEXT_REVIEW)
        when = date.fromisoformat(raw) if raw else None
        if when is None or when <= deps.clock.now().astimezone(deps.settings.tz).date():
            ack(response_action="errors", errors={ReviewBlock.NEXT_REVIEW: "Choose a date after today."})
            return
        ack()
        decisions.decide(
            deps,
            review_id=int(_meta(view)["review_id"]),
            user=user,
            decision=ReviewDecision.CONTINUE,
            next_review_on=when,
            now=deps.clock.now(),
        )

    @app.action(ReviewAction.STEP_DOWN)
    def _step_down(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        deps = deps_of(context)
        user = user_of(body)
        require_coordinator(deps, user, "decide after a review")
        decisions.decide(
            deps,
            review_id=int(body["actions"][0]["value"]),
            user=user,
            decision=ReviewDecision.STEP_DOWN,
            now=deps.clock.now(),
        )

    @app.action(ReviewAction.CLOSE)
    def _close(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps = deps_of(context)
        require_coordinator(deps, user_of(body), "close a context")
        view = service.open_close_form(deps, review_id=int(body["actions"][0]["value"]), now=deps.clock.now())
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ReviewView.CLOSE)
    def _close_submit(ack: Ack, body: dict[str, Any], context: BoltContext, view: dict[str, Any]) -> None:
        deps = deps_of(context)
        user = user_of(body)
        if not deps.is_coordinator(user):
            _refuse_in_view(ack, ReviewBlock.REASON, "close a context")
            return
        values = blocks.view_values(view)
        reason = str(values.get(ReviewBlock.REASON) or "").strip()
        try:
            outcome = Outcome(str(values.get(ReviewBlock.OUTCOME)))
        except ValueError:
            ack(response_action="errors", errors={ReviewBlock.OUTCOME: "Choose an outcome."})
            return
        if not reason:
            ack(response_action="errors", errors={ReviewBlock.REASON: "Say why the context is closed."})
            return
        ack()
        decisions.decide(
            deps,
            review_id=int(_meta(view)["review_id"]),
            user=user,
            decision=ReviewDecision.CLOSE,
            outcome=outcome,
            reason=reason,
            now=deps.clock.now(),
        )
