"""Benchmark `/efh-refer`: `efrp serve` against a bare bolt app opening the very same referral form.

    PYTHONPATH=. python bench/ack.py [--requests 40] [--rounds 4] [--concurrency 1,16]

Starts the local Slack stand-in in this process, then two servers as separate processes on free ports, both
answering Slack through the same threaded WSGI server (waitress, as `efrp serve` does) and opening their form
with `views.open` against the stand-in:
  efrp  the real `efrp serve` (temporary SQLite database);
  bare  a bolt app with default settings whose only listener acks and opens `referral_modal()`.
At each concurrency it sends signed `/efh-refer` requests in rounds, efrp then bare then efrp…, and
measures per request:
  ack    time from sending the request to its HTTP response (Slack needs it within 3 s);
  modal  time from sending it until the stand-in received the `views.open` for its trigger.
It prints p50 / p90 / p99 of each, and efrp/bare ratios. Each server counts its full (generation 2)
garbage collections and their pauses with `gc.callbacks` during the measured rounds, printed at the end.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAUSES: list[tuple[float, float]] = []  # (monotonic start, seconds) of each full collection, in a server


def _count_full_collections() -> None:
    started: list[float] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            started.append(time.monotonic())
        elif started:
            t0 = started.pop()
            PAUSES.append((t0, time.monotonic() - t0))

    gc.callbacks.append(callback)


def _print_pauses() -> None:
    print("GCPAUSES " + json.dumps(PAUSES), file=sys.stderr, flush=True)


def serve_efrp(port: int) -> int:
    """The real `efrp serve`, counting its full collections (settings from the environment)."""
    from bot.cli import main

    _count_full_collections()
    code = main(["serve", "--host", "127.0.0.1", "--port", str(port)])
    _print_pauses()
    return code


def serve_bare(port: int) -> int:
    """A bare bolt app (default settings) that acks `/efh-refer` and opens the same form."""
    from slack_bolt import Ack, App
    from slack_sdk import WebClient

    from bot.domain.framework import default_framework
    from bot.server import make_http_server
    from handlers.referrals.views import referral_modal
    from storage.db import make_engine

    _count_full_collections()
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"], client=client)

    @app.command("/efh-refer")
    def refer(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(
            trigger_id=body["trigger_id"],
            view=referral_modal(default_framework(), name=str(body.get("text") or "")),
        )

    server = make_http_server(app, make_engine("sqlite://"), "127.0.0.1", port)
    server.prepare()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    stop.wait()
    server.stop()
    _print_pauses()
    return 0


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


class Target:
    """One server process under test."""

    def __init__(self, name: str, mode: str, env: dict[str, str]) -> None:
        from tests.process import free_port

        self.name = name
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, __file__, mode, str(self.port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        # Read its stderr as it comes (efrp logs every request): a full pipe would stop the server.
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def wait_ready(self) -> None:
        """Until /healthz answers."""
        from tests.process import get

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if get(self.url + "/healthz")[0] in (200, 503):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.name} did not start: {''.join(self.lines)}")

    def stop(self) -> list[tuple[float, float]]:
        """SIGTERM, and the full-collection pauses it reported."""
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        self.reader.join(60)
        for line in self.lines:
            if line.startswith("GCPAUSES "):
                return [tuple(p) for p in json.loads(line[len("GCPAUSES ") :])]  # type: ignore[misc]
        return []


def run_round(
    target: Target, standin: Any, opened: dict[str, float], n: int, c: int
) -> list[tuple[float, float]]:
    """Send n requests, c at a time; (ack s, modal s) of each."""
    from bot.standin.driver import TEAM, SlackDriver
    from bot.standin.harness import SIGNING_SECRET, TEACHER

    driver = SlackDriver(target.url, SIGNING_SECRET, standin)
    sent: dict[str, float] = {}
    acks: dict[str, float] = {}

    def one(i: int) -> None:
        trigger = standin.new_trigger(TEACHER.id)
        fields = {"command": "/efh-refer", "text": f"Place {i}", "user_id": TEACHER.id, "trigger_id": trigger}
        fields |= {
            "team_id": TEAM["id"],
            "api_app_id": "AEFRP",
            "channel_id": "CGENERAL01",
            "response_url": standin.base_url + "/respond/1",
        }
        body = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in fields.items()).encode()
        sent[trigger] = time.monotonic()
        reply = driver.post(body, "application/x-www-form-urlencoded")
        acks[trigger] = time.monotonic()
        if reply.status != 200:
            raise SystemExit(f"{target.name} answered {reply.status}")

    with ThreadPoolExecutor(c) as pool:
        list(pool.map(one, range(n)))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(t not in opened for t in sent):
        time.sleep(0.01)
    return [(acks[t] - sent[t], opened.get(t, float("inf")) - sent[t]) for t in sent]


def report(c: int, results: dict[str, list[tuple[float, float]]], emit: Callable[[str], None]) -> None:
    """One block per concurrency: percentiles of each target and the ratios efrp/bare."""
    rows = {}
    for name, pairs in results.items():
        acks = [a * 1000 for a, _ in pairs]
        modals = [m * 1000 for _, m in pairs]
        rows[name] = {f"ack p{q}": percentile(acks, q) for q in (50, 90, 99)} | {
            f"modal p{q}": percentile(modals, q) for q in (50, 90, 99)
        }
    emit(f"concurrency {c}: {len(results['efrp'])} requests each (ms)")
    emit(f"{'':>12}" + "".join(f"{k:>11}" for k in rows["efrp"]))
    for name, row in rows.items():
        emit(f"{name:>12}" + "".join(f"{v:>11.1f}" for v in row.values()))
    emit(f"{'efrp/bare':>12}" + "".join(f"{rows['efrp'][k] / rows['bare'][k]:>11.2f}" for k in rows["efrp"]))


def drive(args: argparse.Namespace) -> int:
    """Start the stand-in and both servers, alternate rounds, print the figures."""
    from bot.standin.harness import standin_workspace
    from bot.standin.server import SlackStandin
    from tests.process import bot_env

    opened: dict[str, float] = {}
    with SlackStandin() as standin, tempfile.TemporaryDirectory(prefix="efrp-bench-") as tmp:
        standin_workspace(standin)
        standin.listeners.append(
            lambda method, params: (
                opened.setdefault(str(params.get("trigger_id")), time.monotonic())
                if method == "views.open"
                else None
            )
        )
        env = bot_env(standin, f"sqlite:///{tmp}/efrp.db")
        targets = [Target("efrp", "--serve-efrp", env), Target("bare", "--serve-bare", env)]
        for t in targets:
            t.wait_ready()
        for t in targets:  # warm-up: first requests load templates, connections and caches
            run_round(t, standin, opened, 10, 2)
        began = time.monotonic()
        for c in (int(x) for x in args.concurrency.split(",")):
            results: dict[str, list[tuple[float, float]]] = {t.name: [] for t in targets}
            for _ in range(args.rounds):
                for t in targets:
                    results[t.name] += run_round(t, standin, opened, args.requests * max(1, c // 4), c)
            report(c, results, print)
        ended = time.monotonic()
        for t in targets:
            pauses = [s * 1000 for at, s in t.stop() if began <= at <= ended]
            longest = max(pauses, default=0.0)
            median = statistics.median(pauses) if pauses else 0.0
            print(
                f"{t.name}: {len(pauses)} full collections while measured, median {median:.1f} ms, "
                f"longest {longest:.1f} ms, {sum(p >= 10 for p in pauses)} of 10 ms or more"
            )
    return 0


def main() -> int:
    """Parse the arguments: drive the benchmark, or be one of its servers."""
    if len(sys.argv) == 3 and sys.argv[1] in ("--serve-efrp", "--serve-bare"):
        return (serve_efrp if sys.argv[1] == "--serve-efrp" else serve_bare)(int(sys.argv[2]))
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=40, help="requests per round at concurrency 1")
    parser.add_argument("--rounds", type=int, default=4, help="rounds per server at each concurrency")
    parser.add_argument("--concurrency", default="1,16", help="comma-separated numbers of requests in flight")
    return drive(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
