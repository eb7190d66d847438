"""Panel meetings in Slack: `/efh meeting …`, `/efh agenda`, and the I'm here / Close meeting buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import InvalidInput
from bot.meetings import agenda as agenda_service
from bot.meetings import attendance as attendance_service
from bot.meetings import minutes as minutes_service
from bot.meetings import schedule as meeting_service
from handlers import efh, metadata
from handlers.blocks import view_values
from handlers.errors import where_clicked
from handlers.meetings.attendance_views import attendance_modal
from handlers.meetings.ids import AttendanceMeta, Button, Callback, MeetingButton
from handlers.permissions import deps_of, require_coordinator, require_panel_member, user_of

MEETING_USAGE = (
    "meeting [list | add YYYY-MM-DD HH:MM [place] | move ID YYYY-MM-DD HH:MM | cancel ID | close [ID]]"
)


def _meeting(inv: efh.Invocation) -> None:
    deps = inv.deps
    sub = inv.args[0].lower() if inv.args else "list"
    if sub == "list":
        require_panel_member(deps, inv.user, "see the meetings")
        lines = [meeting_service.schedule_text(deps), "", "*Meetings from today:*"]
        for m in meeting_service.list_meetings(deps, upcoming_only=True, limit=10):
            when = m.starts_at.astimezone(deps.settings.tz).strftime("%a %d %b %Y %H:%M")
            kind = "recurring" if m.recurring else "one-off"
            lines.append(
                f"• `{m.id}` {when} · {m.state} · {kind}" + (" · agenda posted" if m.agenda_posted else "")
            )
        if len(lines) == 3:
            lines.append("• none")
        inv.respond(response_type="ephemeral", text="\n".join(lines))
        return
    require_coordinator(deps, inv.user, "manage meetings")
    if sub == "add":
        if len(inv.args) < 3:
            raise InvalidInput("Usage: `/efh meeting add 2026-12-03 10:00 [place or link]`.")
        at = meeting_service.parse_local(deps, inv.args[1], inv.args[2])
        meeting = meeting_service.add_meeting(
            deps, user=inv.user, starts_at=at, location=" ".join(inv.args[3:])
        )
        inv.respond(
            response_type="ephemeral", text=f"Added meeting `{meeting.id}` on {inv.args[1]} {inv.args[2]}."
        )
    elif sub == "move":
        if len(inv.args) < 4:
            raise InvalidInput("Usage: `/efh meeting move ID 2026-12-10 10:00`.")
        at = meeting_service.parse_local(deps, inv.args[2], inv.args[3])
        moved = agenda_service.move_meeting(deps, user=inv.user, meeting_id=_id(inv.args[1:]), starts_at=at)
        inv.respond(
            response_type="ephemeral", text=f"Moved meeting `{moved.id}` to {inv.args[2]} {inv.args[3]}."
        )
    elif sub == "cancel":
        meeting = meeting_service.cancel_meeting(deps, user=inv.user, meeting_id=_id(inv.args[1:]))
        inv.respond(response_type="ephemeral", text=f"Cancelled meeting `{meeting.id}`.")
    elif sub == "close":
        minutes = minutes_service.close_meeting(
            deps, user=inv.user, meeting_id=_id(inv.args[1:]) if len(inv.args) > 1 else None
        )
        inv.respond(
            response_type="ephemeral",
            text=f"Closed meeting `{minutes.meeting.id}`; the minutes are going to the panel channel.",
        )
        return
    else:
        raise InvalidInput(f"Usage: `/efh {MEETING_USAGE}`.")


def _id(args: list[str]) -> int:
    if not args or not args[0].isdigit():
        raise InvalidInput("Give the meeting's ID (see `/efh meeting list`).")
    return int(args[0])


def _agenda(inv: efh.Invocation) -> None:
    require_panel_member(inv.deps, inv.user, "post the agenda")
    posted = agenda_service.post_agenda(inv.deps, user=inv.user)
    verb = "Updated" if posted.updated else "Posted"
    when = posted.starts_at.astimezone(inv.deps.settings.tz).strftime("%a %d %b %Y %H:%M")
    inv.respond(
        response_type="ephemeral",
        text=f"{verb} the agenda of meeting `{posted.meeting_id}` ({when}): {posted.items} item(s).",
    )


def register(app: App) -> None:
    """Register the meeting subcommands and buttons."""
    router = efh.router(app)
    router.add(
        "meeting",
        _meeting,
        usage=MEETING_USAGE,
        help="the schedule and meetings; coordinators add, move, cancel or close a meeting",
    )
    router.add(
        "agenda",
        _agenda,
        usage="agenda",
        help="post or update the next meeting's agenda in the panel channel",
    )

    @app.action(Button.PRESENT)
    def _present(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        deps = deps_of(context)
        user = user_of(body)
        require_panel_member(deps, user, "mark themselves present")
        meeting = metadata.from_button(MeetingButton, body)
        agenda_service.mark_present(deps, user=user, meeting_id=meeting.meeting_id)

    app.action(Button.ATTENDANCE)(where_clicked(_attendance))
    app.view(Callback.ATTENDANCE)(_attendance_submitted)

    @app.action(Button.CLOSE_MEETING)
    def _close(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        deps = deps_of(context)
        user = user_of(body)
        require_coordinator(deps, user, "close meetings")
        meeting = metadata.from_button(MeetingButton, body)
        minutes_service.close_meeting(deps, user=user, meeting_id=meeting.meeting_id)


def _attendance(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Attendance: the chair, apologies and guests in a modal (coordinators; others told where clicked)."""
    ack()
    deps = deps_of(context)
    meeting = metadata.from_button(MeetingButton, body)
    draft = attendance_service.attendance_draft(deps, user=user_of(body), meeting_id=meeting.meeting_id)
    client.views_open(trigger_id=body["trigger_id"], view=attendance_modal(draft))


def _attendance_submitted(ack: Ack, body: dict[str, Any], context: BoltContext, view: dict[str, Any]) -> None:
    deps = deps_of(context)
    form = attendance_service.parse_attendance(view_values(view))
    opened = metadata.from_view(AttendanceMeta, view)
    attendance_service.record_attendance(
        deps, user=user_of(body), meeting_id=opened.meeting_id, form=form, seen_event=opened.seen_event
    )
    ack()  # only once stored: a refusal keeps the form open with what was typed
