"""`efrp meeting add/list/cancel`, `efrp agenda post`, `efrp minutes export`: meetings from the CLI."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bot.cli.actor import actor_of, add_as
from bot.cli.args import record_id
from bot.cli.output import write_document

if TYPE_CHECKING:
    from bot.core.deps import Deps
    from bot.core.settings import Settings

OPERATOR = "cli"


def add(sub: Any) -> None:
    """Register the meeting, agenda and minutes subcommands."""
    p = sub.add_parser("meeting", help="add, list, move or cancel panel meetings; the .ics calendar")
    msub = p.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)
    a = msub.add_parser("add", help="add a one-off meeting")
    a.add_argument("--at", required=True, help='local date and time, e.g. "2026-12-03 10:00" (EFRP_TIMEZONE)')
    a.add_argument("--location", default="", help="place or link (default EFRP_MEETING_LOCATION)")
    a.set_defaults(func=_add)
    ls = msub.add_parser("list", help="each meeting's ID, date and state")
    ls.add_argument("--upcoming", action="store_true", help="only meetings from today on")
    ls.set_defaults(func=_list)
    c = msub.add_parser("cancel", help="cancel a scheduled meeting")
    c.add_argument("meeting_id", type=record_id)
    c.set_defaults(func=_cancel)
    mv = msub.add_parser("move", help="move a scheduled meeting (a recurring slot stays moved)")
    mv.add_argument("meeting_id", type=int)
    mv.add_argument("--at", required=True, help='new local date and time, e.g. "2026-12-10 10:00"')
    mv.set_defaults(func=_move)
    ics = msub.add_parser(
        "ics",
        help="write the meetings as an iCalendar (.ics) file to add to a calendar",
        description="The recurring meeting with its rule (cancelled and moved slots left out) and every "
        "scheduled one-off or moved meeting from today on, each shown for two hours.",
    )
    ics.add_argument("-o", "--output", help="file to write (default: standard output)")
    ics.set_defaults(func=_ics)

    ag = sub.add_parser("agenda", help="the panel agenda")
    agsub = ag.add_subparsers(dest="agenda_command", metavar="ACTION", required=True)
    post = agsub.add_parser(
        "post", help="post or update the next meeting's agenda (none is invented if none is scheduled)"
    )
    post.set_defaults(func=_post)

    mn = sub.add_parser("minutes", help="meeting minutes")
    mnsub = mn.add_subparsers(dest="minutes_command", metavar="ACTION", required=True)
    ex = mnsub.add_parser(
        "export", help="write a meeting's minutes for the case record (Markdown, HTML or PDF)"
    )
    ex.add_argument("meeting_id", type=record_id)
    ex.add_argument("--format", choices=("md", "html", "pdf"), default="md", help="md (default), html or pdf")
    ex.add_argument("-o", "--output", help="file to write (default: standard output)")
    add_as(ex)
    ex.set_defaults(func=_export)


def _deps(settings: Settings) -> Deps:
    from bot.wiring import build_deps
    from storage.migrate import upgrade

    deps = build_deps(settings)
    upgrade(deps.engine)
    return deps


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.meetings import schedule as meeting_service

    deps = _deps(settings)
    day, _, at = str(args.at).strip().partition(" ")
    meeting = meeting_service.add_meeting(
        deps,
        user=OPERATOR,
        starts_at=meeting_service.parse_local(deps, day, at.strip()),
        location=args.location,
    )
    print(
        f"added meeting {meeting.id}: {meeting.starts_at.astimezone(settings.tz):%Y-%m-%d %H:%M} "
        f"{settings.timezone}" + (f" at {meeting.location}" if meeting.location else "")
    )
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.meetings import schedule as meeting_service

    deps = _deps(settings)
    print(meeting_service.schedule_text(deps))
    rows = meeting_service.list_meetings(deps, upcoming_only=args.upcoming, limit=500)
    if not rows:
        print("no meetings")
    for m in rows:
        kind = "recurring" if m.recurring else "one-off"
        posted = " agenda-posted" if m.agenda_posted else ""
        print(
            f"{m.id:>5}  {m.starts_at.astimezone(settings.tz):%Y-%m-%d %H:%M}  {m.state:<9}  {kind}{posted}"
            + (f"  {m.location}" if m.location else "")
        )
    return 0


def _cancel(args: argparse.Namespace, settings: Settings) -> int:
    from bot.meetings import schedule as meeting_service

    deps = _deps(settings)
    meeting = meeting_service.cancel_meeting(deps, user=OPERATOR, meeting_id=args.meeting_id)
    print(f"cancelled meeting {meeting.id}")
    return 0


def _move(args: argparse.Namespace, settings: Settings) -> int:
    from bot.meetings import agenda as agenda_service
    from bot.meetings import schedule as meeting_service

    deps = _deps(settings)
    day, _, at = str(args.at).strip().partition(" ")
    starts_at = meeting_service.parse_local(deps, day, at.strip())
    meeting = agenda_service.move_meeting(
        deps, user=OPERATOR, meeting_id=args.meeting_id, starts_at=starts_at
    )
    print(f"moved meeting {meeting.id} to {meeting.starts_at.astimezone(settings.tz):%Y-%m-%d %H:%M}")
    return 0


def _ics(args: argparse.Namespace, settings: Settings) -> int:
    from bot.meetings.invitation import calendar_file

    deps = _deps(settings)
    write_document(calendar_file(deps).decode("utf-8"), args.output, what="the panel's meetings calendar")
    return 0


def _post(args: argparse.Namespace, settings: Settings) -> int:
    from bot.meetings import agenda as agenda_service
    from bot.wiring import make_deliverer

    settings.require("EFRP_PANEL_CHANNEL")
    deps = _deps(settings)
    posted = agenda_service.post_agenda(deps, user=OPERATOR)
    if settings.bot_token:
        make_deliverer(
            deps
        ).drain()  # deliveries are claimed in the database: a running server never doubles them
    verb = "updated" if posted.updated else "posted"
    print(
        f"{verb} the agenda of meeting {posted.meeting_id} "
        f"({posted.starts_at.astimezone(settings.tz):%Y-%m-%d %H:%M}): {posted.items} item(s)"
    )
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.meetings.minutes_export import export_minutes

    actor = actor_of(args, "minutes export")
    deps = _deps(settings)
    data = export_minutes(deps, meeting_id=args.meeting_id, fmt=args.format, actor=actor)
    write_document(data, args.output, what=f"the minutes of meeting {args.meeting_id}")
    return 0
