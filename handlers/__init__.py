"""Thin Slack listeners, one module per lifecycle stage, each with register(app)."""

from __future__ import annotations

import importlib

from slack_bolt import App

# Lifecycle stages, in the order a context moves through them.
STAGES = (
    "handlers.errors",
    "handlers.efh",
    "handlers.events",
    "handlers.referral",
    "handlers.screening",
    "handlers.meetings",
    "handlers.decisions",
    "handlers.actions",
    "handlers.home",
    "handlers.reviews",
    "handlers.report",
)


def register_all(app: App) -> None:
    """Register every stage's listeners on the app (stages not built yet are skipped)."""
    from handlers.guard import GuardedApp

    guarded_app = GuardedApp(app)
    for name in STAGES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(app if name == "handlers.errors" else guarded_app)
