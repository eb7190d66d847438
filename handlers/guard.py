"""Every listener is guarded: a typed error becomes a private message, and the request is always acked.

bolt runs listeners on a thread after ack(); an exception raised there can race with the request thread
and turn an acknowledged request into a 404. The guard catches it inside the listener instead, so every
stage's register(app) gets the same behaviour without remembering to.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.core.errors import EfrpError
from handlers.errors import GENERIC, tell

log = logging.getLogger(__name__)

_NEEDED = ("ack", "body", "client")
_REGISTRARS = frozenset(
    {
        "action",
        "view",
        "view_submission",
        "view_closed",
        "command",
        "event",
        "shortcut",
        "options",
        "block_action",
        "message",
    }
)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a listener so errors are told to the person privately and never escape to bolt."""
    own = inspect.getfullargspec(inspect.unwrap(fn)).args
    names = list(own) + [n for n in _NEEDED if n not in own]

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        try:
            return fn(**{k: v for k, v in kwargs.items() if k in own})
        except EfrpError as exc:
            _ack_if_needed(kwargs.get("ack"))
            tell(kwargs["client"], kwargs["body"], exc.user_message)
        except Exception:
            log.exception("unhandled error in listener %s", getattr(fn, "__name__", fn))
            _ack_if_needed(kwargs.get("ack"))
            tell(kwargs["client"], kwargs["body"], GENERIC)
        return None

    del wrapper.__wrapped__  # bolt must see the wrapper's own parameters, below
    wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names]
    )
    return wrapper


def _ack_if_needed(ack: Any) -> None:
    if ack is not None and getattr(ack, "response", None) is None:
        try:
            ack()
        except Exception:  # already acknowledged in a way bolt does not show
            log.debug("ack after an error failed", exc_info=True)


class GuardedApp:
    """An App whose listener decorators guard every listener registered through them."""

    def __init__(self, app: App) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._app, name)
        if name not in _REGISTRARS:
            return attr

        def register(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
            decorator = attr(*args, **kwargs)

            def apply(fn: Callable[..., Any]) -> Any:
                decorator(guarded(fn))
                return fn

            return apply

        return register
