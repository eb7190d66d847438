"""The app factory: builds the bolt App with its collaborators; nothing happens at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from bot.core.deps import Deps
from handlers.acks import SignallingAckMiddleware
from handlers.registry import register_all
from handlers.workspace import OnlyOurWorkspace, OwnWorkspace

log = logging.getLogger(__name__)


class InjectDeps(Middleware):
    """Put the collaborators in every request's context (`handlers.permissions.deps_of`)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Add the deps, then go on."""
        req.context["deps"] = self.deps
        return next()


def create_app(
    deps: Deps,
    *,
    client: WebClient,
    executor: Executor | None = None,
    socket_mode: bool = False,
    own: OwnWorkspace | None = None,
) -> App:
    """Build the bolt App for these collaborators and register every handler (own: answer only them)."""
    kwargs: dict[str, Any] = {
        "client": client,
        "process_before_response": False,
        "request_verification_enabled": not socket_mode,
        "ignoring_self_events_enabled": True,
        "raise_error_for_unhandled_request": False,
        "logger": logging.getLogger("efrp.bolt"),
    }
    if not socket_mode:
        kwargs["signing_secret"] = deps.settings.signing_secret
    if executor is not None:
        kwargs["listener_executor"] = executor
    app = App(**kwargs)
    # Middleware objects, not functions: bolt builds no keyword arguments for them on every request.
    app.middleware(SignallingAckMiddleware())  # with a ListenerExecutor, answers Slack at ack(), not 10 ms on
    if own is not None:
        app.middleware(OnlyOurWorkspace(own))
    app.middleware(InjectDeps(deps))
    register_all(app)
    return app
