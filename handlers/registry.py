"""The Slack surface: one package per lifecycle stage, each with register(app), listed here in order."""

from __future__ import annotations

from typing import cast

from slack_bolt import App

from handlers import efh, errors, events
from handlers.actions import listeners as actions
from handlers.guard import GuardedApp
from handlers.home import listeners as home
from handlers.meetings import decisions as meeting_decisions
from handlers.meetings import listeners as meetings
from handlers.records import holds as record_holds
from handlers.records import listeners as records
from handlers.referrals import listeners as referrals
from handlers.referrals import screening
from handlers.report import listeners as report
from handlers.reviews import listeners as reviews


def register_all(app: App) -> None:
    """Register every stage's listeners on the app, each guarded by the one error path."""
    errors.register(app)
    # A GuardedApp answers every registration call an App does, wrapping each listener in the guard.
    guarded = cast(App, GuardedApp(app))
    efh.register(guarded)
    events.register(guarded)
    referrals.register(guarded)
    screening.register(guarded)
    meetings.register(guarded)
    meeting_decisions.register(guarded)
    actions.register(guarded)
    home.register(guarded)
    reviews.register(guarded)
    records.register(guarded)
    record_holds.register(guarded)
    report.register(guarded)
