"""Answer Slack the moment a listener acks, instead of at bolt's next 10 ms poll.

With `process_before_response=False` bolt runs each listener on the listener executor and the request
thread polls `ack.response` every 10 ms (`time.sleep(0.01)`) until the listener has acked: every request
waited about 10 ms for nothing. Here the request's `ack` is an `Ack` that also sets an event, and the
listener executor's `submit` (called by bolt on the request thread, just before that poll) waits on the
event; bolt then finds the ack already given and answers at once. What runs where, and when the HTTP
response goes, is otherwise unchanged: the listener still runs on the executor, after its ack.

`process_before_response=True` would also remove the poll, but then every listener would run to its end
before Slack got an answer (a slow Slack call, a report build or an export would make Slack wait), unless
each slow one were rewritten as a lazy listener; this keeps every listener as it is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

ACK_WAIT_S = 3.0  # bolt's own ack timeout: past it Slack has given up and bolt stops waiting too

_pending = threading.local()  # the request thread's ack, from the middleware to the executor's submit


class SignallingAck(Ack):
    """bolt's `ack()`, which also tells the request thread waiting in `submit` that it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.given = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        """Acknowledge as bolt does, then wake the request thread."""
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.given.set()


class SignallingAckMiddleware(Middleware):
    """A global middleware giving each request an ack the listener executor can wait on."""

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Put a `SignallingAck` in the context (unless one was already given), then go on."""
        context: BoltContext = req.context
        # A function middleware before this one made bolt create the ack; one already given is kept.
        if context.get("ack") is None or context.ack.response is None:
            ack = SignallingAck()
            context["ack"] = ack
            _pending.ack = ack
        return next()


class ListenerExecutor(ThreadPoolExecutor):
    """The listener pool: `submit` returns once the listener has acked (or ended, or after 3 s)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Start fn on the pool; when bolt submits a listener, wait for its ack before returning."""
        ack: SignallingAck | None = getattr(_pending, "ack", None)
        _pending.ack = None  # only the request's listener waits; a lazy listener submitted after it does not
        if ack is None:
            return super().submit(fn, *args, **kwargs)

        def run() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                ack.given.set()  # ended without acking (an error, a middleware that stopped): bolt decides

        future = super().submit(run)
        ack.given.wait(ACK_WAIT_S)
        return future
