"""Every listener is guarded: an error goes to the one error path (`handlers.errors.answer`), acked.

bolt runs listeners on a thread after ack(); an exception raised there can race with the request thread
and turn an acknowledged request into a 404. The guard catches it inside the listener instead, so every
stage's register(app) gets the same behaviour without remembering to.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from handlers.errors import answer

_NEEDED = ("ack", "body", "client", "respond")
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
    """Wrap a listener so any error is answered privately by the one error path and never reaches bolt."""
    own = inspect.getfullargspec(inspect.unwrap(fn)).args
    names = list(own) + [n for n in _NEEDED if n not in own]
    where = f"listener {getattr(fn, '__name__', fn)}"
    in_place = bool(getattr(fn, "efrp_where_clicked", False))

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        try:
            return fn(**{k: v for k, v in kwargs.items() if k in own})
        except Exception as exc:
            answer(
                exc,
                body=kwargs["body"],
                client=kwargs["client"],
                ack=kwargs.get("ack"),
                respond=kwargs.get("respond"),
                where=where,
                in_place=in_place,
            )
        return None

    del wrapper.__wrapped__  # bolt must see the wrapper's own parameters, below
    wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names]
    )
    return wrapper


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
