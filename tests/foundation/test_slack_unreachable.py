"""Slack unreachable at start-up: one clear line naming the URL, the error and the proxy hint; exit 2."""

from __future__ import annotations

from bot.standin.server import SlackStandin
from tests.process import ServeProcess, bot_env, free_port, run_efrp


def test_closed_port_gives_one_line_and_exit_2(database_url: str) -> None:
    url = f"http://127.0.0.1:{free_port()}/api/"
    r = run_efrp("serve", "--port", str(free_port()), env=bot_env(None, database_url, SLACK_API_URL=url))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("efrp: cannot start: SLACK_API_URL")
    assert url in lines[0] and "HTTPS_PROXY" in lines[0] and "refused" in lines[0].lower()
    assert "Traceback" not in r.stderr


def test_the_client_goes_through_https_proxy(standin: SlackStandin, database_url: str) -> None:
    # The stand-in itself is up; only the proxy in HTTPS_PROXY/HTTP_PROXY is closed, so the start fails there.
    proxy = f"http://operator:secret@127.0.0.1:{free_port()}"
    env = bot_env(standin, database_url, HTTPS_PROXY=proxy, HTTP_PROXY=proxy, NO_PROXY="")
    r = run_efrp("serve", "--port", str(free_port()), env=env)
    assert r.returncode == 2, r.stderr
    assert "through the proxy http://127.0.0.1:" in r.stderr and "secret" not in r.stderr
    assert standin.calls_to("auth.test") == []


def test_no_proxy_is_honoured(standin: SlackStandin, database_url: str) -> None:
    proxy = f"http://127.0.0.1:{free_port()}"
    env = bot_env(standin, database_url, HTTPS_PROXY=proxy, HTTP_PROXY=proxy, NO_PROXY="127.0.0.1,localhost")
    served = ServeProcess(env)
    try:
        served.wait_ready()
        assert standin.calls_to("auth.test")
    finally:
        code, _out, err = served.terminate()
    assert code == 0, err
