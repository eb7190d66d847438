"""The agenda of a meeting: assembled, posted and kept up to date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.core import keys
from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotFound
from bot.core.owed import owed
from bot.domain.agenda import (
    ActionTally,
    Agenda,
    AgendaAction,
    AgendaItem,
    AgendaSection,
    local_date,
)
from bot.meetings import schedule as meeting_service
from bot.meetings.agenda_inputs import overdue_actions, read_agenda
from bot.meetings.invite_post import owe_invitation
from bot.meetings.unchanged import check_still_open
from storage import audit, outbox
from storage import decisions as decision_repo
from storage import meetings as repo
from storage.db import session_scope
from storage.decisions import Decision
from storage.meetings import Meeting

SHOWN_IN_FULL = 40  # items given in full: more never fit one chat message; the rest by reference
MORE_REFS = 1000  # references of the rest: more than a message lists
SHOWN_OVERDUE = 3
NO_MEETING = (
    "No meeting is scheduled, so there is no agenda to post. A coordinator adds one with "
    "`/efh meeting add YYYY-MM-DD HH:MM [place or link]` (or `efrp meeting add`), or sets "
    "EFRP_MEETING_SCHEDULE for a recurring meeting."
)


@dataclass(frozen=True)
class Shown:
    """One item as the posted agenda shows it."""

    item: AgendaItem
    decided: Decision | None


def shown_items(session: Session, deps: Deps, meeting: Meeting) -> tuple[Agenda, list[Shown]]:
    """The assembled agenda, plus items decided at this meeting that the fresh agenda no longer holds."""
    agenda, contexts, tallies = read_agenda(session, meeting.starts_at, deps.settings.tz, meeting.id)
    meeting_id = meeting.id or 0
    stored = {i.context_id: i for i in repo.items_of(session=session, meeting_id=meeting_id)}
    decided: dict[int, Decision] = {}
    for d in decision_repo.of_meeting(session=session, meeting_id=meeting_id):
        decided[d.context_id] = d  # later versions win
    fresh = {int(i.context_id): i for i in agenda.items}
    by_id = {int(c.id): c for c in contexts}
    # Fresh items keep the assembled order; items decided here that no longer qualify lead their section.
    keyed: list[tuple[tuple[int, int, int], Shown]] = []
    for index, item in enumerate(agenda.items):
        keyed.append(((item.section.order, 1, index), Shown(item, decided.get(int(item.context_id)))))
    for cid, row in stored.items():
        ctx = by_id.get(cid)
        if cid in fresh or not row.discussed or ctx is None:
            continue
        section = AgendaSection(row.section)
        since = local_date(ctx.last_review_at or ctx.referred_at, deps.settings.tz)
        item = AgendaItem(
            section=section,
            context_id=cid,
            ref=ctx.ref,
            name=ctx.name,
            kind=ctx.kind,
            level=ctx.level,
            days_since=(agenda.meeting_date - since).days,
            open_count=_open_total(tallies.get(cid)),  # decided here: its actions are shown as open
            overdue_count=0,
            suggested_minutes=row.suggested_minutes,
        )
        keyed.append(((section.order, 0, row.position), Shown(item, decided.get(cid))))
    keyed.sort(key=lambda pair: pair[0])
    return agenda, [s for _, s in keyed]


def agenda_owed(session: Session, deps: Deps, meeting: Meeting) -> tuple[dict[str, Any], list[Shown]]:
    """The agenda the panel is owed for a meeting, as it stands now, and the items it shows."""
    agenda, shown = shown_items(session, deps, meeting)
    meeting_id = meeting.id or 0
    section_minutes: dict[str, int] = {}
    for entry in shown:
        section = str(entry.item.section)
        section_minutes[section] = section_minutes.get(section, 0) + entry.item.suggested_minutes
    rest = shown[SHOWN_IN_FULL:]
    full = shown[:SHOWN_IN_FULL]
    late = [int(e.item.context_id) for e in full if e.item.overdue_count]
    overdue = overdue_actions(session, late, agenda.meeting_date)  # the date the items were counted on
    payload = owed(
        "meetings.agenda",
        meeting_id=meeting_id,
        starts_at=meeting.starts_at.astimezone(deps.settings.tz),
        location=meeting.location,
        state=meeting.state,
        count=len(shown),
        total_minutes=sum(section_minutes.values()),
        section_minutes=section_minutes,
        items=[_item_facts(entry, overdue.get(int(entry.item.context_id), [])) for entry in full],
        more=len(rest),
        more_refs=[entry.item.ref for entry in rest[:MORE_REFS]],
        present=[a.user_id for a in repo.attendance_of(session=session, meeting_id=meeting_id)],
        closed_by=meeting.closed_by,
        chair=meeting.chair_id,
        apologies=[
            a.user_id
            for a in repo.attendance_of(session=session, meeting_id=meeting_id, status=repo.APOLOGIES)
        ],
        guests=[[g.name, g.role] for g in repo.guests_of(session=session, meeting_id=meeting_id)],
    )
    return payload, shown


def _open_total(tally: ActionTally | None) -> int:
    return 0 if tally is None else tally.not_due + tally.overdue


def _item_facts(entry: Shown, overdue: list[AgendaAction]) -> dict[str, Any]:
    """One item shown in full: its facts, and its oldest overdue actions (`overdue`, oldest first)."""
    item, decided = entry.item, entry.decided
    return {
        "context_id": int(item.context_id),
        "section": item.section,
        "ref": item.ref,
        "name": item.name,
        "kind": item.kind,
        "level": item.level,
        "days_since": item.days_since,
        "suggested_minutes": item.suggested_minutes,
        "open_actions": item.open_count,
        "overdue": [
            {"due_on": a.due_on, "description": a.description, "owner": a.owner}
            for a in overdue[: min(SHOWN_OVERDUE, item.overdue_count)]
        ],
        "more_overdue": max(0, item.overdue_count - SHOWN_OVERDUE),
        "review_due_on": item.review_due_on,
        "decided": None
        if decided is None
        else {"level": decided.level, "version": decided.version, "next_review_on": decided.next_review_on},
    }


def put_agenda(session: Session, deps: Deps, meeting: Meeting, now: datetime) -> int:
    """Owe the panel channel this meeting's agenda (posted once, then updated); records its items."""
    payload, shown = agenda_owed(session, deps, meeting)
    repo.save_items(
        session=session,
        meeting_id=meeting.id or 0,
        rows=[(int(s.item.context_id), str(s.item.section), s.item.suggested_minutes) for s in shown],
    )
    outbox.put_message(
        session=session,
        slot=keys.meeting_agenda(meeting.id or 0),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=payload,
        now=now,
        summary=f"agenda of meeting {meeting.id}",
    )
    owe_invitation(session, deps, meeting, now)  # threaded under the agenda; once per time and place
    return len(shown)


def refresh_if_posted(session: Session, deps: Deps, meeting_id: int | None, now: datetime) -> None:
    """Bring an already posted agenda message up to date (after a decision, attendance or closing)."""
    if meeting_id is None or outbox.find(session=session, key=keys.meeting_agenda(meeting_id)) is None:
        return
    meeting = repo.get(session=session, meeting_id=meeting_id)
    if meeting is not None:
        put_agenda(session, deps, meeting, now)


@dataclass(frozen=True)
class Posted:
    """What posting an agenda did."""

    meeting_id: int
    starts_at: datetime
    items: int
    updated: bool


def post_agenda(deps: Deps, *, user: str, meeting_id: int | None = None) -> Posted:
    """Post (or update) a meeting's agenda, by default the next one; NotFound if none is scheduled."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        if meeting_id is not None:
            meeting = repo.lock(session=s, meeting_id=meeting_id)
            if meeting is None:
                raise NotFound(f"There is no meeting {meeting_id}.")
            if meeting.state != "scheduled":
                raise InvalidInput(
                    f"Meeting {meeting_id} is {meeting.state}; its agenda is no longer posted."
                )
        else:
            found = meeting_service.current_meeting(s, deps)
            if found is None:  # never a meeting invented at this minute: say how to schedule one
                raise NotFound(NO_MEETING)
            meeting = repo.lock(session=s, meeting_id=found.id or 0) or found
        updated = outbox.find(session=s, key=keys.meeting_agenda(meeting.id or 0)) is not None
        items = put_agenda(s, deps, meeting, now)
        repo.claim_agenda_post(session=s, meeting_id=meeting.id or 0, now=now)
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="agenda.updated" if updated else "agenda.posted",
            record_type="meeting",
            record_id=meeting.id,
            detail={"items": items},
        )
        return Posted(meeting.id or 0, meeting.starts_at, items, updated)


def post_due_agendas(deps: Deps) -> int:
    """The job: post each scheduled meeting's agenda once its moment has come; claimed in the database."""
    now = deps.clock.now()
    hours = deps.settings.hours
    lead = deps.settings.agenda_lead_hours
    posted = 0
    with session_scope(deps.engine) as s:
        due = [
            m
            for m in repo.awaiting_agenda(session=s, now=now, until=now + timedelta(hours=lead, days=8))
            if meeting_service.agenda_due_at(m.starts_at, lead, hours) <= now
        ]
    for meeting in due:
        with session_scope(deps.engine) as s:
            if not repo.claim_agenda_post(session=s, meeting_id=meeting.id or 0, now=now):
                continue
            items = put_agenda(s, deps, meeting, now)
            audit.record(
                session=s,
                at=now,
                actor=audit.SYSTEM,
                action="agenda.posted",
                record_type="meeting",
                record_id=meeting.id,
                detail={"items": items, "automatic": True},
            )
            posted += 1
    return posted


def mark_present(deps: Deps, *, user: str, meeting_id: int) -> bool:
    """A panel member marks themselves present; the agenda shows it. False if already marked."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        meeting = repo.lock(session=s, meeting_id=meeting_id)
        check_still_open(deps, meeting, meeting_id)  # names who closed (or cancelled) it, and when
        if not repo.mark_present(session=s, meeting_id=meeting_id, user_id=user, now=now):
            return False
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="meeting.present",
            record_type="meeting",
            record_id=meeting_id,
        )
        refresh_if_posted(s, deps, meeting_id, now)
    return True


def move_meeting(deps: Deps, *, user: str, meeting_id: int, starts_at: datetime) -> Meeting:
    """Move a scheduled meeting (a recurring slot stays moved, its row keeps the slot); audited."""
    meeting_service.require_coordinator(deps, user, "move meetings")
    now = deps.clock.now()
    if starts_at < now:
        raise InvalidInput("That time has already passed; give a future date and time.")
    with session_scope(deps.engine) as s:
        meeting = repo.lock(session=s, meeting_id=meeting_id)
        if meeting is None:
            raise NotFound(f"There is no meeting {meeting_id}.")
        if meeting.state != "scheduled":
            raise InvalidInput(f"Meeting {meeting_id} is {meeting.state}; only a scheduled meeting can move.")
        was = meeting.starts_at
        meeting.starts_at = starts_at
        s.add(meeting)
        s.flush()
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="meeting.moved",
            record_type="meeting",
            record_id=meeting_id,
            detail={"from": was.isoformat(), "to": starts_at.isoformat()},
        )
        refresh_if_posted(s, deps, meeting_id, now)
    return meeting
