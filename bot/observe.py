"""What an operator sees of a running bot: one log line and one count per Slack request, and /metrics.

A request is named by its listener (slash command, action_id, callback_id or event type) and outcome,
never by anything a person typed. /metrics is Prometheus' text format (prometheus-client): this process's
counters, plus the outbox gauges read from the shared database when scraped.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.core.clock import Clock, SystemClock
from bot.core.metrics import metrics
from bot.logging_setup import REQUESTS_LOGGER
from storage import outbox_stats
from storage.db import session_scope
from storage.outbox import Op

log = logging.getLogger(REQUESTS_LOGGER)
BODY_KEY = "efrp.slack_body"  # where the Slack adapter leaves the parsed body for the request log
_SAFE = re.compile(r"[^A-Za-z0-9_./:-]")
StartResponse = Callable[..., Any]


def listener_of(body: dict[str, Any] | None) -> str:
    """Which listener a Slack payload is for, as 'kind:id' (IDs of kinds only, never user text)."""
    if not body:
        return "unparsed"
    kind = str(body.get("type") or ("command" if "command" in body else "unknown"))
    name = ""
    if "command" in body:
        kind, name = "command", str(body["command"])
    elif kind in ("block_actions", "block_suggestion", "interactive_message"):
        actions = body.get("actions") or [{}]
        name = str(actions[0].get("action_id") or body.get("action_id") or body.get("callback_id") or "")
    elif kind in ("view_submission", "view_closed"):
        name = str((body.get("view") or {}).get("callback_id") or "")
    elif kind in ("shortcut", "message_action"):
        name = str(body.get("callback_id") or "")
    elif kind == "event_callback":
        kind, name = "event", str((body.get("event") or {}).get("type") or "")
    return _SAFE.sub("_", f"{kind}:{name}" if name else kind)[:80]


def outcome_of(status: int) -> str:
    """A request's outcome from its HTTP status: ok, refused (signature), rejected (malformed) or error."""
    if status < 400:
        return "ok"
    if status == 401:
        return "refused"
    if status == 404:
        return "unhandled"
    return "rejected" if status < 500 else "error"


def slack_request(
    environ: dict[str, Any], start_response: StartResponse, handle: Callable[[StartResponse], list[bytes]]
) -> list[bytes]:
    """Run one /slack/events request, then log it once and count it (with its ack latency)."""
    started = time.perf_counter()
    request_id = uuid.uuid4().hex[:16]
    seen: list[int] = []

    def recording(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
        seen.append(int(status.split(" ", 1)[0]))
        return start_response(status, [*headers, ("X-Request-Id", request_id)], *exc)

    try:
        return handle(recording)
    finally:
        latency = time.perf_counter() - started
        status = seen[0] if seen else 500
        outcome = outcome_of(status)
        # A stranger's unsigned body names nothing: its made-up IDs must not become labels.
        listener = "unverified" if outcome == "refused" else listener_of(environ.get(BODY_KEY))
        m = metrics()
        m.requests.labels(listener=listener, outcome=outcome).inc()
        m.ack_latency.observe(latency)
        log.info(
            "slack request %s %s %s",
            listener,
            outcome,
            status,
            extra={
                "request_id": request_id,
                "listener": listener,
                "outcome": outcome,
                "status": status,
                "latency_ms": round(latency * 1000, 2),
                "slack_retry": int(environ.get("HTTP_X_SLACK_RETRY_NUM") or 0),
            },
        )


class OutboxCollector(Collector):
    """The outbox gauges, read from the database at scrape time (the same figures in every process)."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Yield the backlog by lane and op, the oldest undelivered row's age, and whether the DB answered."""
        up = GaugeMetricFamily("efrp_database_up", "1 when the database answered this scrape, else 0.")
        try:
            with session_scope(self.engine) as session:
                counts = outbox_stats.backlog(session=session)
                oldest = outbox_stats.oldest_undelivered(session=session)
        except SQLAlchemyError:
            logging.getLogger(__name__).warning("metrics: the database did not answer")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        backlog = GaugeMetricFamily(
            "efrp_outbox_backlog",
            "Outbox rows not yet delivered (pending or waiting to retry), by lane and op.",
            labels=["lane", "op"],
        )
        for lane in outbox_stats.LANES:
            for op in Op:
                backlog.add_metric([lane, op.value], counts.get((lane, op.value), 0))
        yield backlog
        age = GaugeMetricFamily(
            "efrp_outbox_oldest_undelivered_seconds",
            "Age of the oldest undelivered outbox row, in seconds (0 when none).",
        )
        now = self.clock.now()
        age.add_metric([], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        yield age


def exposition(engine: Engine, clock: Clock | None = None) -> bytes:
    """The /metrics body: this process's counters and the database's outbox gauges."""
    scraped = CollectorRegistry(auto_describe=False)
    scraped.register(OutboxCollector(engine, clock or SystemClock()))
    return generate_latest(metrics().registry) + generate_latest(scraped)


def metrics_reply(
    engine: Engine, start_response: StartResponse, clock: Clock | None = None
) -> Iterable[bytes]:
    """Answer GET /metrics."""
    body = exposition(engine, clock)
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))])
    return [body]
