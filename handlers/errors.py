"""The one error path: what a person sees when their request fails, and how it reaches them privately.

`reply_for` maps an error to its words: a typed error (`bot.core.errors`) says what it means; anything else
gets one apology. `answer` delivers it the way the request came in: a view submission's field errors go
back into the modal, a slash command is answered through its response URL, and anything else is told
ephemerally in the channel where the person acted, or in their DM. The guard (`handlers.guard`) and the
global error handler below both go through `answer`; listeners only raise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy import exc as sa

from bot.core.errors import UNAVAILABLE, EfrpError, InvalidInput, Unavailable
from bot.core.logsafe import frames, kind
from handlers import blocks

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
NOTICE_MODAL = "efrp_notice"

GENERIC = (
    "Sorry, something went wrong and nothing was changed. "
    "Please try again; if it keeps happening, tell a coordinator."
)

__all__ = ["GENERIC", "answer", "register", "reply_for", "tell", "typed"]

# What a database that does not answer (or times out) raises through SQLAlchemy.
_UNREACHABLE = (sa.OperationalError, sa.TimeoutError, sa.InterfaceError, sa.DisconnectionError)


def typed(exc: BaseException) -> BaseException:
    """The typed error a failure means to the person: a database that is away becomes `Unavailable`."""
    if isinstance(exc, _UNREACHABLE):
        return Unavailable(UNAVAILABLE)
    return exc


def where_clicked(fn: F) -> F:
    """Mark a button listener whose refusals belong with what was clicked, not in the channel.

    The one error path then answers through the clicked message's response URL, or, for a click in the
    Home tab (which has none), with a small notice modal.
    """
    fn.__dict__["efrp_where_clicked"] = True
    return fn


def reply_for(exc: BaseException) -> str:
    """What the person is told: a typed error's own words, or the one apology for anything else."""
    exc = typed(exc)
    return exc.user_message if isinstance(exc, EfrpError) else GENERIC


def answer(
    exc: BaseException,
    *,
    body: dict[str, Any],
    client: WebClient,
    ack: Any = None,
    respond: Any = None,
    where: str = "a listener",
    in_place: bool = False,
) -> None:
    """Tell the acting person privately what became of their request, the way the request came in."""
    if isinstance(typed(exc), Unavailable):
        log.warning("the database did not answer in %s (%s)", where, type(exc).__qualname__)
    elif not isinstance(exc, EfrpError):
        _log_unexpected(exc, where)
    exc = typed(exc)
    if _into_the_form(exc, body, ack):
        return
    _ack_if_needed(ack)
    text = reply_for(exc)
    if in_place and _told_where_clicked(text, body, client, respond):
        return
    if body.get("command") and getattr(respond, "response_url", None):
        try:
            respond(response_type="ephemeral", text=text)
            return
        except Exception:  # the response URL has expired or is unreachable: tell them another way
            log.warning("could not answer a slash command through its response URL", exc_info=True)
    tell(client, body, text)


def tell(client: WebClient, body: dict[str, Any], text: str) -> None:
    """Tell the acting person something privately: ephemeral where they acted in a channel, else a DM."""
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    channel = (
        body.get("channel_id")
        or (body.get("channel") or {}).get("id")
        or ((body.get("container") or {}).get("channel_id"))
    )
    if not user:
        return
    try:
        if channel and not str(channel).startswith("D"):
            client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
        dm = client.conversations_open(users=user)["channel"]["id"]
        client.chat_postMessage(channel=dm, text=text)
    except Exception:
        log.warning("could not tell %s about an error", user, exc_info=True)


def register(app: App) -> None:
    """Install the global error handler, for errors raised outside a guarded listener."""

    @app.error
    def _on_error(error: Exception, body: dict[str, Any], client: WebClient, respond: Any) -> None:
        answer(error, body=body, client=client, respond=respond, where="bolt")


def _told_where_clicked(text: str, body: dict[str, Any], client: WebClient, respond: Any) -> bool:
    try:
        if body.get("response_url") and respond is not None:
            respond(text=text, response_type="ephemeral", replace_original=False)
            return True
        if body.get("trigger_id"):
            client.views_open(trigger_id=body["trigger_id"], view=notice_modal(text))
            return True
    except Exception:  # the response URL expired or the trigger is stale: tell them the usual way
        log.warning("could not answer where the person clicked", exc_info=True)
    return False


def notice_modal(text: str) -> dict[str, Any]:
    """A modal that only tells the person something (a click in the Home tab has no message to reply to)."""
    return blocks.modal(NOTICE_MODAL, "EFRP", [blocks.section(text)], submit=None, close="OK")


def _into_the_form(exc: BaseException, body: dict[str, Any], ack: Any) -> bool:
    """A view submission not yet answered keeps its form open, with what was typed, and says why there.

    Field errors go next to their fields; any other refusal (the records are unavailable, the record
    changed meanwhile, not permitted) goes under the form's first field.
    """
    if body.get("type") != "view_submission" or ack is None or getattr(ack, "response", None) is not None:
        return False
    if isinstance(exc, InvalidInput) and exc.field_errors:
        ack(response_action="errors", errors=dict(exc.field_errors))
        return True
    first = next(
        (b.get("block_id") for b in (body.get("view") or {}).get("blocks", []) if b.get("type") == "input"),
        None,
    )
    if not first:
        return False
    ack(response_action="errors", errors={str(first): reply_for(exc)})
    return True


def _ack_if_needed(ack: Any) -> None:
    if ack is not None and getattr(ack, "response", None) is None:
        try:
            ack()
        except Exception:  # already acknowledged in a way bolt does not show
            log.debug("ack after an error failed", exc_info=True)


def _log_unexpected(exc: BaseException, where: str) -> None:
    """Log where it failed and how, but never the exception's words: they may quote case details."""
    log.error("unhandled %s in %s (its message is not logged)\n%s", kind(exc), where, frames(exc))
