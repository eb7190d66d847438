"""Benchmark delivery at Slack's pace: 500 reminder DMs and 200 channel posts against the stand-in with
Slack's rate limits on; prints how long everything took, the 429s answered and the calls made.

    PYTHONPATH=. python bench/delivery.py [--dms 500] [--users 50] [--posts 200] [--channels 4]
                                          [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Without --database-url it uses SQLite in a temporary directory; with one, the database named is used
as it is (give it an empty, disposable one). Channel posts are spread over --channels channels (the
first is the panel): at about one post per second per channel, that sets the floor on the time taken.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.core.clock import SystemClock
from bot.standin.harness import PANEL, LocalBot, local_settings, standin_workspace
from bot.standin.server import SlackStandin
from storage import outbox
from storage.db import session_scope
from storage.outbox import Op


def owe(bot: LocalBot, *, dms: int, users: int, posts: int, channels: list[str]) -> None:
    """Record the DMs (a sweep) and the channel posts, as the use cases would."""
    with session_scope(bot.deps.engine) as s:
        for i in range(dms):
            user = f"UBENCH{i % users:04d}"
            outbox.enqueue(
                session=s,
                key=f"bench:dm:{i}",
                op=Op.DM,
                channel=user,
                payload={"text": f"dm {i}"},
                now=bot.clock.now(),
            )
        for i in range(posts):
            channel = channels[i % len(channels)]
            outbox.enqueue(
                session=s,
                key=f"bench:post:{i}",
                op=Op.POST,
                channel=channel,
                payload={"text": f"post {i}"},
                now=bot.clock.now(),
            )


def run(database_url: str | None, *, dms: int, users: int, posts: int, channels: int) -> dict[str, object]:
    """Deliver everything once with limits on; returns the figures."""
    with tempfile.TemporaryDirectory() as tmp, SlackStandin() as standin:
        standin_workspace(standin)
        limits = standin.enforce_limits()
        names = [PANEL] + [f"CBENCH{i:04d}" for i in range(1, channels)]
        for name in names[1:]:
            standin.add_channel(name, name=name.lower(), private=True, member=True)
        for i in range(users):
            standin.add_user(f"UBENCH{i:04d}", name=f"Invented person {i}")
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with LocalBot(local_settings(standin, url), standin, clock=SystemClock()) as bot:
            started = time.monotonic()
            owe(bot, dms=dms, users=users, posts=posts, channels=names)
            while True:
                with session_scope(bot.deps.engine) as s:
                    if outbox.pending_count(session=s) == 0:
                        break
                time.sleep(0.2)
            elapsed = time.monotonic() - started
        calls = Counter(c.method for c in standin.state.calls)
        in_order = all(
            [m.text for m in standin.messages_in(n)]
            == sorted((m.text for m in standin.messages_in(n)), key=lambda t: int(t.split()[1]))
            for n in names
        )
        return {
            "seconds": round(elapsed, 1),
            "delivered": len(standin.state.messages),
            "expected": dms + posts,
            "429s": limits.rejected,
            "in order per channel": in_order,
            "conversations.open": calls["conversations.open"],
            "chat.postMessage": calls["chat.postMessage"],
        }


def main() -> None:
    """Parse the options, run once, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--dms", type=int, default=500)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--channels", type=int, default=4)
    args = parser.parse_args()
    figures = run(args.database_url, dms=args.dms, users=args.users, posts=args.posts, channels=args.channels)
    for name, value in figures.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
