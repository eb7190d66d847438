"""Every stage's renderers of owed messages: what the deliverer needs, without the listeners."""

from __future__ import annotations

from handlers.actions import messages as action_messages
from handlers.home import messages as home_messages
from handlers.meetings import messages as meeting_messages
from handlers.privacy import messages as privacy_messages
from handlers.records import messages as record_messages
from handlers.referrals import messages as referral_messages
from handlers.render import Renderer, merge_renderers
from handlers.report import messages as report_messages
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
