"""Reviews in Slack: start a review (agenda button or `/efh review REF`), record it, decide, reopen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotPermitted
from bot.domain.enums import ReviewDecision
from bot.reviews import decisions
from bot.reviews import reviews as service
from bot.reviews.forms import parse_close, parse_continue, parse_review
from bot.reviews.summary import owe_chart
from handlers import metadata
from handlers.blocks import view_values
from handlers.efh import Invocation, router
from handlers.errors import where_clicked
from handlers.metadata import from_view
from handlers.permissions import deps_of, require_coordinator, user_of
from handlers.reviews.ids import ContextModal, ReviewAction, ReviewBlock, ReviewModal, ReviewView
from handlers.reviews.views import close_modal, continue_modal, review_modal

__all__ = ["register"]

T = TypeVar("T")


def register(app: App) -> None:
    """Register the review buttons and modals, and the `/efh review` and `/efh reopen` subcommands."""
    efh = router(app)
    efh.add(
        "review", _efh_review, usage="review REF", help="review a context against its baseline (coordinators)"
    )
    efh.add("reopen", _efh_reopen, usage="reopen REF [why]", help="reopen a closed context (coordinators)")
    app.action(ReviewAction.START)(where_clicked(_start))
    app.view(ReviewView.REVIEW)(_submit)
    app.action(ReviewAction.CONTINUE)(_continue)
    app.view(ReviewView.CONTINUE)(_continue_submit)
    app.action(ReviewAction.STEP_DOWN)(_step_down)
    app.action(ReviewAction.CLOSE)(_close)
    app.view(ReviewView.CLOSE)(_close_submit)


def _efh_review(inv: Invocation) -> None:
    """`/efh review REF`: open the review modal for a context."""
    require_coordinator(inv.deps, inv.user, "record a review")
    if not inv.args:
        raise InvalidInput("Usage: `/efh review EFRP-2026-0042`")
    form = service.open_review_form(inv.deps, user=inv.user, ref=inv.args[0])
    inv.client.views_open(trigger_id=inv.body["trigger_id"], view=review_modal(form, inv.deps.framework))


def _efh_reopen(inv: Invocation) -> None:
    """`/efh reopen REF [why]`: reopen a closed or stepped-down context."""
    require_coordinator(inv.deps, inv.user, "reopen a context")
    if not inv.args:
        raise InvalidInput("Usage: `/efh reopen EFRP-2026-0042 why it is reopened`")
    words = inv.text.split(None, 1)
    reason = words[1].strip() if len(words) > 1 else ""
    context = decisions.reopen(
        inv.deps, ref=inv.args[0], user=inv.user, reason=reason, now=inv.deps.clock.now()
    )
    inv.respond(
        response_type="ephemeral", text=f"{context.ref} is open again; the panel channel has been told."
    )


def _start(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    deps = deps_of(context)
    require_coordinator(deps, user_of(body), "record a review")
    form = service.open_review_form(
        deps, user=user_of(body), context_id=metadata.from_button(ContextModal, body).context_id
    )
    client.views_open(trigger_id=body["trigger_id"], view=review_modal(form, deps.framework))


def _submit(ack: Ack, body: dict[str, Any], context: BoltContext, view: dict[str, Any]) -> None:
    deps, user = deps_of(context), user_of(body)
    entered = _entered(
        deps,
        user,
        "record a review",
        ReviewBlock.NARRATIVE,
        lambda: parse_review(view_values(view), framework=deps.framework, today=deps.today()),
    )
    meta = from_view(ContextModal, view)
    recorded = service.record_review(
        deps,
        view_id=str(view["id"]),
        user=user,
        context_id=meta.context_id,
        entered=entered,
        now=deps.clock.now(),
        last_review_id=meta.last_review_id,
    )
    ack()
    if recorded.created:  # drawn after the answer: a print-sharp chart takes seconds
        owe_chart(deps, review_id=recorded.review_id, now=deps.clock.now())


def _continue(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    deps = deps_of(context)
    require_coordinator(deps, user_of(body), "decide after a review")
    form = service.open_continue_form(
        deps, user=user_of(body), review_id=_review_of(body), now=deps.clock.now()
    )
    client.views_open(trigger_id=body["trigger_id"], view=continue_modal(form))


def _continue_submit(ack: Ack, body: dict[str, Any], context: BoltContext, view: dict[str, Any]) -> None:
    deps, user = deps_of(context), user_of(body)
    entered = _entered(
        deps,
        user,
        "decide after a review",
        ReviewBlock.NEXT_REVIEW,
        lambda: parse_continue(view_values(view), today=deps.today()),
    )
    decisions.decide(
        deps,
        review_id=from_view(ReviewModal, view).review_id,
        user=user,
        decision=ReviewDecision.CONTINUE,
        next_review_on=entered.next_review_on,
        now=deps.clock.now(),
    )
    ack()


def _step_down(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    deps, user = deps_of(context), user_of(body)
    require_coordinator(deps, user, "decide after a review")
    decisions.decide(
        deps,
        review_id=_review_of(body),
        user=user,
        decision=ReviewDecision.STEP_DOWN,
        now=deps.clock.now(),
    )


def _close(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    deps = deps_of(context)
    require_coordinator(deps, user_of(body), "close a context")
    form = service.open_close_form(deps, user=user_of(body), review_id=_review_of(body), now=deps.clock.now())
    client.views_open(trigger_id=body["trigger_id"], view=close_modal(form))


def _close_submit(ack: Ack, body: dict[str, Any], context: BoltContext, view: dict[str, Any]) -> None:
    deps, user = deps_of(context), user_of(body)
    entered = _entered(
        deps,
        user,
        "close a context",
        ReviewBlock.REASON,
        lambda: parse_close(view_values(view), today=deps.today()),
    )
    decisions.decide(
        deps,
        review_id=from_view(ReviewModal, view).review_id,
        user=user,
        decision=ReviewDecision.CLOSE,
        outcome=entered.outcome,
        reason=entered.reason,
        now=deps.clock.now(),
    )
    ack()


def _entered(deps: Deps, user: str, doing: str, field: str, parse: Callable[[], T]) -> T:
    """The submitted form, not yet acked: it is answered once stored, so a failed store keeps it open."""
    try:
        require_coordinator(deps, user, doing)
    except NotPermitted as exc:  # the refusal under the form's field (as it always has)
        raise InvalidInput(exc.user_message, {field: exc.user_message}) from None
    return parse()


def _review_of(body: dict[str, Any]) -> int:
    return metadata.from_button(ReviewModal, body).review_id
