"""The one way out to Slack: deliver recorded outbox rows, retrying safely, never twice."""

from __future__ import annotations

import base64
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import zip_longest
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.clock import Clock
from bot.core.metrics import metrics
from handlers.delivery_delete import take_back
from handlers.delivery_home import publish_home
from handlers.delivery_pacing import Pacer
from handlers.privacy.channel import PanelGuard
from handlers.render import UnknownKind
from storage import outbox
from storage.db import session_scope
from storage.outbox import Op, OutboxMessage

log = logging.getLogger(__name__)

# Slack error codes that no retry can fix: the row is marked failed and reported.
PERMANENT_ERRORS = frozenset(
    """
    channel_not_found not_in_channel is_archived user_not_found user_disabled account_inactive
    cannot_dm_bot invalid_blocks invalid_blocks_format msg_too_long msg_blocks_too_long no_text
    message_not_found cant_update_message edit_window_closed invalid_auth not_authed token_revoked
    missing_scope restricted_action invalid_arguments too_many_attachments
    """.split()  # noqa: SIM905 (one word per code reads as the list it is)
)
USER_GONE_ERRORS = frozenset({"user_not_found", "user_disabled", "account_inactive", "cannot_dm_bot"})
METADATA_EVENT = "efrp_message"
MAX_BACKOFF = timedelta(minutes=10)
# A short lease, renewed by the worker's heartbeat while a delivery is in progress: a dead process's rows
# are taken over within seconds, and a live one never loses a row it is still sending.
LEASE = timedelta(seconds=8)
HEARTBEAT = LEASE / 5
# Lanes are claimed side by side, so a sweep's 500 DMs never hold a panel post or a Home tab behind them.
LANES: tuple[tuple[Op, ...], ...] = ((Op.POST, Op.FILE, Op.UPDATE, Op.DELETE), (Op.DM,), (Op.HOME,))
OP_METHOD = {
    Op.UPDATE: "chat.update",
    Op.HOME: "views.publish",
    Op.FILE: "files.getUploadURLExternal",
    Op.DELETE: "chat.delete",
}

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
    _in_hand: set[int] = field(default_factory=set, init=False, repr=False)
    _hand_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    pacer: Pacer = field(default_factory=lambda: Pacer(enabled=False))
    guard: PanelGuard | None = None  # checks the panel channel is still private before panel detail goes

    def deliver_due(self, *, limit: int = 50) -> int:
        """Claim and deliver what is due now and within pace; returns how many rows were attempted."""
        if self.guard is not None:
            self.guard.look_for_release(self.clock.now())
        return self.deliver(self._claim(limit))

    def deliver(self, rows: list[OutboxMessage]) -> int:
        """Deliver rows this process has claimed (each once, recording what became of it)."""
        attempted = 0
        for row in rows:
            try:
                if self.pacer.try_take(self._pace_keys(row)):
                    self._deliver_one(row)
                    attempted += 1
                else:  # no room left in its pace this round: back to the queue, untried
                    with session_scope(self.engine) as session:
                        outbox.release(session=session, row_id=row.id or 0)
            finally:
                with self._hand_lock:
                    self._in_hand.discard(row.id or 0)
        return attempted

    def drain(self, *, max_rounds: int = 100) -> None:
        """Deliver until nothing is due right now (used by one-shot commands and tests)."""
        for _ in range(max_rounds):
            if self.deliver_due() == 0:
                soon = self.pacer.soonest()
                with session_scope(self.engine) as session:
                    due = outbox.in_flight_or_due(session=session, now=self.clock.now())
                if soon is None or not due:
                    return
                time.sleep(soon)

    def _claim(self, limit: int) -> list[OutboxMessage]:
        empty = self.pacer.empty()
        full = {key.removeprefix("channel:") for key in empty if key.startswith("channel:")}
        if self.panel_channel in full:
            full.add(outbox.PANEL)
        lanes: list[list[OutboxMessage]] = []
        with session_scope(self.engine) as session:
            for ops in LANES:
                open_ops = [str(op) for op in ops if OP_METHOD.get(op) not in empty]
                if open_ops:
                    lanes.append(
                        outbox.claim(
                            session=session,
                            now=self.clock.now(),
                            lease=LEASE,
                            limit=max(1, limit // len(LANES)),
                            ops=open_ops,
                            skip_channels=full,
                            skip_unopened_dms="conversations.open" in empty,
                        )
                    )
            rows = [row for turn in zip_longest(*lanes) for row in turn if row is not None]
            with self._hand_lock:
                self._in_hand.update(row.id for row in rows if row.id is not None)
        return rows

    def _pace_keys(self, row: OutboxMessage) -> list[str]:
        """The rate buckets one delivery of this row takes a token from."""
        op = Op(row.op)
        if op in (Op.UPDATE, Op.HOME, Op.DELETE):
            return [OP_METHOD[op]]
        audience = (self.panel_channel or row.channel) if row.channel == outbox.PANEL else row.channel
        keys = ["channel:" + audience]
        if op is Op.FILE:
            keys += ["files.getUploadURLExternal", "files.completeUploadExternal"]
        if op is Op.DM and not row.slack_channel:
            with session_scope(self.engine) as session:
                row.slack_channel = outbox.dm_channel_of(session=session, user_id=row.channel)
            if not row.slack_channel:
                keys.append("conversations.open")
        if row.uncertain:
            keys.append("conversations.history")
        return keys

    def renew_leases(self) -> int:
        """Extend the lease of every row this deliverer holds (the worker's heartbeat calls this)."""
        with self._hand_lock:
            held = sorted(self._in_hand)
        if not held:
            return 0
        with session_scope(self.engine) as session:
            return outbox.renew_leases(session=session, row_ids=held, until=self.clock.now() + LEASE)

    def _deliver_one(self, row: OutboxMessage) -> None:
        assert row.id is not None
        now = self.clock.now()
        if self.guard is not None and self.guard.held_back(row, now):
            return  # the panel channel is not safe for it: back in the queue, untried
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
            kind = row.payload.get("kind") if isinstance(row.payload, dict) else None
            outbox.mark_sent(
                session=session, row_id=row.id, channel=channel, ts=ts, now=self.clock.now(), kind=kind
            )
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
            return publish_home(self.client, self.engine, row, self._payload)
        if op is Op.UPDATE:
            return self._update(row)
        if op is Op.DELETE:
            return take_back(self.client, row.payload)
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
            outbox.remember_dm_channel(session=session, user_id=row.channel, channel_id=channel)
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
            later = outbox.superseded(session=session, row=row)
        if target is None or target.state == outbox.State.FAILED:
            raise _Permanent("message_not_found")
        if waiting:  # the claim already excludes it; kept so a row passed in directly cannot overtake
            raise _Defer()
        if later:  # a newer version follows and will be sent: Slack ends on it either way
            return target.slack_channel, target.slack_ts
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
        # files_upload_v2: get an upload URL (with the alt text, so it travels with the file itself),
        # upload, then share it in the channel or thread.
        resp = self.client.files_upload_v2(
            content=content,
            filename=filename,
            title=str(payload.get("title", filename)),
            alt_txt=str(payload.get("alt_txt", ""))[:1000] or None,
            channel=channel,
            thread_ts=thread_ts,
            initial_comment=payload.get("initial_comment") or None,
        )
        files = resp.get("files") or [{}]
        return channel, str(files[0].get("id", ""))
