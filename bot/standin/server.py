"""A local stand-in for Slack's Web API: a real HTTP server that records every call and can misbehave."""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
from collections.abc import Callable
from typing import Any

from bot.standin.http import StandinServer
from bot.standin.limits import check_blocks, check_view
from bot.standin.ratelimits import SlackLimits
from bot.standin.state import Call, Fault, Message, StandinState

__all__ = ["BOT_USER", "Call", "Fault", "Message", "SlackStandin", "StandinState"]

BOT_USER = "UEFRPBOT01"
TEAM_ID = "TEFRP"
_GOING_AWAY = bytes([0x88, 0x02]) + (1001).to_bytes(2, "big")  # WebSocket close frame, code 1001


class SlackStandin:
    """Runs the stand-in on 127.0.0.1 on a free port; use as a context manager or start()/stop()."""

    def __init__(self, *, token: str = "xoxb-standin-token") -> None:
        self.state = StandinState(token=token)
        self.lock = threading.RLock()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: StandinServer | None = None
        self._thread: threading.Thread | None = None
        self.listeners: list[Callable[[str, dict[str, Any]], None]] = []
        self.limits: SlackLimits | None = None

    @property
    def limits_on(self) -> bool:
        """Whether the stand-in answers 429 to calls over Slack's rate limits."""
        return self.limits is not None

    def enforce_limits(self) -> SlackLimits:
        """Opt in to Slack's rate limits (429 with Retry-After over them); returns the counter."""
        self.limits = SlackLimits()
        return self.limits

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> SlackStandin:
        """Start serving in a background thread."""
        self._server = StandinServer(self)
        self._thread = threading.Thread(target=self._server.serve_forever, name="slack-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> SlackStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """Origin of the stand-in."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """The Web API base URL to give the bot (SLACK_API_URL)."""
        return self.base_url + "/api/"

    # --- workspace set-up ----------------------------------------------------------------
    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        private: bool = True,
        member: bool = True,
        members: list[str] | None = None,
    ) -> None:
        """Create a channel the bot may or may not be in, with its members."""
        with self.lock:
            self.state.channels[channel_id] = {
                "id": channel_id,
                "name": name,
                "is_private": private,
                "is_member": member,
                "is_channel": True,
                "is_archived": False,
                "is_shared": False,
                "is_ext_shared": False,
                "is_org_shared": False,
                "is_pending_ext_shared": False,
            }
            self.state.members[channel_id] = list(members or [])

    def set_channel(self, channel_id: str, **flags: bool) -> None:
        """Change a channel's flags as Slack would report them (is_private, is_ext_shared, is_archived...)."""
        with self.lock:
            self.state.channels[channel_id].update(flags)

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        deleted: bool = False,
        display_name: str | None = None,
        team_id: str = TEAM_ID,
        **flags: bool,
    ) -> None:
        """Create a member (names are invented): of another team, a guest (is_restricted), a stranger..."""
        shown = display_name or name
        with self.lock:
            self.state.users[user_id] = {
                "id": user_id,
                "team_id": team_id,
                "name": name,
                "real_name": name,
                "deleted": deleted,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "tz": "Europe/London",
                "profile": {"display_name": shown, "real_name": name},
                **flags,
            }

    def deactivate(self, user_id: str) -> None:
        """Deactivate a member, as when someone leaves."""
        with self.lock:
            self.state.users[user_id]["deleted"] = True

    def fail_next(self, method: str, fault: Fault | None = None, **kwargs: Any) -> None:
        """Make the next call(s) of a method misbehave."""
        with self.lock:
            self.state.faults.setdefault(method, []).append(fault or Fault(**kwargs))

    def drop_sockets(self) -> None:
        """Close every Socket Mode connection, as when Slack's WebSocket goes away."""
        with self.lock:
            sockets, self.state.sockets = self.state.sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                # A close frame first (1001: going away), as Slack sends, so the client sees it at once.
                sock.sendall(_GOING_AWAY)
                sock.shutdown(socket.SHUT_RDWR)

    def new_trigger(self, user: str) -> str:
        """Issue a trigger_id, as Slack does with each interaction."""
        trigger = f"trig.{next(self._ids)}"
        with self.lock:
            self.state.triggers[trigger] = user
        return trigger

    # --- reading what happened -------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        """Every call of one method, in order."""
        with self.lock:
            return [c for c in self.state.calls if c.method == method]

    def messages_in(self, channel: str, *, thread_ts: str | None = None) -> list[Message]:
        """Messages in a channel (or a DM channel 'D' + user), optionally one thread's replies."""
        with self.lock:
            return [
                m
                for m in self.state.messages
                if m.channel == channel and (thread_ts is None or m.thread_ts == thread_ts)
            ]

    def dms_to(self, user: str) -> list[Message]:
        """Direct messages the bot sent to a user."""
        return self.messages_in("D" + user)

    def open_view(self, user: str) -> dict[str, Any] | None:
        """The top modal a user has open, if any."""
        with self.lock:
            for vid in reversed(list(self.state.views)):
                if self.state.view_owner.get(vid) == user:
                    return self.state.views[vid]
        return None

    # --- request handling ------------------------------------------------------------------
    def _next_ts(self) -> str:
        return f"1800000000.{next(self._ts):06d}"

    def handle_api(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        """Answer one Web API call (after faults were applied)."""
        with self.lock:
            self.state.calls.append(Call(method, params, token))
        if token != self.state.token and method != "apps.connections.open":
            return {"ok": False, "error": "invalid_auth"}
        fn = getattr(self, "_api_" + method.replace(".", "_"), None)
        if fn is None:
            return {"ok": False, "error": "unknown_method"}
        with self.lock:
            result: dict[str, Any] = fn(params)
        for listener in self.listeners:
            listener(method, params)
        return result

    def _channel_ok(self, channel: str) -> dict[str, Any] | None:
        if channel.startswith("D"):
            user = self.state.users.get(channel[1:])
            if user is None:
                return {"ok": False, "error": "channel_not_found"}
            if user["deleted"]:
                return {"ok": False, "error": "account_inactive"}
            return None
        info = self.state.channels.get(channel)
        if info is None:
            return {"ok": False, "error": "channel_not_found"}
        if not info["is_member"]:
            return {"ok": False, "error": "not_in_channel"}
        return None

    def _api_auth_test(self, p: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "user_id": BOT_USER,
            "bot_id": "BEFRP",
            "team_id": TEAM_ID,
            "user": "efrp",
            "app_id": "AEFRP",
        }

    def _api_conversations_info(self, p: dict[str, Any]) -> dict[str, Any]:
        info = self.state.channels.get(str(p.get("channel")))
        if info is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": dict(info)}

    def _api_conversations_members(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = str(p.get("channel"))
        problem = self._channel_ok(channel)
        if problem:
            return problem
        return {
            "ok": True,
            "members": list(self.state.members.get(channel, [])),
            "response_metadata": {"next_cursor": ""},
        }

    def _api_conversations_open(self, p: dict[str, Any]) -> dict[str, Any]:
        user = str(p.get("users", "")).split(",")[0]
        info = self.state.users.get(user)
        if info is None:
            return {"ok": False, "error": "user_not_found"}
        if info["deleted"]:
            return {"ok": False, "error": "user_disabled"}
        return {"ok": True, "channel": {"id": "D" + user}}

    def _api_conversations_history(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = str(p.get("channel"))
        oldest = float(p.get("oldest") or 0)
        msgs = [m for m in self.state.messages if m.channel == channel and float(m.ts) >= oldest]
        out = [{"ts": m.ts, "text": m.text, "metadata": m.metadata} for m in reversed(msgs)]
        return {"ok": True, "messages": out}

    def _api_chat_postMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = str(p.get("channel"))
        problem = self._channel_ok(channel)
        if problem:
            return problem
        blocks = p.get("blocks")
        errors = check_blocks(blocks, surface="message")
        if errors:
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        if not p.get("text") and not blocks:
            return {"ok": False, "error": "no_text"}
        msg = Message(
            channel, self._next_ts(), str(p.get("text", "")), blocks, p.get("thread_ts"), p.get("metadata")
        )
        self.state.messages.append(msg)
        return {"ok": True, "channel": channel, "ts": msg.ts, "message": {"text": msg.text}}

    def _api_chat_update(self, p: dict[str, Any]) -> dict[str, Any]:
        for m in self.state.messages:
            if m.channel == p.get("channel") and m.ts == p.get("ts"):
                errors = check_blocks(p.get("blocks"), surface="message")
                if errors:
                    return {"ok": False, "error": "invalid_blocks", "errors": errors}
                m.text = str(p.get("text", m.text))
                m.blocks = p.get("blocks")
                m.edits += 1
                return {"ok": True, "channel": m.channel, "ts": m.ts}
        return {"ok": False, "error": "message_not_found"}

    def _api_chat_delete(self, p: dict[str, Any]) -> dict[str, Any]:
        for m in self.state.messages:
            if m.channel == p.get("channel") and m.ts == p.get("ts"):
                self.state.messages.remove(m)
                self.state.deleted.append(m)
                return {"ok": True, "channel": m.channel, "ts": m.ts}
        return {"ok": False, "error": "message_not_found"}

    def _api_files_delete(self, p: dict[str, Any]) -> dict[str, Any]:
        if self.state.files.pop(str(p.get("file")), None) is None:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True}

    def _api_chat_postEphemeral(self, p: dict[str, Any]) -> dict[str, Any]:
        errors = check_blocks(p.get("blocks"), surface="message")
        if errors:
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        self.state.ephemeral.append(
            {
                "channel": p.get("channel"),
                "user": p.get("user"),
                "text": p.get("text"),
                "blocks": p.get("blocks"),
            }
        )
        return {"ok": True, "message_ts": self._next_ts()}

    def _store_view(self, view: dict[str, Any], user: str, view_id: str | None = None) -> dict[str, Any]:
        errors = check_view(view)
        if errors:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": errors}}
        vid = view_id or f"V{next(self._ids):08d}"
        stored = dict(view, id=vid, hash=f"h{next(self._ids)}")
        self.state.views[vid] = stored
        self.state.view_owner[vid] = user
        return {"ok": True, "view": stored}

    def _api_views_open(self, p: dict[str, Any]) -> dict[str, Any]:
        user = self.state.triggers.pop(str(p.get("trigger_id")), None)
        if user is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        return self._store_view(p["view"], user)

    def _api_views_push(self, p: dict[str, Any]) -> dict[str, Any]:
        return self._api_views_open(p)

    def _api_views_update(self, p: dict[str, Any]) -> dict[str, Any]:
        vid = str(p.get("view_id"))
        if vid not in self.state.views:
            return {"ok": False, "error": "not_found"}
        return self._store_view(p["view"], self.state.view_owner[vid], vid)

    def _api_views_publish(self, p: dict[str, Any]) -> dict[str, Any]:
        errors = check_view(p["view"])
        if errors:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": errors}}
        self.state.homes[str(p.get("user_id"))] = p["view"]
        return {"ok": True, "view": p["view"]}

    def _api_users_info(self, p: dict[str, Any]) -> dict[str, Any]:
        info = self.state.users.get(str(p.get("user")))
        if info is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": dict(info)}

    def _api_files_getUploadURLExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        fid = f"F{next(self._ids):08d}"
        self.state.files[fid] = {
            "id": fid,
            "filename": p.get("filename"),
            "length": int(p.get("length", 0)),
            "alt_txt": p.get("alt_txt"),
            "content": None,
            "shared": None,
        }
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{fid}", "file_id": fid}

    def _api_files_completeUploadExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        files = p.get("files") or []
        for f in files:
            info = self.state.files.get(f["id"])
            if info is None or info["content"] is None:
                return {"ok": False, "error": "file_not_found"}
            info["shared"] = {
                "channel": p.get("channel_id"),
                "thread_ts": p.get("thread_ts"),
                "title": f.get("title"),
            }
        return {"ok": True, "files": [{"id": f["id"]} for f in files]}

    def _api_apps_connections_open(self, p: dict[str, Any]) -> dict[str, Any]:
        host = self.base_url.replace("http://", "ws://")
        return {"ok": True, "url": f"{host}/socket"}
