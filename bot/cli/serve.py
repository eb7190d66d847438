"""`efrp serve`: answer Slack over HTTP or Socket Mode."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.settings import Settings


def add(sub: Any) -> None:
    """Register the serve subcommand."""
    p = sub.add_parser(
        "serve",
        help="run the bot (HTTP on /slack/events, or Socket Mode)",
        description="Run the bot. HTTP mode answers Slack on POST /slack/events and GET /healthz; "
        "--socket-mode connects out to Slack with SLACK_APP_TOKEN instead (no public URL needed). "
        "A fresh database is migrated first.",
    )
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    p.add_argument(
        "--socket-mode", action="store_true", help="connect over Socket Mode (needs SLACK_APP_TOKEN)"
    )
    p.add_argument(
        "--health-port",
        type=int,
        default=None,
        help="Socket Mode only: serve GET /healthz (the WebSocket and the database) and GET /metrics here",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until SIGTERM."""
    from bot.runtime import serve

    if args.health_port is not None and not args.socket_mode:
        print(
            "efrp: --health-port is for --socket-mode; HTTP mode serves /healthz on --port", file=sys.stderr
        )
        return 2
    return serve(
        settings, host=args.host, port=args.port, socket_mode=args.socket_mode, health_port=args.health_port
    )
