"""The stand-in's HTTP side: file uploads, response URLs, the Web API with scripted faults, Socket Mode."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from bot.standin.state import Call, Fault

if TYPE_CHECKING:
    from bot.standin.server import SlackStandin

_JSON_FIELDS = ("blocks", "view", "metadata", "files", "attachments", "users")
_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def _parse_params(body: bytes, content_type: str) -> dict[str, Any]:
    if "application/json" in content_type:
        data: dict[str, Any] = json.loads(body or b"{}")
        return data
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    for key in _JSON_FIELDS:
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            params[key] = json.loads(params[key])
    return params


def _take_fault(standin: SlackStandin, method: str) -> Fault | None:
    """Use up one go of the first fault scripted for a method, if any."""
    with standin.lock:
        queue = standin.state.faults.get(method) or []
        fault = queue[0] if queue else None
        if fault is not None:
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
    return fault


class StandinServer(ThreadingHTTPServer):
    """A threaded HTTP server on a free local port that knows the stand-in it serves."""

    # Slack never refuses a connection; the default backlog of 5 would reset a burst of calls from a bot
    # with many listener threads, which its client then retries after a back-off.
    request_queue_size = 128

    def __init__(self, standin: SlackStandin) -> None:
        super().__init__(("127.0.0.1", 0), StandinHandler)
        self.daemon_threads = True
        self.standin = standin


class StandinHandler(BaseHTTPRequestHandler):
    """Answers one HTTP request for the stand-in found through its server."""

    protocol_version = "HTTP/1.1"

    @property
    def standin(self) -> SlackStandin:
        """The stand-in this request is for."""
        server = self.server
        assert isinstance(server, StandinServer)
        return server.standin

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
        return

    def _reply(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        """Socket Mode's websocket upgrade; anything else is not found."""
        if self.path.startswith("/socket"):
            self._websocket()
            return
        self._reply(404, {"ok": False})

    def do_POST(self) -> None:
        """An upload, a response URL post or a Web API call."""
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(length)
        path = urlparse(self.path).path
        if path.startswith("/upload/"):
            self._upload(path, body)
        elif path.startswith("/respond/"):
            self._respond(path, body)
        elif path.startswith("/api/"):
            self._api(path[len("/api/") :], body)
        else:
            self._reply(404, {"ok": False, "error": "unknown_path"})

    def _upload(self, path: str, body: bytes) -> None:
        standin = self.standin
        with standin.lock:
            info = standin.state.files.get(path.rsplit("/", 1)[1])
            if info is not None:
                info["content"] = body
        self._reply(200 if info else 404, {"ok": info is not None})

    def _respond(self, path: str, body: bytes) -> None:
        standin = self.standin
        time.sleep(standin.state.respond_delay)
        with standin.lock:
            standin.state.responses.append({"url": path, **json.loads(body or b"{}")})
        self._reply(200, {"ok": True})

    def _api(self, method: str, body: bytes) -> None:
        standin = self.standin
        params = _parse_params(body, self.headers.get("Content-Type", ""))
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else params.get("token")
        wait = standin.limits.retry_after(method, params) if standin.limits else None
        if wait is not None:
            with standin.lock:
                standin.state.calls.append(Call(method + "!429", params, token))
            self._reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)})
            return
        fault = _take_fault(standin, method)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is None or (fault.status == 200 and fault.error is None and not fault.drop):
            self._reply(200, standin.handle_api(method, params, token))
            return
        if fault.after_effect:
            standin.handle_api(method, params, token)
        with standin.lock:
            standin.state.calls.append(Call(method + "!fault", params, token))
        self._misbehave(fault)

    def _misbehave(self, fault: Fault) -> None:
        if fault.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        error = fault.error or ("ratelimited" if fault.status == 429 else "internal_error")
        self._reply(fault.status, {"ok": False, "error": error}, headers)

    def _websocket(self) -> None:
        key = self.headers.get("Sec-WebSocket-Key", "")
        accept = base64.b64encode(hashlib.sha1((key + _WS_GUID).encode()).digest()).decode()
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        with self.standin.lock:
            self.standin.state.socket_connections += 1
            self.standin.state.sockets.append(self.connection)
        hello = json.dumps({"type": "hello", "num_connections": 1}).encode()
        self.wfile.write(bytes([0x81, len(hello)]) + hello)
        self.wfile.flush()
        self.close_connection = True
        try:
            while self.rfile.read(2):
                pass
        except OSError:
            return
