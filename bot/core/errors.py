"""Typed errors: services raise them, one handler turns them into what the person sees."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

# A person named in a refusal, by ID, until the refusal is shown (see `Conflict`).
PERSON = re.compile("\x00([^\x00]*)\x00")


class EfrpError(Exception):
    """Base of every error a person may be told about."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self._message = message

    @property
    def user_message(self) -> str:
        """What the person is told."""
        return self._message


class NotPermitted(EfrpError):
    """The person may not do this; nothing was changed."""


class NotFound(EfrpError):
    """The record asked for does not exist (or the person may not know it exists)."""


class InvalidInput(EfrpError):
    """A form or command was filled in wrongly; field errors name the block IDs."""

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = field_errors or {}


class Conflict(EfrpError):
    """The record changed in the meantime (e.g. already screened).

    People marked in the message (`bot.core.changed.name`) are named only when it is shown: the lookup may
    ask the chat and write the name cache, which must not happen inside the transaction that refused.
    """

    def __init__(
        self, message: str, *, names: Callable[[Iterable[str]], Mapping[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self._names = names

    @property
    def user_message(self) -> str:
        """The message with each marked person named (by the directory, else by ID)."""
        ids = set(PERSON.findall(self._message))
        if not ids:
            return self._message
        known = dict(self._names(ids)) if self._names is not None else {}
        return PERSON.sub(lambda m: known.get(m.group(1), m.group(1)), self._message)


class Unavailable(EfrpError):
    """The panel's records cannot be reached just now; nothing was changed and the person may retry."""


UNAVAILABLE = (
    "The panel's records are unavailable just now, so nothing was saved or changed. "
    "Please try again in a minute; what you typed is still here."
)


class StartupError(Exception):
    """The bot must not start as configured (names the setting at fault)."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting
        self.problem = problem
