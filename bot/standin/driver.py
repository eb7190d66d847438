"""Acts as Slack does towards the bot: signed slash commands, clicks, form submissions and events."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.standin.server import Message, SlackStandin

TEAM = {"id": "TEFRP", "domain": "efrp-demo"}


@dataclass
class Reply:
    """The bot's HTTP answer to one request."""

    status: int
    body: str

    def json(self) -> Any:
        """The answer's body as JSON (empty dict for an empty body)."""
        return json.loads(self.body) if self.body.strip() else {}


def sign(secret: str, body: bytes, timestamp: str) -> str:
    """Slack's v0 request signature."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver:
    """Sends what Slack would send to the bot's /slack/events when people use it."""

    def __init__(self, bot_url: str, signing_secret: str, standin: SlackStandin) -> None:
        self.url = bot_url.rstrip("/") + "/slack/events"
        self.secret = signing_secret
        self.standin = standin
        self._ids = itertools.count(1)

    # --- transport ------------------------------------------------------------------------
    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Reply:
        """Send a raw request, signed unless a signature is given."""
        ts = timestamp if timestamp is not None else str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature if signature is not None else sign(self.secret, body, ts),
        }
        headers.update(extra_headers or {})
        req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return Reply(resp.status, resp.read().decode())
        except urllib.error.HTTPError as err:
            return Reply(err.code, err.read().decode())

    def _form(self, fields: dict[str, str]) -> Reply:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def _interaction(self, payload: dict[str, Any]) -> Reply:
        return self._form({"payload": json.dumps(payload)})

    # --- what people do ----------------------------------------------------------------------
    def command(self, user: str, command: str, text: str = "", *, channel: str = "CGENERAL01") -> Reply:
        """Type a slash command in a channel."""
        n = next(self._ids)
        return self._form(
            {
                "token": "legacy",
                "team_id": TEAM["id"],
                "team_domain": TEAM["domain"],
                "channel_id": channel,
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "AEFRP",
                "response_url": f"{self.standin.base_url}/respond/{n}",
                "trigger_id": self.standin.new_trigger(user),
            }
        )

    def shortcut(self, user: str, callback_id: str) -> Reply:
        """Run a global shortcut (from the composer or the search bar; there is no channel)."""
        payload = {
            "type": "shortcut",
            "token": "legacy",
            "action_ts": f"{time.time():.6f}",
            "team": TEAM,
            "user": {"id": user, "username": user.lower(), "team_id": TEAM["id"]},
            "api_app_id": "AEFRP",
            "callback_id": callback_id,
            "trigger_id": self.standin.new_trigger(user),
        }
        return self._interaction(payload)

    def click(
        self,
        user: str,
        message: Message,
        action_id: str,
        *,
        value: str | None = None,
        selected: dict[str, Any] | None = None,
    ) -> Reply:
        """Click a button (or pick from a select) in a message the bot posted."""
        element = _find_element(message.blocks or [], action_id, value)
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": element[0],
            "type": element[1].get("type", "button"),
            "action_ts": f"{time.time():.6f}",
        }
        if "value" in element[1] or value is not None:
            action["value"] = value if value is not None else element[1].get("value")
        if selected is not None:
            action.update(selected)
        payload = {
            "type": "block_actions",
            "team": TEAM,
            "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "AEFRP",
            "trigger_id": self.standin.new_trigger(user),
            "container": {"type": "message", "message_ts": message.ts, "channel_id": message.channel},
            "channel": {"id": message.channel},
            "message": {"ts": message.ts, "text": message.text, "blocks": message.blocks},
            "response_url": f"{self.standin.base_url}/respond/{next(self._ids)}",
            "actions": [action],
        }
        return self._interaction(payload)

    def click_in_view(
        self,
        user: str,
        view: dict[str, Any],
        action_id: str,
        *,
        value: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> Reply:
        """Click a button inside a modal or the App Home (with what is typed in the modal so far, if any)."""
        element = _find_element(view.get("blocks", []), action_id, value)
        action = {
            "action_id": action_id,
            "block_id": element[0],
            "type": element[1].get("type", "button"),
            "value": value if value is not None else element[1].get("value"),
            "action_ts": f"{time.time():.6f}",
        }
        payload = {
            "type": "block_actions",
            "team": TEAM,
            "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "AEFRP",
            "trigger_id": self.standin.new_trigger(user),
            "container": {"type": "view", "view_id": view.get("id")},
            "view": view if values is None else dict(view, state={"values": _state(view, values)}),
            "actions": [action],
        }
        return self._interaction(payload)

    def submit(
        self,
        user: str,
        view: dict[str, Any],
        values: dict[str, Any],
        *,
        overrides: dict[str, Any] | None = None,
    ) -> Reply:
        """Fill in a modal's fields (block_id -> value) and press submit (overrides: payload keys)."""
        submitted = dict(view, state={"values": _state(view, values)})
        payload = {
            "type": "view_submission",
            "team": TEAM,
            "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "AEFRP",
            "trigger_id": self.standin.new_trigger(user),
            "view": submitted,
        }
        payload.update(overrides or {})
        return self._interaction(payload)

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> Reply:
        """Deliver an Events API event (optionally as one of Slack's retries)."""
        body = {
            "token": "legacy",
            "team_id": TEAM["id"],
            "api_app_id": "AEFRP",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}",
            "event_time": int(time.time()),
            "event": event,
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(body).encode(), "application/json", extra_headers=headers)

    def channel_event(self, kind: str, channel: str, *, user: str | None = None, **flags: bool) -> Reply:
        """Change a channel's flags in the stand-in, then send the event Slack sends for it.

        E.g. `channel_event("channel_shared", PANEL, is_shared=True, is_ext_shared=True)`, or
        `channel_event("group_archive", PANEL, is_archived=True)`; `member_joined_channel` needs `user`.
        """
        if flags:
            self.standin.set_channel(channel, **flags)
        event: dict[str, Any] = {"type": kind, "channel": channel, "event_ts": f"{time.time():.6f}"}
        if kind == "channel_shared":
            event["connected_team_id"] = "TOTHERORG1"
        elif kind == "channel_unshared":
            event["previously_connected_team_id"] = "TOTHERORG1"
            event["is_ext_shared"] = bool(self.standin.state.channels[channel].get("is_ext_shared"))
        elif kind in ("member_joined_channel", "member_left_channel"):
            member = self.standin.state.users.get(user or "", {})
            event.update(user=user, channel_type="G", team=member.get("team_id", TEAM["id"]))
        return self.event(event)

    def open_home(self, user: str) -> Reply:
        """Open the bot's Home tab."""
        return self.event(
            {
                "type": "app_home_opened",
                "user": user,
                "channel": "D" + user,
                "tab": "home",
                "event_ts": f"{time.time():.6f}",
            }
        )


def _state(view: dict[str, Any], values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A modal's state as Slack sends it: every input block, with the values given (block_id -> value)."""
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        bid = block["block_id"]
        el = block["element"]
        state[bid] = {el["action_id"]: _element_state(el, values.get(bid))}
    unknown = set(values) - set(state)
    if unknown:
        raise KeyError(f"no input blocks {sorted(unknown)} in view {view.get('callback_id')}")
    return state


def _find_element(
    blocks: list[dict[str, Any]], action_id: str, value: str | None
) -> tuple[str, dict[str, Any]]:
    for block in blocks:
        candidates = list(block.get("elements") or [])
        if block.get("accessory"):
            candidates.append(block["accessory"])
        if block.get("element"):
            candidates.append(block["element"])
        for el in candidates:
            if el.get("action_id") == action_id and (value is None or el.get("value") in (None, value)):
                return str(block.get("block_id", "")), el
    raise KeyError(f"no element {action_id!r} in these blocks")


def _option(el: dict[str, Any], value: str) -> dict[str, Any]:
    options = list(el.get("options") or [])
    for group in el.get("option_groups") or []:
        options.extend(group.get("options", []))
    for opt in options:
        if opt.get("value") == value:
            return dict(opt)
    raise KeyError(f"no option {value!r} in {el.get('action_id')}")


def _element_state(el: dict[str, Any], value: Any) -> dict[str, Any]:
    kind = el["type"]
    if kind == "plain_text_input":
        return {"type": kind, "value": value}
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": _option(el, value) if value is not None else None}
    if kind in ("multi_static_select", "checkboxes"):
        return {"type": kind, "selected_options": [_option(el, v) for v in (value or [])]}
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(value or [])}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    if kind == "timepicker":
        return {"type": kind, "selected_time": value}
    if kind == "number_input":
        return {"type": kind, "value": value}
    raise ValueError(f"the driver cannot fill a {kind}")
