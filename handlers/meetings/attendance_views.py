"""The attendance modal in Block Kit: the chair, apologies and guests of a meeting."""

from __future__ import annotations

from typing import Any

from bot.meetings.attendance import GUEST_PART, MAX_GUESTS, AttendanceDraft, AttendanceField
from handlers import blocks
from handlers.meetings.ids import AttendanceMeta, Callback

__all__ = ["attendance_modal"]


def attendance_modal(draft: AttendanceDraft) -> dict[str, Any]:
    """Who chairs, who sent apologies, and guests from outside the workspace (coordinators)."""
    body = [
        blocks.section("Everyone who pressed *I'm here* is present; the chair is marked present too."),
        blocks.input_block(
            AttendanceField.CHAIR, "Chair", blocks.users_select("v", initial=draft.chair), optional=True
        ),
        blocks.input_block(
            AttendanceField.APOLOGIES,
            "Apologies",
            blocks.multi_users_select("v", initial=draft.apologies),
            optional=True,
        ),
        blocks.input_block(
            AttendanceField.GUESTS,
            "Guests (one a line: name, agency or role)",
            blocks.text_input(
                "v", multiline=True, initial=draft.guests_text, max_length=MAX_GUESTS * (2 * GUEST_PART + 3)
            ),
            optional=True,
            hint="For example: Pat Lee, Housing officer. People in Slack go under Present or Apologies.",
        ),
    ]
    meta = AttendanceMeta(meeting_id=draft.meeting_id, seen_event=draft.seen_event)
    return blocks.modal(Callback.ATTENDANCE, "Attendance", body, submit="Save", private_metadata=meta)
