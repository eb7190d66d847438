"""Codes as the words people use: stored codes, audit actions as sentences, who someone is on the panel.

Exports for the case-management system and the partnership board show these words, never the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

__all__ = [
    "AUDIT_VERBS",
    "CODE_WORDS",
    "audit_sentence",
    "enum_label",
    "humanise",
    "lower_first",
    "operator_name",
    "role_of",
]

# Codes stored as plain strings (not enums): action update kinds, assessment sources, audit record types.
CODE_WORDS: Mapping[str, str] = {
    "progress": "progress update",
    "done": "done",
    "due_changed": "due date changed",
    "not_mine": "said it is not theirs",
    "accepted": "accepted",
    "referral": "referral",
    "decision": "panel decision",
    "review": "review",
    "info_requested": "more information asked of the referrer",
    "submitted": "waiting for screening",
    "stepped_down": "stepped down",
    "scheduled": "scheduled",
    "held": "held",
    "cancelled": "cancelled",
}

# What each audit action says, as the verb of a sentence whose subject is the person.
AUDIT_VERBS: Mapping[str, str] = {
    "referral.submitted": "submitted referral",
    "referral.accepted": "accepted referral",
    "referral.declined": "declined referral",
    "referral.info_requested": "asked the referrer for more about referral",
    "referral.info_answered": "answered the questions on referral",
    "context.opened": "opened the context",
    "context.assessment_added": "added an assessment to",
    "action.extension_approved": "granted more time on an action on",
    "action.extension_declined": "refused more time on an action on",
    "reminder.before_due": "reminded an action's owner that it is nearly due, on",
    "reminder.on_due": "reminded an action's owner that it is due today, on",
    "reminder.overdue": "reminded an action's owner that it is overdue, on",
    "reminder.escalation": "told the coordinators an action is long overdue, on",
    "reminder.review_due": "reminded the panel that a review is due, on",
    "context.viewed": "viewed the record of",
    "referral.viewed": "viewed the details of referral",
    "referral.links_viewed": "saw the links to other contexts of referral",
    "context.links_viewed": "viewed the links to other contexts of",
    "links.exported": "exported the network of linked contexts, around",
    "search.made": "searched the contexts and referrals, with",
    "context.exported": "exported the record of",
    "context.reopened": "reopened",
    "decision.recorded": "recorded the panel's decision on",
    "decision.amended": "amended the panel's decision on",
    "action.assigned": "assigned an action on",
    "action.updated": "added a progress update to an action on",
    "action.done": "marked an action done on",
    "action.due_changed": "changed an action's due date on",
    "action.not_mine": "said an action is not theirs, on",
    "action.accepted": "accepted an action on",
    "action.extension_requested": "asked for more time on an action on",
    "action.owner_unreachable": "flagged an action whose owner has left Slack on",
    "action.reassigned": "reassigned an action on",
    "action.withdrawn": "withdrew an action on",
    "action.agency_canonicalised": "stored an action's agency under its listed name",
    "review.recorded": "recorded a review of",
    "review.reposted": "refreshed the review summary of",
    "review.continue": "decided to continue work on",
    "review.step_down": "decided to step down",
    "review.close": "decided to close",
    "meeting.created": "added a panel meeting",
    "meeting.scheduled": "scheduled a panel meeting",
    "meeting.cancelled": "cancelled a panel meeting",
    "meeting.closed": "closed a panel meeting",
    "meeting.present": "marked themselves present at a panel meeting",
    "meeting.attendance": "recorded the chair, apologies and guests of a panel meeting",
    "agenda.posted": "posted the agenda of a panel meeting",
    "agenda.updated": "updated the agenda of a panel meeting",
    "minutes.exported": "exported the minutes of a panel meeting",
    "report.exported": "exported the system view",
    "report.posted": "posted the system view",
    "caseload.viewed": "looked at the caseload",
    "audit.viewed": "read the audit trail",
    "context.held": "put on legal hold",
    "context.released": "lifted the legal hold on",
    "referral.held": "put on legal hold",
    "referral.released": "lifted the legal hold on",
    "referral.exported": "exported (subject access)",
    "case_reference.corrected": "corrected a case reference in",
    "retention.purged": "applied the retention schedule:",
    "retention.previewed": "previewed the retention schedule:",
}

# An operator at the command line, recorded by the name given with --as: "cli:Jo Bloggs".
OPERATOR_PREFIX = "cli:"


def operator_name(actor: str) -> str | None:
    """The name an operator gave with --as, or None when the actor is not one."""
    return actor[len(OPERATOR_PREFIX) :] if actor.startswith(OPERATOR_PREFIX) else None


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Not yet evidenced' -> 'not yet evidenced'; 'Level 1' stays a name."""
    return label if label.startswith("Level") or not label else label[0].lower() + label[1:]


def humanise(code: object) -> str:
    """A stored code in words: the known wording, else the code with its separators as spaces."""
    text = "" if code is None else str(code)
    return CODE_WORDS.get(text, text.replace("_", " ").replace(".", " "))


def enum_label(value: object, enum: type[Enum]) -> str:
    """The label of a stored enum value (its words if the value is unknown)."""
    try:
        member: Any = enum(str(value))
    except ValueError:
        return humanise(value)
    label = getattr(member, "label", None)
    return str(label) if label is not None else humanise(member.value).capitalize()


def role_of(actor: str, coordinators: frozenset[str]) -> str:
    """How the panel knows someone: coordinator, panel member or partner; the bot and the operator."""
    if actor == "system":
        return "the bot"
    if actor == "cli" or operator_name(actor) is not None:
        return "operator"
    return "coordinator" if actor in coordinators else "partner"


def audit_sentence(
    *,
    actor: str,
    action: str,
    ref: str | None,
    record: str,
    name_of: Callable[[str], str],
    coordinators: frozenset[str],
) -> str:
    """E.g. 'Sam (coordinator) accepted referral EFRP-2026-0001.'"""
    special = {"system": "The bot", "cli": "An operator (command line)"}
    operator = operator_name(actor)
    if operator is not None:
        who = f"{operator} (operator, command line)"
    else:
        who = special.get(actor) or f"{name_of(actor)} ({role_of(actor, coordinators)})"
    verb = AUDIT_VERBS.get(action, humanise(action))
    thing = ref or record
    return f"{who} {verb} {thing}.".replace(" .", ".")
