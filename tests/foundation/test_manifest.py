"""manifest.yml is a valid Slack app manifest and matches what the code listens to."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from bot.standin.harness import LocalBot
from tests.shared_files import shared_dir

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = shared_dir("schemas") / "slack-app-manifest.schema.json"


def _manifest() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema() -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(_manifest(), schema)


def test_manifest_declares_both_commands_interactivity_events_and_home() -> None:
    m = _manifest()
    commands = {c["command"] for c in m["features"]["slash_commands"]}
    assert commands == {"/efh-refer", "/efh"}
    assert all(len(c) <= 32 for c in commands)
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert m["settings"]["interactivity"]["is_enabled"] is True
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert "app_home_opened" in events
    urls = {c["url"] for c in m["features"]["slash_commands"]}
    urls |= {
        m["settings"]["interactivity"]["request_url"],
        m["settings"]["event_subscriptions"]["request_url"],
    }
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    assert "socket_mode_enabled" in m["settings"]


def test_the_refer_shortcut_is_declared_global_with_the_callback_the_code_listens_to(bot: LocalBot) -> None:
    from handlers.referrals.ids import SHORTCUT

    (shortcut,) = _manifest()["features"]["shortcuts"]
    assert shortcut["type"] == "global" and shortcut["callback_id"] == SHORTCUT
    assert shortcut["name"] == "Refer a context"
    assert bot.driver().shortcut("UTEACH0001", SHORTCUT).status == 200


def test_every_subscribed_event_has_a_listener(bot: LocalBot) -> None:
    """An event with no listener gets 404 from bolt, which Slack retries: each one must be answered 200."""
    driver = bot.driver()
    for event in _manifest()["settings"]["event_subscriptions"]["bot_events"]:
        reply = driver.event(
            {
                "type": event,
                "user": "UTEACH0001",
                "channel": "GPANEL0001",
                "tab": "home",
                "event_ts": "1800000000.000001",
            }
        )
        assert reply.status == 200, f"no listener for subscribed event {event}"


def test_manifest_asks_for_every_scope_the_bot_uses() -> None:
    scopes = set(_manifest()["oauth_config"]["scopes"]["bot"])
    # users:read for names in exports (users.info); files:write for charts (files_upload_v2).
    assert {"commands", "chat:write", "im:write", "files:write", "users:read"} <= scopes
