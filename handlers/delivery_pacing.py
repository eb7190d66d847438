"""Pacing towards Slack: token buckets per method tier and per channel, taken before each call.

Slack's limits are per app and workspace: about one chat.postMessage per second per channel after a short
burst, Tier 3 methods (conversations.open, chat.update, conversations.history) about 50 a minute, Tier 4
(views.publish, the file upload steps) about 100. The buckets here are a little under those, so delivery
keeps within them from the start instead of learning them from 429s. They are per process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rate:
    """A token bucket's shape: a steady rate per second and a burst it may spend at once."""

    per_second: float
    burst: float


TIER3 = Rate(per_second=45 / 60, burst=5)
TIER4 = Rate(per_second=90 / 60, burst=10)
PER_CHANNEL = Rate(per_second=1 / 1.1, burst=2)
METHOD_RATES: dict[str, Rate] = {
    "conversations.open": TIER3,
    "chat.update": TIER3,
    "chat.delete": TIER3,
    "conversations.history": TIER3,
    "views.publish": TIER4,
    "files.getUploadURLExternal": TIER4,
    "files.completeUploadExternal": TIER4,
}


@dataclass
class _Bucket:
    rate: Rate
    tokens: float
    stamp: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.rate.burst, self.tokens + (now - self.stamp) * self.rate.per_second)
        self.stamp = now

    def wait(self) -> float:
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate.per_second


@dataclass
class Pacer:
    """Token buckets keyed by method name and by "channel:<id>"; off when ``enabled`` is False."""

    enabled: bool = True
    monotonic: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def _bucket(self, key: str, now: float) -> _Bucket | None:
        rate = PER_CHANNEL if key.startswith("channel:") else METHOD_RATES.get(key)
        if rate is None:
            return None
        bucket = self._buckets.setdefault(key, _Bucket(rate, rate.burst, now))
        bucket.refill(now)
        return bucket

    def try_take(self, keys: Iterable[str]) -> bool:
        """Take one token from every bucket named, or none at all if any is empty."""
        if not self.enabled:
            return True
        with self._lock:
            now = self.monotonic()
            buckets = [b for b in (self._bucket(k, now) for k in keys) if b is not None]
            if any(b.tokens < 1 for b in buckets):
                return False
            for b in buckets:
                b.tokens -= 1
            return True

    def empty(self, prefix: str = "") -> set[str]:
        """The keys (starting with prefix) whose bucket has no token right now."""
        if not self.enabled:
            return set()
        with self._lock:
            now = self.monotonic()
            keys = [k for k in self._buckets if k.startswith(prefix)]
            return {k for k in keys if (b := self._bucket(k, now)) is not None and b.tokens < 1}

    def soonest(self) -> float | None:
        """Seconds until the first empty bucket has a token again (None when none is empty)."""
        if not self.enabled:
            return None
        with self._lock:
            now = self.monotonic()
            waits = [b.wait() for k in list(self._buckets) if (b := self._bucket(k, now)) and b.tokens < 1]
        return min(waits) if waits else None
