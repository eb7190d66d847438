"""Wiring for one process: engine, clients, app, delivery, scheduler; and `efrp serve` itself."""

from __future__ import annotations

import gc
import logging
import signal
import threading
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.actions import agencies
from bot.app import create_app
from bot.core.clock import Clock
from bot.core.deps import Deps
from bot.core.errors import StartupError
from bot.core.settings import Settings
from bot.wiring import build_deps, make_client, make_deliverer
from handlers.acks import ListenerExecutor
from handlers.delivery_worker import DeliveryWorker
from handlers.membership import PanelMembership
from handlers.workspace import OwnWorkspace
from storage import contexts, coordinators, migrate, outbox
from storage.db import refresh_statistics, session_scope

if TYPE_CHECKING:
    from bot.server import HttpServer

log = logging.getLogger(__name__)

LISTENER_THREADS = 16  # listeners wait on Slack and the database more than they compute
SOCKET_CLOSE_S = 10.0  # how long a stopping bot waits for the Socket Mode connection to close


def check_framework(deps: Deps) -> None:
    """Refuse to start when the framework in use drops indicators that stored records still use."""
    with Session(deps.engine) as session:
        used = contexts.used_indicator_ids(session=session)
    missing = deps.framework.missing_ids(used)
    if missing:
        shown = ", ".join(missing[:20]) + (f" and {len(missing) - 20} more" if len(missing) > 20 else "")
        raise StartupError(
            "EFRP_FRAMEWORK",
            f"drops indicators that stored assessments still use: {shown}. Keep them in the file, or map "
            "each old ID to its replacement under [retired_aliases]",
        )


def check_token(client: WebClient, api_url: str) -> dict[str, Any]:
    """Refuse to start, in one line, if Slack cannot be reached or refuses the token."""
    sdk_log = logging.getLogger("slack_sdk")
    level = sdk_log.level
    sdk_log.setLevel(logging.CRITICAL)  # its per-attempt errors would bury the one line below
    try:
        return dict(client.auth_test().data)  # type: ignore[arg-type]
    except SlackApiError:
        raise StartupError("SLACK_BOT_TOKEN", "Slack refused the token (auth.test failed)") from None
    except OSError as exc:  # urllib's URLError, a refused connection, a timeout, a TLS failure
        reason = getattr(exc, "reason", exc)
        via = f" through the proxy {_without_credentials(client.proxy)}" if client.proxy else ""
        raise StartupError(
            "SLACK_API_URL",
            f"cannot reach Slack at {api_url}{via}: {reason}. If this host reaches the internet through a "
            "proxy, set HTTPS_PROXY (and NO_PROXY for local addresses); check the firewall allows it",
        ) from None
    finally:
        sdk_log.setLevel(level)


def _without_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}:{parts.port}" if parts.port else f"{parts.scheme}://{host}"


def check_panel_channel(client: WebClient, channel: str) -> None:
    """Refuse to start unless the panel channel is private and the bot is in it."""
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        error = exc.response.get("error")
        raise StartupError(
            "EFRP_PANEL_CHANNEL",
            f"Slack could not find the panel channel ({error}); "
            "check the ID and invite the bot to the channel",
        ) from None
    if not (info.get("is_private") or info.get("is_group")):
        raise StartupError(
            "EFRP_PANEL_CHANNEL",
            "is a public channel; panel detail must only go to a private "
            "channel. Create a private channel and invite the bot",
        )
    if not info.get("is_member"):
        raise StartupError(
            "EFRP_PANEL_CHANNEL",
            "the bot is not a member of the panel channel; invite it with /invite @EFRP in that channel",
        )


@dataclass
class Running:
    """A started bot: app, delivery worker and (optionally) scheduler."""

    deps: Deps
    app: App
    executor: ThreadPoolExecutor
    worker: DeliveryWorker
    scheduler: object | None
    unsubscribe: Callable[[], None]
    client: WebClient

    def stop(self) -> None:
        """Drain listener work, stop the clock, deliver what is owed, close the pool."""
        self.executor.shutdown(wait=True)
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)  # type: ignore[attr-defined]
        self.worker.stop()
        self.unsubscribe()
        self.deps.engine.dispose()


def start(
    settings: Settings,
    *,
    socket_mode: bool = False,
    clock: Clock | None = None,
    with_scheduler: bool = True,
    executor: ThreadPoolExecutor | None = None,
) -> Running:
    """Migrate, check Slack, and start the app, delivery worker and scheduler."""
    from bot.scheduler import all_jobs, make_scheduler

    settings.require("SLACK_BOT_TOKEN", "EFRP_PANEL_CHANNEL", "EFRP_COORDINATORS")
    settings.require("SLACK_APP_TOKEN" if socket_mode else "SLACK_SIGNING_SECRET")
    client = make_client(settings)
    deps = build_deps(settings, clock=clock, client=client)
    migrate.upgrade(deps.engine)
    refresh_statistics(deps.engine)
    check_framework(deps)
    with session_scope(deps.engine) as session:
        coordinators.seed(session=session, user_ids=settings.coordinators, now=deps.clock.now())
    agencies.canonicalise(deps)  # EFRP_AGENCIES may have changed: stored spellings follow the list
    assert settings.panel_channel is not None
    own = OwnWorkspace.from_auth_test(check_token(client, settings.api_url))
    if isinstance(deps.membership, PanelMembership):
        deps.membership.team_id = own.team_id  # members of another team never see panel detail
    check_panel_channel(client, settings.panel_channel)
    worker = DeliveryWorker(make_deliverer(deps))
    unsubscribe = outbox.on_commit_of_owed(deps.engine, worker.kick)
    executor = executor or ListenerExecutor(LISTENER_THREADS, thread_name_prefix="efrp-listener")
    app = create_app(deps, client=client, executor=executor, socket_mode=socket_mode, own=own)
    worker.start()
    scheduler = None
    if with_scheduler:
        scheduler = make_scheduler(deps, all_jobs())
        scheduler.start()
    worker.kick()
    return Running(deps, app, executor, worker, scheduler, unsubscribe, client)


def freeze_start_up_heap(deps: Deps) -> None:
    """Hide everything built at start-up from the cyclic collector, so its full passes stay short.

    The modules, app, templates and framework loaded by then are ~100,000 long-lived objects that every
    full collection would walk (67–91 ms while holding the GIL, under load); frozen, a full pass walks
    only what requests create (docs/performance.md). The referral form's shared parts are built first so
    that they are frozen with the rest.
    """
    from handlers.referrals.views import referral_modal

    referral_modal(deps.framework)
    gc.collect()
    gc.freeze()


def _start_health(
    running: Running, connected: Callable[[], bool], host: str, port: int | None
) -> HttpServer | None:
    """In Socket Mode, serve /healthz and /metrics on --health-port (if given)."""
    if port is None:
        return None
    from bot.health import make_health_server

    server = make_health_server(connected, running.deps.engine, running.deps.clock, host, port)
    server.prepare()
    threading.Thread(target=server.serve, name="efrp-health", daemon=True).start()
    bound = server.bind_addr[1] if isinstance(server.bind_addr, tuple) else port
    print(f"efrp: health on http://{host}:{bound} (GET /healthz, GET /metrics)", flush=True)
    return server


def _close_within(close: Callable[[], None], seconds: float) -> None:
    """Close the Socket Mode connection, waiting at most `seconds` for it."""
    # slack_sdk's close() joins its session thread without a timeout, and that thread can miss the
    # request to stop (it resets the session's "terminated" flag when it starts a session, seen in the
    # tests): a bot told to stop must stop, so the close runs beside us and is given a deadline. Whatever
    # it owed is already recorded in the outbox; the next start delivers it.
    closing = threading.Thread(target=close, name="efrp-socket-close", daemon=True)
    closing.start()
    closing.join(seconds)
    if closing.is_alive():
        log.warning("the Socket Mode connection did not close within %.0f s; stopping without it", seconds)


def _until_stopped(stop: threading.Event) -> None:
    """Block until the SIGTERM/SIGINT handler sets `stop`."""
    # Never without a timeout: CPython runs a signal's handler in the main thread, between bytecodes, and
    # the kernel may deliver SIGTERM to another of the process's threads; a main thread asleep in a plain
    # wait would then never run the handler, and the process would ignore its stop (seen in the tests).
    while not stop.wait(0.25):
        pass


def serve(
    settings: Settings, *, host: str, port: int, socket_mode: bool, health_port: int | None = None
) -> int:
    """Run until SIGTERM/SIGINT, then drain in-flight work and exit 0."""
    from bot.server import make_http_server

    running = start(settings, socket_mode=socket_mode)
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    if socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(running.app, settings.app_token, web_client=running.client)
        handler.connect()
        log.info("connected to Slack over Socket Mode")
        health = _start_health(running, handler.client.is_connected, host, health_port)
        print("efrp: serving over Socket Mode", flush=True)
        _until_stopped(stop)
        if health is not None:
            health.stop()
        _close_within(handler.close, SOCKET_CLOSE_S)
    else:
        server = make_http_server(running.app, running.deps.engine, host, port, running.deps.clock)
        server.prepare()
        freeze_start_up_heap(running.deps)
        bound = server.bind_addr[1] if isinstance(server.bind_addr, tuple) else port
        thread = threading.Thread(target=server.serve, name="efrp-http", daemon=True)
        thread.start()
        print(
            f"efrp: listening on http://{host}:{bound} (POST /slack/events, GET /healthz, GET /metrics)",
            flush=True,
        )
        _until_stopped(stop)
        server.stop()  # stops accepting, lets in-flight requests finish
        thread.join(30)
    running.stop()
    print("efrp: stopped", flush=True)
    return 0
