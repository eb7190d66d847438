"""The stand-in's opt-in rate limits, shaped like Slack's documented ones: over them it answers 429."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

# (steady calls per second, burst) per method; chat.postMessage is per channel ("special" tier).
TIER3 = (50 / 60, 10.0)
TIER4 = (100 / 60, 20.0)
POST_PER_CHANNEL = (1.0, 3.0)
TIERS: dict[str, tuple[float, float]] = {
    "conversations.open": TIER3,
    "conversations.history": TIER3,
    "conversations.info": TIER3,
    "chat.update": TIER3,
    "conversations.members": TIER4,
    "views.publish": TIER4,
    "users.info": TIER4,
    "files.getUploadURLExternal": TIER4,
    "files.completeUploadExternal": TIER4,
}


@dataclass
class SlackLimits:
    """Token buckets per method (and per channel for chat.postMessage); counts the 429s it answered."""

    rejected: int = 0
    _state: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, stamp)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, method: str, params: dict[str, Any]) -> int | None:
        """None if the call is within the limits (and counts it); else the seconds to wait."""
        if method == "chat.postMessage":
            key, (rate, burst) = f"{method}:{params.get('channel')}", POST_PER_CHANNEL
        elif method in TIERS:
            key, (rate, burst) = method, TIERS[method]
        else:
            return None
        with self._lock:
            now = time.monotonic()
            tokens, stamp = self._state.get(key, (burst, now))
            tokens = min(burst, tokens + (now - stamp) * rate)
            if tokens >= 1:
                self._state[key] = (tokens - 1, now)
                return None
            self._state[key] = (tokens, now)
            self.rejected += 1
            return max(1, math.ceil((1 - tokens) / rate))
