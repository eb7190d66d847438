"""Run `efrp` as a real process, as an operator would."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bot.core.settings import DEFAULT_API_URL
from bot.standin.harness import PANEL, SIGNING_SECRET
from bot.standin.server import SlackStandin
from tests import cli_forks

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(standin: SlackStandin | None, database_url: str, **overrides: str) -> dict[str, str]:
    """The environment an operator would set, pointing at the stand-in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "EFRP_"))}
    env.update(
        {
            "SLACK_BOT_TOKEN": standin.state.token if standin else "xoxb-unused",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": standin.api_url if standin else DEFAULT_API_URL,
            "EFRP_DATABASE_URL": database_url,
            "EFRP_PANEL_CHANNEL": PANEL,
            "EFRP_COORDINATORS": "UCOORD0001",
            "EFRP_DELIVERY_PACING": "slack" if standin and standin.limits_on else "off",
            "NO_PROXY": "127.0.0.1,localhost",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v != ""}


def run_efrp(
    *args: str, env: dict[str, str], timeout: float = 120, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one `efrp` command to completion, in a process of its own (see tests/cli_forks.py)."""
    return cli_forks.run(list(args), env=env, cwd=ROOT, timeout=timeout, input_text=input_text)


class ServeProcess:
    """`efrp serve` on a free port, started and stopped like a real deployment (a process of its own)."""

    def __init__(self, env: dict[str, str], *extra: str, before: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.env = env
        self.proc = cli_forks.Forked(
            [*before, "serve", "--host", "127.0.0.1", "--port", str(self.port), *extra], env=env, cwd=ROOT
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until /healthz answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                raise AssertionError(f"efrp serve exited {self.proc.returncode}: {out}\n{err}")
            try:
                status, _ = get(self.url + "/healthz")
                if status in (200, 503):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("efrp serve did not become ready")

    def terminate(self, timeout: float = 60.0) -> tuple[int, str, str]:
        """Send SIGTERM and wait for a clean exit."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.wait(), out, err

    def kill(self) -> None:
        """Kill the process without letting it clean up (a crash)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate(timeout=30)


def get(url: str) -> tuple[int, Any]:
    """GET a URL and return (status, parsed JSON or text)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            body = resp.read().decode()
            return resp.status, json.loads(body) if body.startswith("{") else body
    except urllib.error.HTTPError as err:
        body = err.read().decode()
        return err.code, json.loads(body) if body.startswith("{") else body
