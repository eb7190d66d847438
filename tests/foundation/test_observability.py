"""Logs as JSON lines and /metrics in Prometheus format, from a real `efrp serve` and the in-process bot."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

from prometheus_client.parser import text_string_to_metric_families

from bot.core.clock import ManualClock
from bot.standin.driver import SlackDriver
from bot.standin.harness import SIGNING_SECRET, LocalBot
from bot.standin.server import SlackStandin
from storage import outbox
from storage.db import session_scope
from tests.conftest import wait_for
from tests.process import ServeProcess, bot_env, run_efrp

EXPORTED = (  # every family /metrics declares, used or not yet
    "efrp_requests",
    "efrp_ack_latency_seconds",
    "efrp_outbox_deliveries",
    "efrp_outbox_retries",
    "efrp_outbox_rate_limited",
    "efrp_outbox_permanent_failures",
    "efrp_sweep_duration_seconds",
    "efrp_reminders",
    "efrp_outbox_backlog",
    "efrp_outbox_oldest_undelivered_seconds",
    "efrp_database_up",
)
CASE_TEXT = "Jaydenmarker seen with older males at the Riverside underpass"


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """GET /metrics and parse it as Prometheus does: {(sample name, sorted labels): value}."""
    with urllib.request.urlopen(url + "/metrics", timeout=10) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain; version=")
        text = resp.read().decode()
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    families = {f.name: f.type for f in text_string_to_metric_families(text)}
    for name in EXPORTED:
        assert name in families, name
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def test_json_logs_one_line_per_request_without_case_text(standin: SlackStandin, database_url: str) -> None:
    served = ServeProcess(bot_env(standin, database_url, EFRP_LOG_FORMAT="json"))
    try:
        served.wait_ready()
        d = SlackDriver(served.url, SIGNING_SECRET, standin)
        assert d.command("UTEACH0001", "/efh", "help").status == 200
        assert d.command("UTEACH0001", "/efh-refer", CASE_TEXT).status == 200
        assert d.open_home("UTEACH0001").status == 200
        assert (
            d.post(
                b"command=%2Fefh&text=" + CASE_TEXT.encode(),
                "application/x-www-form-urlencoded",
                signature="v0=" + "0" * 64,
            ).status
            == 401
        )
    finally:
        code, _out, err = served.terminate()
    assert code == 0, err
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]  # every line is JSON
    requests = [r for r in lines if r["logger"] == "efrp.requests"]
    assert [(r["listener"], r["outcome"], r["status"]) for r in requests] == [
        ("command:/efh", "ok", 200),
        ("command:/efh-refer", "ok", 200),
        ("event:app_home_opened", "ok", 200),
        ("unverified", "refused", 401),
    ]
    assert len({r["request_id"] for r in requests}) == 4
    for r in requests:
        assert {"time", "level", "message", "latency_ms", "slack_retry"} <= r.keys()
        assert isinstance(r["latency_ms"], float) and r["level"] == "INFO"
    assert "Jaydenmarker" not in err and "Riverside" not in err


def test_text_logs_are_the_default_and_a_bad_format_is_refused(
    standin: SlackStandin, database_url: str
) -> None:
    r = run_efrp("serve", env=bot_env(standin, database_url, EFRP_LOG_FORMAT="yaml"))
    assert r.returncode == 2
    assert "EFRP_LOG_FORMAT must be one of text, json" in r.stderr
    r = run_efrp("config", "check", env=bot_env(standin, database_url, EFRP_LOG_FORMAT="JSON"))
    assert r.returncode == 0 and "EFRP_LOG_FORMAT" in r.stdout and "json" in r.stdout


def test_metrics_from_a_real_process_parse_as_prometheus(standin: SlackStandin, database_url: str) -> None:
    served = ServeProcess(bot_env(standin, database_url))
    try:
        served.wait_ready()
        d = SlackDriver(served.url, SIGNING_SECRET, standin)
        assert d.command("UTEACH0001", "/efh", "help").status == 200
        assert d.command("UTEACH0001", "/efh", "help").status == 200
        assert d.post(b"x=1", "application/x-www-form-urlencoded", signature="v0=" + "0" * 64).status == 401
        m = scrape(served.url)
    finally:
        served.terminate()
    assert m[("efrp_requests_total", (("listener", "command:/efh"), ("outcome", "ok")))] == 2
    assert m[("efrp_requests_total", (("listener", "unverified"), ("outcome", "refused")))] == 1
    assert m[("efrp_ack_latency_seconds_count", ())] == 3
    assert m[("efrp_ack_latency_seconds_bucket", (("le", "+Inf"),))] == 3
    assert m[("efrp_database_up", ())] == 1
    assert m[("efrp_outbox_backlog", (("lane", "panel"), ("op", "post")))] == 0
    assert m[("efrp_outbox_oldest_undelivered_seconds", ())] == 0


def test_outbox_gauges_and_delivery_counters(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    before = scrape(bot.url)
    standin.fail_next("chat.postMessage", status=429, retry_after=300, times=1)
    with session_scope(bot.deps.engine) as s:
        outbox.enqueue(
            session=s,
            key="test:metrics:1",
            op=outbox.Op.POST,
            channel=outbox.PANEL,
            payload={"text": "hello panel"},
            now=clock.now(),
        )
        outbox.enqueue(
            session=s,
            key="test:metrics:2",
            op=outbox.Op.DM,
            channel="UTEACH0001",
            payload={"text": "hello"},
            now=clock.now() + timedelta(seconds=60),
        )
    wait_for(lambda: standin.calls_to("chat.postMessage!fault"))
    clock.advance(timedelta(seconds=200))
    m = scrape(bot.url)
    assert m[("efrp_outbox_backlog", (("lane", "panel"), ("op", "post")))] == 1
    assert m[("efrp_outbox_oldest_undelivered_seconds", ())] == 200
    assert (
        m[("efrp_outbox_rate_limited_total", ())] == before.get(("efrp_outbox_rate_limited_total", ()), 0) + 1
    )
    clock.advance(timedelta(seconds=200))
    bot.settle()
    after = scrape(bot.url)
    assert after[("efrp_outbox_backlog", (("lane", "panel"), ("op", "post")))] == 0
    assert after[("efrp_outbox_oldest_undelivered_seconds", ())] == 0
    key = ("efrp_outbox_deliveries_total", (("op", "post"),))
    assert after[key] >= before.get(key, 0) + 1
