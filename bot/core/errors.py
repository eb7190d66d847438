"""Typed errors: services raise them, one handler turns them into what the person sees."""

from __future__ import annotations


class EfrpError(Exception):
    """Base of every error a person may be told about."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_message = message


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
    """The record changed in the meantime (e.g. already screened)."""


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
