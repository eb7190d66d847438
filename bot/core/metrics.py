"""This process's Prometheus metrics (prometheus-client): counters and histograms every layer may bump.

Each process counts its own requests, deliveries and sweeps; the outbox gauges are read from the shared
database when /metrics is scraped (see bot/observe.py), so every replica reports the same global figures.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram

# Slack wants an answer within 3 s: buckets are finer below that.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
SWEEP_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0)


@dataclass(frozen=True)
class Metrics:
    """The process's registry and every metric it records (label values are kinds and IDs, never text)."""

    registry: CollectorRegistry
    requests: Counter
    ack_latency: Histogram
    deliveries: Counter
    retries: Counter
    rate_limited: Counter
    permanent_failures: Counter
    sweep_duration: Histogram
    reminders_sent: Counter


@functools.cache
def metrics() -> Metrics:
    """The one Metrics of this process, made on first use (not at import)."""
    registry = CollectorRegistry(auto_describe=True)
    return Metrics(
        registry=registry,
        requests=Counter(
            "efrp_requests",
            "Requests from Slack on /slack/events, by listener and outcome.",
            ["listener", "outcome"],
            registry=registry,
        ),
        ack_latency=Histogram(
            "efrp_ack_latency_seconds",
            "Time from receiving a Slack request to answering it (Slack's limit is 3 s).",
            buckets=ACK_BUCKETS,
            registry=registry,
        ),
        deliveries=Counter(
            "efrp_outbox_deliveries", "Outbox rows delivered to Slack, by op.", ["op"], registry=registry
        ),
        retries=Counter(
            "efrp_outbox_retries",
            "Outbox deliveries put back to retry later, by op.",
            ["op"],
            registry=registry,
        ),
        rate_limited=Counter(
            "efrp_outbox_rate_limited",
            "Deliveries Slack answered with 429 (rate limited).",
            registry=registry,
        ),
        permanent_failures=Counter(
            "efrp_outbox_permanent_failures",
            "Outbox rows Slack refused for good (reported to the coordinators), by op.",
            ["op"],
            registry=registry,
        ),
        sweep_duration=Histogram(
            "efrp_sweep_duration_seconds",
            "Duration of each scheduled job run (reminder sweep, agenda job), by job.",
            ["job"],
            buckets=SWEEP_BUCKETS,
            registry=registry,
        ),
        reminders_sent=Counter(
            "efrp_reminders",
            "Reminders, escalations and review notices recorded, by kind.",
            ["kind"],
            registry=registry,
        ),
    )
