"""The Slack surface: one package per lifecycle stage, each with register(app), listed here in order."""

from __future__ import annotations

from typing import cast

from slack_bolt import App

from handlers import efh, errors, events
from handlers.actions import listeners as actions
from handlers.actions import messages as action_messages
from handlers.guard import GuardedApp
from handlers.home import listeners as home
from handlers.home import messages as home_messages
from handlers.meetings import decisions as meeting_decisions
from handlers.meetings import listeners as meetings
from handlers.meetings import messages as meeting_messages
from handlers.privacy import messages as privacy_messages
from handlers.records import holds as record_holds
from handlers.records import listeners as records
from handlers.records import messages as record_messages
from handlers.referrals import listeners as referrals
from handlers.referrals import messages as referral_messages
from handlers.referrals import screening
from handlers.render import Renderer, merge_renderers
from handlers.report import listeners as report
from handlers.report import messages as report_messages
from handlers.reviews import listeners as reviews
from handlers.reviews import messages as review_messages


def renderers() -> dict[str, Renderer]:
    """Every stage's renderers of owed messages, by message kind."""
    return merge_renderers(
        referral_messages.RENDERERS,
        action_messages.RENDERERS,
        home_messages.RENDERERS,
        meeting_messages.RENDERERS,
        review_messages.RENDERERS,
        report_messages.RENDERERS,
        record_messages.RENDERERS,
        privacy_messages.RENDERERS,
    )


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
