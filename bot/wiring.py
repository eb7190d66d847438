"""The collaborators one process or command needs (engine, clients, delivery), without the Slack app itself.

Commands that only read, write or deliver build these and never import bolt or the listeners (faster to
start); `bot.runtime` adds the app, its HTTP server and the scheduler on top.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core import keys
from bot.core.clock import Clock, SystemClock
from bot.core.deps import Deps
from bot.core.settings import Settings
from handlers.delivery import Deliverer, FailureHook
from handlers.delivery_pacing import Pacer
from handlers.home.fresh import fresh_home
from handlers.membership import PanelMembership
from handlers.people import SlackDirectory
from handlers.privacy.channel import PanelGuard
from handlers.render import make_render, merge_renderers
from handlers.renderers import renderers
from handlers.templating import make_slack_environment
from storage import coordinators, outbox
from storage.db import make_engine
from storage.outbox import OutboxMessage
from storage.people import CachedDirectory


def make_client(settings: Settings, *, for_delivery: bool = False) -> WebClient:
    """A Web API client that sends every call to SLACK_API_URL.

    The delivery client has no automatic retries: the gateway retries itself and records each
    attempt, so that a retry can never post a message twice.
    """
    handlers = (
        [] if for_delivery else [ConnectionErrorRetryHandler(), RateLimitErrorRetryHandler(max_retry_count=1)]
    )
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=15,
        retry_handlers=handlers,
        proxy=proxy_for(settings.api_url),
    )


def proxy_for(url: str) -> str | None:
    """The proxy the environment asks for to reach this URL (HTTPS_PROXY/HTTP_PROXY, honouring NO_PROXY)."""
    parts = urllib.parse.urlsplit(url)
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return urllib.request.getproxies().get(parts.scheme) or None


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
