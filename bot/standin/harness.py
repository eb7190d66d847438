"""Run the real bot in this process over real HTTP against the Slack stand-in (demo and tests)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import Any

from bot.core.clock import Clock, ManualClock
from bot.core.settings import Settings, load_settings
from bot.runtime import Running, start
from bot.server import make_http_server
from bot.standin.driver import SlackDriver
from bot.standin.server import SlackStandin
from bot.wiring import make_deliverer
from handlers.acks import ListenerExecutor
from storage import outbox
from storage.db import session_scope

SIGNING_SECRET = "5f3c1e0b9a7d4c2e8f6a1b3d5c7e9f01"
PANEL = "GPANEL0001"


@dataclass(frozen=True)
class Person:
    """An invented workspace member for the demo and tests."""

    id: str
    name: str
    agency: str


COORDINATOR = Person("UCOORD0001", "Sam (coordinator)", "Children's Social Care")
TEACHER = Person("UTEACH0001", "Alex (designated safeguarding lead)", "Education")
POLICE = Person("UPOLICE001", "Jordan (police)", "Police")
YOUTH = Person("UYOUTH0001", "Riley (youth worker)", "Youth service")
HEALTH = Person("UHEALTH001", "Morgan (school nurse)", "Health")
OUTSIDER = Person("UOUTSIDE01", "Casey (not on the panel)", "Housing")
PEOPLE = (COORDINATOR, TEACHER, POLICE, YOUTH, HEALTH, OUTSIDER)


def standin_workspace(standin: SlackStandin) -> None:
    """Give the stand-in the invented workspace: a private panel channel and its people."""
    for p in PEOPLE:
        standin.add_user(p.id, name=p.name, display_name=p.name.split(" (")[0])
    standin.add_channel(
        PANEL,
        name="efrp-panel",
        private=True,
        member=True,
        members=[COORDINATOR.id, TEACHER.id, POLICE.id, YOUTH.id, HEALTH.id],
    )
    standin.add_channel("CGENERAL01", name="general", private=False, member=False)


def local_settings(standin: SlackStandin, database_url: str, **overrides: str) -> Settings:
    """Settings that point the bot at the stand-in."""
    env = {
        "SLACK_BOT_TOKEN": standin.state.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.api_url,
        "EFRP_DATABASE_URL": database_url,
        "EFRP_PANEL_CHANNEL": PANEL,
        "EFRP_COORDINATORS": COORDINATOR.id,
        "EFRP_TIMEZONE": "Europe/London",
        # The stand-in enforces no rate limits unless asked to (SlackStandin.enforce_limits).
        "EFRP_DELIVERY_PACING": "slack" if standin.limits_on else "off",
    }
    env.update(overrides)
    return load_settings(env)


class CountingExecutor(ListenerExecutor):
    """A listener pool that knows when all submitted work has finished."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inflight = 0
        self._cv = threading.Condition()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._cv:
            self._inflight += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _f: Future[Any]) -> None:
        with self._cv:
            self._inflight -= 1
            self._cv.notify_all()

    def wait_idle(self, timeout: float = 20.0) -> bool:
        """Wait until no listener work is running or queued."""
        with self._cv:
            return self._cv.wait_for(lambda: self._inflight == 0, timeout)


class LocalBot:
    """The bot started as `efrp serve` would be, on a free port, with a clock the caller controls."""

    def __init__(self, settings: Settings, standin: SlackStandin, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self.standin = standin
        self.clock = clock or ManualClock(time_now())
        self.running: Running | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> LocalBot:
        """Start the app and its HTTP server."""
        self.running = start(
            self.settings,
            clock=self.clock,
            with_scheduler=False,
            executor=CountingExecutor(max_workers=16, thread_name_prefix="efrp-listener"),
        )
        self._server = make_http_server(
            self.running.app, self.running.deps.engine, "127.0.0.1", 0, self.clock
        )
        self._server.prepare()
        self._thread = threading.Thread(target=self._server.serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the server and the app."""
        if self._server is not None:
            self._server.stop()
        if self.running is not None:
            self.running.stop()

    def __enter__(self) -> LocalBot:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The bot's base URL."""
        return f"http://127.0.0.1:{self._server.bind_addr[1]}"

    @property
    def deps(self) -> Any:
        """The running bot's collaborators."""
        assert self.running is not None
        return self.running.deps

    def driver(self) -> SlackDriver:
        """A driver acting as Slack towards this bot."""
        return SlackDriver(self.url, SIGNING_SECRET, self.standin)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait for listener work to finish and for everything owed now to be delivered."""
        assert self.running is not None
        executor = self.running.executor
        deliverer = make_deliverer(self.running.deps)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if isinstance(executor, CountingExecutor):
                executor.wait_idle()
            deliverer.drain()
            if isinstance(executor, CountingExecutor):
                executor.wait_idle()
            with session_scope(self.running.deps.engine) as session:
                busy = outbox.in_flight_or_due(session=session, now=self.clock.now())
            if not busy:
                return
            time.sleep(0.02)

    def with_settings(self, **changes: Any) -> Settings:
        """A copy of the settings with some fields changed."""
        return replace(self.settings, **changes)


def time_now() -> Any:
    """The real current time (only for the harness's default clock)."""
    from datetime import UTC, datetime

    return datetime.now(UTC)
