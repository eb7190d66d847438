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
from datetime import datetime
from types import FrameType
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.actions import agencies
from bot.app import create_app, make_client
from bot.core import keys
from bot.core.clock import Clock, SystemClock
from bot.core.deps import Deps
from bot.core.errors import StartupError
from bot.core.settings import Settings
from handlers.acks import ListenerExecutor
from handlers.delivery import Deliverer, FailureHook
from handlers.delivery_pacing import Pacer
from handlers.delivery_worker import DeliveryWorker
from handlers.home.fresh import fresh_home
from handlers.membership import PanelMembership
from handlers.people import SlackDirectory
from handlers.privacy.channel import PanelGuard
from handlers.registry import renderers
from handlers.render import make_render, merge_renderers
from handlers.templating import make_slack_environment
from handlers.workspace import OwnWorkspace
from storage import contexts, coordinators, migrate, outbox
from storage.db import make_engine, refresh_statistics, session_scope
from storage.outbox import OutboxMessage
from storage.people import CachedDirectory

if TYPE_CHECKING:
    from bot.server import HttpServer

log = logging.getLogger(__name__)

LISTENER_THREADS = 16  # listeners wait on Slack and the database more than they compute


def build_deps(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    client: WebClient | None = None,
) -> Deps:
    """Build the collaborators for a command or the server (client: who answers panel membership)."""
    engine = engine or make_engine(settings.database_url)
    client = client or (make_client(settings) if settings.bot_token else None)
    clock = clock or SystemClock()
    return Deps(
        settings=settings,
        engine=engine,
        clock=clock,
        jinja=make_slack_environment(settings.timezone),
        membership=PanelMembership(settings, client),
        directory=SlackDirectory(client, engine, clock) if client is not None else CachedDirectory(engine),
        roster=coordinators.Roster(engine, clock.now, settings.coordinators),
    )


def report_failure_to_panel(settings: Settings) -> FailureHook:
    """A failure hook that tells the coordinators, in the panel channel, what could not be delivered."""

    def hook(session: Session, row: OutboxMessage, error: str, now: datetime) -> bool:
        if not settings.panel_channel or (
            row.channel in (settings.panel_channel, outbox.PANEL)
            and row.op not in (outbox.Op.DM, outbox.Op.FILE)
        ):
            return False  # the panel channel itself is unreachable: the App Home and `efrp audit` show it
        # A file (e.g. a review chart) refused in the panel channel is reported there: posting still works.
        if row.op == outbox.Op.HOME:
            return False
        who = f"<@{row.channel}>" if row.op == outbox.Op.DM else f"<#{row.channel}>"
        text = (
            f":warning: I could not deliver a message ({row.summary or row.op}) to {who}: "
            f"`{error}`. Please follow it up; it will not be retried."
        )
        outbox.enqueue(
            session=session,
            key=keys.delivery_failure(row.id or 0),
            op=outbox.Op.POST,
            channel=settings.panel_channel,
            payload={"text": text},
            now=now,
            summary="delivery failure notice",
        )
        return True

    return hook


def failure_hooks(settings: Settings) -> list[FailureHook]:
    """Every hook run when a delivery fails for good (features add theirs here)."""
    from handlers.actions.failures import escalate_gone_owner

    # The specific hook first: an owner who has left is escalated as such, not as a generic failure.
    return [escalate_gone_owner(settings), report_failure_to_panel(settings)]


def make_deliverer(deps: Deps) -> Deliverer:
    """The delivery gateway for these collaborators (its own client, without blind retries)."""
    client = make_client(deps.settings, for_delivery=True)
    return Deliverer(
        engine=deps.engine,
        client=client,
        clock=deps.clock,
        panel_channel=deps.settings.panel_channel,
        failure_hooks=failure_hooks(deps.settings),
        render=make_render(
            make_slack_environment(deps.settings.timezone), merge_renderers(renderers(), fresh_home(deps))
        ),
        pacer=Pacer(enabled=deps.settings.delivery_pacing),
        guard=PanelGuard(deps, client),
    )


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
        stop.wait()
        if health is not None:
            health.stop()
        handler.close()
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
        stop.wait()
        server.stop()  # stops accepting, lets in-flight requests finish
        thread.join(30)
    running.stop()
    print("efrp: stopped", flush=True)
    return 0
