"""The one way out to Slack: deliver recorded outbox rows, retrying safely, never twice."""

from __future__ import annotations

import base64
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.clock import Clock
from bot.core.metrics import metrics
from handlers.render import UnknownKind
from storage import outbox
from storage.db import session_scope
from storage.outbox import Op, OutboxMessage

log = logging.getLogger(__name__)

# Slack error codes that no retry can fix: the row is marked failed and reported.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "invalid_arguments",
        "too_many_attachments",
    }
)
USER_GONE_ERRORS = frozenset({"user_not_found", "user_disabled", "account_inactive", "cannot_dm_bot"})
METADATA_EVENT = "efrp_message"
MAX_BACKOFF = timedelta(minutes=10)
LEASE = timedelta(seconds=90)

# A hook returns True when it has told the right people; later (more general) hooks then stay quiet.
FailureHook = Callable[[Session, OutboxMessage, str, datetime], bool]


class _Retry(Exception):
    def __init__(self, error: str, *, after: float, uncertain: bool) -> None:
        super().__init__(error)
        self.after = after
        self.uncertain = uncertain


class _Permanent(Exception):
    """Slack refused the message for a reason no retry can fix."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class _Defer(Exception):
    """A dependency (parent message, earlier update) is not delivered yet."""


@dataclass
class Deliverer:
    """Delivers due outbox rows with the Slack Web API; safe to run in several processes at once."""

    engine: Engine
    client: WebClient
    clock: Clock
    panel_channel: str | None = None
    failure_hooks: list[FailureHook] = field(default_factory=list)
    render: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda payload: payload)

    def deliver_due(self, *, limit: int = 50) -> int:
        """Claim and deliver what is due now; returns how many rows were attempted."""
        with session_scope(self.engine) as session:
            rows = outbox.claim(session=session, now=self.clock.now(), lease=LEASE, limit=limit)
        self.deliver(rows)
        return len(rows)

    def deliver(self, rows: list[OutboxMessage]) -> None:
        """Deliver rows this process has claimed (each once, recording what became of it)."""
        for row in rows:
            self._deliver_one(row)

    def drain(self, *, max_rounds: int = 100) -> None:
        """Deliver until nothing is due right now (used by one-shot commands and tests)."""
        for _ in range(max_rounds):
            if self.deliver_due() == 0:
                return

    def _deliver_one(self, row: OutboxMessage) -> None:
        assert row.id is not None
        now = self.clock.now()
        try:
            channel, ts = self._send(row)
        except _Defer:
            with session_scope(self.engine) as session:
                outbox.mark_retry(
                    session=session,
                    row_id=row.id,
                    at=now + timedelta(seconds=2),
                    error="waiting for parent",
                    uncertain=False,
                    count_attempt=False,
                )
            return
        except _Retry as exc:
            log.warning("delivery of %s will be retried in %.0fs: %s", row.key, exc.after, exc)
            metrics().retries.labels(op=row.op).inc()
            with session_scope(self.engine) as session:
                outbox.mark_retry(
                    session=session,
                    row_id=row.id,
                    at=now + timedelta(seconds=exc.after),
                    error=str(exc),
                    uncertain=exc.uncertain,
                )
            return
        except _Permanent as exc:
            error = exc.error
            log.error("delivery of %s failed permanently: %s", row.key, error)
            metrics().permanent_failures.labels(op=row.op).inc()
            with session_scope(self.engine) as session:
                outbox.mark_failed(session=session, row_id=row.id, error=error)
                for hook in self.failure_hooks:
                    if hook(session, row, error, now):
                        break
            return
        with session_scope(self.engine) as session:
            outbox.mark_sent(session=session, row_id=row.id, channel=channel, ts=ts, now=self.clock.now())
        metrics().deliveries.labels(op=row.op).inc()

    # --- the calls -------------------------------------------------------------------

    def _send(self, row: OutboxMessage) -> tuple[str | None, str | None]:
        try:
            return self._dispatch(row)
        except SlackApiError as exc:
            status = exc.response.status_code
            error = str(exc.response.get("error") or f"http_{status}")
            if status == 429 or error == "ratelimited":
                metrics().rate_limited.inc()
                raw = (
                    exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after") or "1"
                )
                try:
                    after = max(1.0, float(str(raw[0] if isinstance(raw, list) else raw)))
                except ValueError:
                    after = 30.0
                raise _Retry("rate limited", after=after, uncertain=False) from exc
            if status >= 500 or error in {
                "internal_error",
                "fatal_error",
                "service_unavailable",
                "request_timeout",
            }:
                raise _Retry(error, after=self._backoff(row), uncertain=True) from exc
            if error in PERMANENT_ERRORS:
                raise _Permanent(error) from exc
            # Unknown errors are treated as transient but counted, so they surface in the record.
            if row.attempts >= 8:
                raise _Permanent(error) from exc
            raise _Retry(error, after=self._backoff(row), uncertain=False) from exc
        except (
            TimeoutError,
            urllib.error.URLError,
            SlackRequestError,
            ConnectionError,
            OSError,
            ValueError,
        ) as exc:
            refused = isinstance(getattr(exc, "reason", exc), ConnectionRefusedError)
            raise _Retry(
                f"connection: {type(exc).__name__}", after=self._backoff(row), uncertain=not refused
            ) from exc

    def _backoff(self, row: OutboxMessage) -> float:
        seconds = min(2 ** max(0, row.attempts - 1), MAX_BACKOFF.total_seconds())
        return float(seconds)

    def _dispatch(self, row: OutboxMessage) -> tuple[str | None, str | None]:
        op = Op(row.op)
        if op is Op.HOME:
            self.client.views_publish(user_id=row.channel, view=self._payload(row)["view"])
            return row.channel, None
        if op is Op.UPDATE:
            return self._update(row)
        channel = self._channel_for(row)
        thread_ts = self._parent_ts(row)
        if op is Op.FILE:
            return self._upload(row, channel, thread_ts)
        if row.uncertain:
            found = self._find_posted(row, channel)
            if found:
                return channel, found
        payload = self._payload(row)
        resp = self.client.chat_postMessage(
            channel=channel,
            text=payload.get("text", ""),
            blocks=payload.get("blocks"),
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": row.key}},
        )
        return str(resp.get("channel") or channel), str(resp["ts"])

    def _payload(self, row: OutboxMessage) -> dict[str, Any]:
        try:
            return self.render(row.payload)
        except UnknownKind as exc:
            raise _Permanent(f"unknown_message_kind:{exc}") from None

    def _address(self, channel: str) -> str:
        if channel == outbox.PANEL:
            if not self.panel_channel:
                raise _Permanent("panel_channel_not_set")
            return self.panel_channel
        return channel

    def _channel_for(self, row: OutboxMessage) -> str:
        if row.op != Op.DM:
            return self._address(row.channel)
        if row.slack_channel:
            return row.slack_channel
        resp = self.client.conversations_open(users=row.channel)
        channel = str(resp["channel"]["id"])
        assert row.id is not None
        with session_scope(self.engine) as session:
            outbox.remember_channel(session=session, row_id=row.id, channel=channel)
        row.slack_channel = channel
        return channel

    def _parent_ts(self, row: OutboxMessage) -> str | None:
        if not row.thread_of:
            return None
        with session_scope(self.engine) as session:
            parent = outbox.find(session=session, key=row.thread_of)
        if parent is None or parent.state == outbox.State.FAILED:
            return None  # post at top level rather than lose the message
        if parent.state != outbox.State.SENT:
            raise _Defer()
        return parent.slack_ts

    def _update(self, row: OutboxMessage) -> tuple[str | None, str | None]:
        with session_scope(self.engine) as session:
            target = outbox.find(session=session, key=row.slot)
            waiting = outbox.is_waiting(session=session, row_id=row.id or 0)
        if target is None or target.state == outbox.State.FAILED:
            raise _Permanent("message_not_found")
        if waiting:  # the claim already excludes it; kept so a row passed in directly cannot overtake
            raise _Defer()
        payload = self._payload(row)
        self.client.chat_update(
            channel=target.slack_channel or self._address(target.channel),
            ts=target.slack_ts or "",
            text=payload.get("text", ""),
            blocks=payload.get("blocks"),
        )
        return target.slack_channel, target.slack_ts

    def _find_posted(self, row: OutboxMessage, channel: str) -> str | None:
        """After an ambiguous failure, look for the message in the channel before posting again."""
        oldest = f"{row.created_at.timestamp() - 60:.6f}"
        resp = self.client.conversations_history(
            channel=channel, oldest=oldest, include_all_metadata=True, limit=200
        )
        messages: list[dict[str, Any]] = resp.get("messages", []) or []
        for message in messages:
            meta = message.get("metadata") or {}
            if (
                meta.get("event_type") == METADATA_EVENT
                and (meta.get("event_payload") or {}).get("key") == row.key
            ):
                return str(message["ts"])
        return None

    def _upload(
        self, row: OutboxMessage, channel: str, thread_ts: str | None
    ) -> tuple[str | None, str | None]:
        payload = self._payload(row)
        content = base64.b64decode(payload["content_b64"])
        filename = str(payload.get("filename", "file.png"))
        step1 = self.client.files_getUploadURLExternal(filename=filename, length=len(content))
        upload_url = str(step1["upload_url"])
        file_id = str(step1["file_id"])
        request = urllib.request.Request(upload_url, data=content, method="POST")
        request.add_header("Content-Type", "application/octet-stream")
        with urllib.request.urlopen(request, timeout=30) as resp:
            if resp.status >= 300:
                raise _Retry(f"upload http_{resp.status}", after=self._backoff(row), uncertain=False)
        kwargs: dict[str, Any] = {
            "files": [{"id": file_id, "title": str(payload.get("title", filename))}],
            "channel_id": channel,
        }
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        if payload.get("initial_comment"):
            kwargs["initial_comment"] = payload["initial_comment"]
        self.client.files_completeUploadExternal(**kwargs)
        return channel, file_id


class DeliveryWorker:
    """A background thread that delivers the outbox soon after each change and retries on a timer."""

    def __init__(self, deliverer: Deliverer, *, interval: float = 2.0) -> None:
        self.deliverer = deliverer
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="efrp-delivery", daemon=True)

    def start(self) -> None:
        """Start delivering in the background."""
        self._thread.start()

    def kick(self) -> None:
        """Deliver now rather than at the next tick."""
        self._wake.set()

    def stop(self, *, timeout: float = 10.0) -> None:
        """Finish the current round and stop."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                while self.deliverer.deliver_due() and not self._stop.is_set():
                    pass
            except Exception:  # the loop must survive a database blip; the rows stay owed
                log.exception("delivery round failed; will retry")
