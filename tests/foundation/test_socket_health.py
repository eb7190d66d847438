"""Socket Mode's health endpoint: 200 while the WebSocket is connected and the database answers, else 503."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from bot.standin.server import SlackStandin
from tests.conftest import wait_for
from tests.process import ServeProcess, bot_env, free_port, get, run_efrp


def _health(port: int) -> tuple[int, object] | None:
    try:
        return get(f"http://127.0.0.1:{port}/healthz")
    except OSError:
        return None


def test_healthz_follows_the_websocket(standin: SlackStandin, database_url: str) -> None:
    env = bot_env(standin, database_url, SLACK_APP_TOKEN="xapp-1-standin", SLACK_SIGNING_SECRET="")
    port = free_port()
    proc = ServeProcess(env, "--socket-mode", "--health-port", str(port))
    try:
        seen = wait_for(lambda: (_health(port) or (0, None))[0] == 200 and _health(port), timeout=60)
        assert seen == (200, {"status": "ok", "socket": "connected", "database": "ok"})
        status, text = get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200
        names = {f.name for f in text_string_to_metric_families(str(text))}
        assert {"efrp_outbox_backlog", "efrp_outbox_oldest_undelivered_seconds"} <= names
        # Slack's WebSocket goes away and Slack refuses a new one: the health check says so.
        standin.fail_next("apps.connections.open", status=500, times=10_000)
        standin.drop_sockets()
        # The client sees the close frame at once and fails to reconnect.
        down = wait_for(lambda: (_health(port) or (0, None))[0] == 503 and _health(port), timeout=180)
        assert down == (503, {"status": "unavailable", "socket": "disconnected", "database": "ok"})
    finally:
        code, _out, err = proc.terminate()
    assert code == 0, err


def test_health_port_is_refused_in_http_mode(standin: SlackStandin, database_url: str) -> None:
    r = run_efrp("serve", "--health-port", str(free_port()), env=bot_env(standin, database_url))
    assert r.returncode == 2 and "--health-port is for --socket-mode" in r.stderr
