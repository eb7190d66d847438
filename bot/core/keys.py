"""Every outbox key and slot, in one place: stable, meaningful, one per thing a person is owed.

A key makes a message idempotent (recording it twice stores it once); a slot names a logical message
that is posted once and then updated in place. Keys are part of the stored data: never change one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime


# --- referrals and screening -----------------------------------------------------------------------
def referral_panel(referral_id: int) -> str:
    """Slot of a referral's post in the panel channel (posted once, then updated in place)."""
    return f"referral:{referral_id}:panel"


def referral_dm(referral_id: int, what: str) -> str:
    """A DM to the referrer about a referral: 'submitted', 'accepted', 'declined', 'decided', 'closed'."""
    return f"referral:{referral_id}:dm:{what}"


def referral_coordinator_dm(referral_id: int, what: str, user_id: str) -> str:
    """A DM to one coordinator that a referral waits for screening: 'urgent', 'screen_soon'."""
    return f"referral:{referral_id}:coordinator:{what}:{user_id}"


def info_request_dm(request_id: int) -> str:
    """The DM asking the referrer a coordinator's question."""
    return f"info:{request_id}:dm"


def info_request_panel(request_id: int, what: str) -> str:
    """The panel thread reply with a question ('question') or its answer ('answer')."""
    return f"info:{request_id}:panel:{what}"


def context_note(context_id: int, what: str, token: str) -> str:
    """A note in a context's referral thread: 'decision' (decision ID), 'review' (review ID), 'reopened'."""
    return f"context:{context_id}:note:{what}:{token}"


def context_threads(referral_ids: Iterable[int]) -> list[str]:
    """Keys of the panel posts a context's thread replies may hang from, most preferred first."""
    return [referral_panel(rid) for rid in referral_ids]


# --- meetings and decisions --------------------------------------------------------------------------
def weekly_slot(day: date) -> str:
    """The recurring meeting slot of one day (a meeting row's unique slot, not an outbox key)."""
    return f"weekly:{day.isoformat()}"


def meeting_agenda(meeting_id: int) -> str:
    """Slot of a meeting's agenda in the panel channel."""
    return f"meeting:{meeting_id}:agenda"


def meeting_invitation(meeting_id: int, version: int) -> str:
    """The n-th .ics invitation of a meeting (a new one each time it moves or is cancelled)."""
    return f"meeting:{meeting_id}:ics:{version}"


def meeting_minutes(meeting_id: int) -> str:
    """A meeting's minutes in the panel channel."""
    return f"meeting:{meeting_id}:minutes"


def decision_panel(decision_id: int) -> str:
    """A recorded decision, in the context's panel thread."""
    return f"decision:{decision_id}:panel"


# --- actions and reminders ---------------------------------------------------------------------------
def action_assigned_dm(action_id: int) -> str:
    """The DM telling an owner about an action assigned to them."""
    return f"action:{action_id}:dm:assigned"


def decision_actions_dm(decision_id: int, owner: str) -> str:
    """The one DM telling an owner about every action a decision gave them (answered action by action)."""
    return f"decision:{decision_id}:dm:{owner}"


def action_reassigned_dm(action_id: int, update_id: int, who: str) -> str:
    """A DM about a reassigned action ('new': its new owner, answerable; 'old': the owner before)."""
    return f"action:{action_id}:reassigned:{update_id}:dm:{who}"


def action_panel(action_id: int, what: str) -> str:
    """A panel thread reply about an action: 'done', 'not_mine'."""
    return f"action:{action_id}:panel:{what}"


def action_not_mine_panel(action_id: int, update_id: int) -> str:
    """Slot of the panel post saying an owner disowned an action (updated once reassigned or withdrawn)."""
    return f"action:{action_id}:panel:not_mine:{update_id}"


def action_withdrawn_dm(action_id: int) -> str:
    """The DM telling an owner that the coordinators withdrew their action."""
    return f"action:{action_id}:dm:withdrawn"


def action_update_panel(action_id: int, update_id: int) -> str:
    """A panel thread reply with an owner's progress update."""
    return f"action:{action_id}:update:{update_id}:panel"


def extension_panel(extension_id: int) -> str:
    """Slot of an extension request in the panel channel (updated when decided)."""
    return f"extension:{extension_id}:panel"


def extension_decided_dm(extension_id: int) -> str:
    """The DM telling an owner what became of their extension request."""
    return f"extension:{extension_id}:dm:decided"


def reminder_subject_action(action_id: int) -> str:
    """The subject of an action's reminders."""
    return f"action:{action_id}"


def reminder_subject_review(context_id: int) -> str:
    """The subject of a context's review reminders."""
    return f"review:{context_id}"


def reminder(subject: str, kind: str, day: date) -> str:
    """One reminder of one subject on one day (a reminder row's unique key)."""
    return f"reminder:{subject}:{kind}:{day.isoformat()}"


def reminder_digest(owner: str, first_reminder_id: int) -> str:
    """One sweep's reminders to one owner, in one DM (the sweep's first claim of theirs makes it unique)."""
    return f"reminders:digest:{owner}:{first_reminder_id}"


def escalation(first_reminder_id: int) -> str:
    """One sweep's escalation message to the coordinators."""
    return f"reminders:escalation:{first_reminder_id}"


def screening_overdue(first_reminder_id: int) -> str:
    """One sweep's message to the panel listing referrals past their screening deadline."""
    return f"reminders:screening:{first_reminder_id}"


def reviews_due(first_reminder_id: int) -> str:
    """One sweep's reviews-due message to the coordinators."""
    return f"reminders:reviews:{first_reminder_id}"


# --- reviews -----------------------------------------------------------------------------------------
def review_summary(review_id: int, *, reposted_at: datetime | None = None) -> str:
    """Slot of a review's summary in the panel channel (a fresh post's, when its first post failed)."""
    return f"review:{review_id}:summary" + _repost(reposted_at)


def review_chart(review_id: int, *, reposted_at: datetime | None = None) -> str:
    """A review's chart, uploaded into the summary's thread (again, when reposted)."""
    return f"review:{review_id}:chart" + _repost(reposted_at)


def _repost(at: datetime | None) -> str:
    return "" if at is None else f":r{int(at.timestamp())}"


def review_decided(review_id: int) -> str:
    """What the panel decided at a review, in the panel channel."""
    return f"review:{review_id}:decided"


def context_reopened(context_id: int, at: datetime) -> str:
    """A context reopened, in the panel channel."""
    return f"context:{context_id}:reopened:{int(at.timestamp())}"


# --- report, home, delivery --------------------------------------------------------------------------
def report_post(since: date, until: date, at: datetime) -> str:
    """One posting of the system report."""
    return f"report:{since}:{until}:{int(at.timestamp())}"


def report_chart(report_key: str) -> str:
    """The chart uploaded with a report posting."""
    return f"{report_key}:chart"


def home(user_id: str) -> str:
    """Slot of a person's Home tab (a Home owed waits under this + `outbox.FRESH` until claimed)."""
    return f"home:{user_id}"


def event_receipt(event_id: str) -> str:
    """A Slack event handled once (a receipt row's unique key, not an outbox key)."""
    return f"event:{event_id}"


def retention_delete(row_id: int) -> str:
    """The deletion from Slack of a message (outbox row) about a record the retention schedule purged."""
    return f"retention:{row_id}:delete"


def retention_report(run_key: str, user_id: str) -> str:
    """One coordinator's DM saying what a purge removed."""
    return f"retention:{run_key}:report:{user_id}"


def delivery_failure(row_id: int) -> str:
    """The notice to the panel that a message could not be delivered."""
    return f"failure:{row_id}"


# --- the panel channel's privacy ----------------------------------------------------------------------
def panel_held(episode: int, user_id: str) -> str:
    """The DM telling a coordinator that panel detail is held back (once per hold episode)."""
    return f"panel-hold:{episode}:held:{user_id}"


def panel_released(episode: int, user_id: str) -> str:
    """The DM telling a coordinator that held panel detail is being posted again (once per episode)."""
    return f"panel-hold:{episode}:released:{user_id}"
