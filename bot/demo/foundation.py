"""Demo stage: the bot is up, healthy, and tells people what it does."""

from __future__ import annotations

import json
import urllib.request

from bot.demo.scene import Demo
from bot.standin.harness import TEACHER


def run(demo: Demo) -> None:
    """Show the health check and `/efh help`."""
    demo.stage("The bot starts")
    with urllib.request.urlopen(demo.bot.url + "/healthz", timeout=10) as resp:
        demo.narrate(f"GET /healthz → {resp.status} {json.loads(resp.read())}")
    demo.narrate(f"{TEACHER.name} types `/efh help`.")
    demo.driver.command(TEACHER.id, "/efh", "help")
    demo.show_new()
