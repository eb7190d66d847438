"""HTTP mode: a WSGI server (waitress) answering Slack on /slack/events, and /healthz.

waitress reads every request whole (headers and body) in one event loop before a worker thread sees it,
so a client that sends half a request holds a socket, not a thread: slow or stalled clients cannot make
a signed request from Slack wait (Slack gives up after 3 s). Headers, bodies, idle time and the number of
open connections are bounded below.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from sqlalchemy.engine import Engine
from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server

from bot import observe
from bot.core.clock import Clock
from storage.db import HealthProbe

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # Slack's payloads are far smaller; refuse anything larger
MAX_HEADERS = 16_384  # Slack's request headers are a few hundred bytes
THREADS = 32
IDLE_TIMEOUT_S = 5  # a connection that sends nothing for this long is closed
MAX_CONNECTIONS = 2_000  # open sockets at once; past this, new connections wait in the backlog
DRAIN_TIMEOUT_S = 20.0

StartResponse = Callable[..., Any]


def _reply(
    start_response: StartResponse,
    status: int,
    body: bytes | str,
    content_type: str,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    data = body.encode() if isinstance(body, str) else body
    reason = {
        200: "OK",
        400: "Bad Request",
        401: "Unauthorized",
        404: "Not Found",
        405: "Method Not Allowed",
        413: "Payload Too Large",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }.get(status, "")
    start_response(
        f"{status} {reason}", [("Content-Type", content_type), ("Content-Length", str(len(data))), *headers]
    )
    return [data]


def _json(start_response: StartResponse, status: int, payload: dict[str, Any]) -> list[bytes]:
    return _reply(start_response, status, json.dumps(payload), "application/json")


def make_wsgi_app(
    app: App, engine: Engine, clock: Clock | None = None
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application: Slack's events URL, a health check, Prometheus metrics, nothing else."""
    probe = HealthProbe(engine)

    def wsgi_app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/metrics" and method in ("GET", "HEAD"):
            return observe.metrics_reply(engine, start_response, clock)
        if path == "/healthz":
            if method not in ("GET", "HEAD"):
                return _json(start_response, 405, {"error": "method not allowed"})
            if probe.healthy():
                return _json(start_response, 200, {"status": "ok", "database": "ok"})
            return _json(start_response, 503, {"status": "unavailable", "database": "unreachable"})
        if path != "/slack/events":
            return _json(start_response, 404, {"error": "not found"})
        if method != "POST":
            return _json(start_response, 405, {"error": "method not allowed"})
        return observe.slack_request(environ, start_response, lambda respond: _slack(app, environ, respond))

    return wsgi_app


def _slack(app: App, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _json(start_response, 400, {"error": "bad content length"})
    if length > MAX_BODY:
        return _json(start_response, 413, {"error": "body too large"})
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE")
    if not timestamp or not signature:
        return _json(start_response, 401, {"error": "missing signature"})
    if not timestamp.strip().isdigit():
        return _json(start_response, 400, {"error": "malformed timestamp"})
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _json(start_response, 400, {"error": "body is not UTF-8"})
    headers = _request_headers(environ)
    try:
        request = BoltRequest(body=body, headers=headers)
    except Exception:
        # The signature is checked inside dispatch; but a body that cannot even be parsed is refused here
        # only after verifying it came from Slack, so strangers learn nothing but 401.
        if not _signature_ok(app, body, headers):
            return _json(start_response, 401, {"error": "invalid signature"})
        return _json(start_response, 400, {"error": "malformed body"})
    environ[observe.BODY_KEY] = request.body  # for the request log: which listener, never the text
    try:
        response = app.dispatch(request)
    except Exception:
        if not _signature_ok(app, body, headers):
            return _json(start_response, 401, {"error": "invalid signature"})
        log.exception("could not handle a Slack request")
        return _json(start_response, 400, {"error": "malformed request"})
    return _bolt_reply(start_response, response)


def _request_headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = value
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    return headers


def _bolt_reply(start_response: StartResponse, response: BoltResponse) -> list[bytes]:
    out_headers = [
        (k, v) for k, values in response.headers.items() for v in values if k.lower() != "content-length"
    ]
    ctype = next((v for k, v in out_headers if k.lower() == "content-type"), "text/plain;charset=utf-8")
    out_headers = [(k, v) for k, v in out_headers if k.lower() != "content-type"]
    return _reply(start_response, response.status, response.body or "", ctype, out_headers)


def _signature_ok(app: App, body: str, headers: dict[str, str | Sequence[str]]) -> bool:
    from slack_sdk.signature import SignatureVerifier

    secret = app._signing_secret
    if not secret:
        return True
    ts = headers.get("x-slack-request-timestamp")
    sig = headers.get("x-slack-signature")
    return SignatureVerifier(secret).is_valid(body, str(ts), str(sig))


class HttpServer:
    """waitress behind the interface `efrp serve` uses: prepare, serve, stop (draining in-flight work)."""

    def __init__(self, app: Callable[..., Any], host: str, port: int) -> None:
        self._map: dict[int, Any] = {}
        self._server: BaseWSGIServer = create_server(
            app,
            map=self._map,
            host=host,
            port=port,
            threads=THREADS,
            ident="efrp",
            channel_timeout=IDLE_TIMEOUT_S,
            cleanup_interval=1,
            connection_limit=MAX_CONNECTIONS,
            max_request_header_size=MAX_HEADERS,
            max_request_body_size=MAX_BODY,
            backlog=1024,
            expose_tracebacks=False,
            clear_untrusted_proxy_headers=True,
        )

    @property
    def bind_addr(self) -> tuple[str, int]:
        """The address actually bound (port 0 becomes a free port)."""
        return (str(self._server.effective_host), int(self._server.effective_port))

    def prepare(self) -> None:
        """Nothing to do: the socket is bound and listening once the server is made."""

    def serve(self) -> None:
        """Run the event loop until stop()."""
        self._server.run()

    def stop(self) -> None:
        """Stop accepting, let in-flight requests finish and their answers go out, then close."""
        server, dispatcher = self._server, self._server.task_dispatcher
        self._in_loop(lambda: wasyncore.dispatcher.close(server))
        deadline = time.monotonic() + DRAIN_TIMEOUT_S
        while time.monotonic() < deadline and (dispatcher.active_count or dispatcher.queue or self._unsent()):
            time.sleep(0.02)
        self._in_loop(lambda: wasyncore.close_all(self._map))
        dispatcher.shutdown(timeout=1)

    def _in_loop(self, step: Callable[[], object]) -> None:
        """Run a step on the loop thread, which owns the sockets; directly if the loop has already ended."""
        try:
            self._server.trigger.pull_trigger(step)
        except OSError:  # the loop ended and closed its trigger: no other thread touches the sockets now
            with contextlib.suppress(OSError):  # what the loop closed on its way out is already closed
                step()

    def _unsent(self) -> bool:
        return any(getattr(ch, "total_outbufs_len", 0) for ch in list(self._map.values()))


def make_http_server(
    app: App, engine: Engine, host: str, port: int, clock: Clock | None = None
) -> HttpServer:
    """The HTTP server for the bot, listening on host:port."""
    return HttpServer(make_wsgi_app(app, engine, clock), host, port)
