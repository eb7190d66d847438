"""Socket Mode's health endpoint: GET /healthz (the WebSocket and the database) and GET /metrics.

In Socket Mode the bot has no HTTP server of its own; `efrp serve --socket-mode --health-port P` starts
this one so that a container orchestrator or load balancer can tell a live connection from a dead one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.engine import Engine

from bot import observe
from bot.core.clock import Clock
from bot.server import HttpServer
from storage.db import ping

StartResponse = Callable[..., Any]


def _json(start_response: StartResponse, status: str, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def make_health_app(
    connected: Callable[[], bool], engine: Engine, clock: Clock
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """/healthz: 200 only when the WebSocket is connected and the database answers; 503 otherwise."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return _json(start_response, "405 Method Not Allowed", {"error": "method not allowed"})
        if path == "/metrics":
            return observe.metrics_reply(engine, start_response, clock)
        if path != "/healthz":
            return _json(start_response, "404 Not Found", {"error": "not found"})
        socket_ok, database_ok = connected(), ping(engine)
        body = {
            "status": "ok" if socket_ok and database_ok else "unavailable",
            "socket": "connected" if socket_ok else "disconnected",
            "database": "ok" if database_ok else "unreachable",
        }
        status = "200 OK" if socket_ok and database_ok else "503 Service Unavailable"
        return _json(start_response, status, body)

    return app


def make_health_server(
    connected: Callable[[], bool], engine: Engine, clock: Clock, host: str, port: int
) -> HttpServer:
    """A small server for the health app, the same bounded server as Slack's (stopped with the bot)."""
    return HttpServer(make_health_app(connected, engine, clock), host, port)
