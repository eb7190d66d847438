"""The agenda of a meeting: assembled, posted and kept up to date."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotFound
from bot.core.templating import render
from bot.domain.agenda import (
    Agenda,
    AgendaAction,
    AgendaItem,
    AgendaSection,
    local_date,
)
from bot.domain.enums import Level
from bot.meetings import schedule as meeting_service
from bot.meetings.agenda_inputs import read_agenda
from handlers import blocks
from handlers.meetings.ids import Button, ids_value
from storage import audit, outbox
from storage import decisions as decision_repo
from storage import meetings as repo
from storage.db import session_scope
from storage.decisions import Decision
from storage.meetings import Meeting

ITEM_CHARS_BUDGET = 9_000  # characters of item blocks in one message, inside Slack's ~12k limit
ITEM_BLOCKS_BUDGET = 40
SHOWN_OVERDUE = 3


def slot(meeting_id: int) -> str:
    """The outbox slot of a meeting's agenda message (posted once, then updated in place)."""
    return f"meeting:{meeting_id}:agenda"


@dataclass(frozen=True)
class Shown:
    """One item as the posted agenda shows it."""

    item: AgendaItem
    decided: Decision | None


def shown_items(session: Session, deps: Deps, meeting: Meeting) -> tuple[Agenda, list[Shown]]:
    """The assembled agenda, plus items decided at this meeting that the fresh agenda no longer holds."""
    agenda, contexts, actions = read_agenda(session, meeting.starts_at, deps.settings.tz, meeting.id)
    meeting_id = meeting.id or 0
    stored = {i.context_id: i for i in repo.items_of(session=session, meeting_id=meeting_id)}
    decided: dict[int, Decision] = {}
    for d in decision_repo.of_meeting(session=session, meeting_id=meeting_id):
        decided[d.context_id] = d  # later versions win
    fresh = {int(i.context_id): i for i in agenda.items}
    by_id = {int(c.id): c for c in contexts}
    own: dict[int, list[AgendaAction]] = {}
    for a in actions:
        own.setdefault(int(a.context_id), []).append(a)
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
            open_actions=tuple(sorted(own.get(cid, []), key=lambda a: a.due_on)),
            overdue_actions=(),
            suggested_minutes=row.suggested_minutes,
        )
        keyed.append(((section.order, 0, row.position), Shown(item, decided.get(cid))))
    keyed.sort(key=lambda pair: pair[0])
    return agenda, [s for _, s in keyed]


def agenda_payload(session: Session, deps: Deps, meeting: Meeting) -> tuple[dict[str, Any], list[Shown]]:
    """The agenda message of a meeting, as it stands now, and the items it shows."""
    env = deps.jinja
    _agenda, shown = shown_items(session, deps, meeting)
    meeting_id = meeting.id or 0
    open_meeting = meeting.state == "scheduled"
    when = meeting.starts_at.astimezone(deps.settings.tz).strftime("%A %d %B %Y, %H:%M")
    total = sum(s.item.suggested_minutes for s in shown)
    body: list[blocks.Block] = [
        blocks.header(f"Panel agenda: {when}"),
        blocks.section(
            render(
                env, "agenda_header.j2", when=when, location=meeting.location, count=len(shown), total=total
            )
        ),
    ]
    used = 0
    hidden: list[str] = []
    section_seen: AgendaSection | None = None
    for entry in shown:
        item = entry.item
        if len(hidden) or used > ITEM_CHARS_BUDGET or len(body) >= ITEM_BLOCKS_BUDGET:
            hidden.append(item.ref)
            continue
        if item.section is not section_seen:
            section_seen = item.section
            minutes = sum(s.item.suggested_minutes for s in shown if s.item.section is item.section)
            body.append(blocks.context(f"*{item.section.label}* · about {minutes} min"))
        block = _item_block(deps, meeting_id, entry, open_meeting)
        used += len(json.dumps(block))
        body.append(block)
    if hidden:
        body.append(
            blocks.section(
                f"…and {len(hidden)} more item(s), not shown to keep this message within Slack's limits: "
                + ", ".join(hidden)[:2500]
            )
        )
    present = [a.user_id for a in repo.attendance_of(session=session, meeting_id=meeting_id)]
    body.append(blocks.divider())
    body.append(blocks.context(render(env, "agenda_footer.j2", present=present, closed_by=meeting.closed_by)))
    if open_meeting:
        body.append(
            blocks.actions(
                [
                    blocks.button("I'm here", Button.PRESENT, ids_value(m=meeting_id), style="primary"),
                    blocks.button(
                        "Close meeting",
                        Button.CLOSE_MEETING,
                        ids_value(m=meeting_id),
                        confirm={
                            "title": blocks.plain("Close the meeting?", 100),
                            "text": blocks.plain(
                                "The minutes go to the panel channel; items not reached move to the next "
                                "agenda.",
                                300,
                            ),
                            "confirm": blocks.plain("Close meeting", 30),
                            "deny": blocks.plain("Not yet", 30),
                        },
                    ),
                ],
                block_id=f"meeting-{meeting_id}",
            )
        )
    state = "" if open_meeting else f" ({meeting.state})"
    text = f"Panel agenda for {when}{state}: {len(shown)} item(s), about {total} minutes."
    return blocks.message(text, body), shown


def _item_block(deps: Deps, meeting_id: int, entry: Shown, open_meeting: bool) -> blocks.Block:
    item = entry.item
    text = render(
        deps.jinja,
        "agenda_item.j2",
        item=item,
        overdue=item.overdue_actions[:SHOWN_OVERDUE],
        more_overdue=max(0, len(item.overdue_actions) - SHOWN_OVERDUE),
        since="last review" if item.section is AgendaSection.REVIEWS_DUE else "referral or last review",
        decided=_decided_view(entry.decided),
    )
    accessory = None
    if open_meeting:
        value = ids_value(m=meeting_id, c=int(item.context_id))
        if entry.decided is None:
            accessory = blocks.button("Record decision", Button.RECORD_DECISION, value, style="primary")
        else:
            accessory = blocks.button("Amend decision", Button.AMEND_DECISION, value)
    return blocks.section(text, block_id=f"agenda-{meeting_id}-{item.context_id}", accessory=accessory)


def _decided_view(d: Decision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"level": Level(d.level).label, "version": d.version, "next_review_on": d.next_review_on}


def put_agenda(session: Session, deps: Deps, meeting: Meeting, now: datetime) -> int:
    """Owe the panel channel this meeting's agenda (posted once, then updated); records its items."""
    payload, shown = agenda_payload(session, deps, meeting)
    repo.save_items(
        session=session,
        meeting_id=meeting.id or 0,
        rows=[(int(s.item.context_id), str(s.item.section), s.item.suggested_minutes) for s in shown],
    )
    channel = deps.settings.panel_channel or ""
    outbox.put_message(
        session=session,
        slot=slot(meeting.id or 0),
        op=outbox.Op.POST,
        channel=channel,
        payload=payload,
        now=now,
        summary=f"agenda of meeting {meeting.id}",
    )
    return len(shown)


def refresh_if_posted(session: Session, deps: Deps, meeting_id: int | None, now: datetime) -> None:
    """Bring an already posted agenda message up to date (after a decision, attendance or closing)."""
    if meeting_id is None or outbox.find(session=session, key=slot(meeting_id)) is None:
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
    adhoc: bool


def post_agenda(deps: Deps, *, user: str, meeting_id: int | None = None) -> Posted:
    """Post (or update) a meeting's agenda, by default the next one; if none is scheduled, one for today."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        adhoc = False
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
            if found is None:
                found = repo.add_one_off(
                    session=s, starts_at=now, location=deps.settings.meeting_location, by=user, now=now
                )
                adhoc = True
                audit.record(
                    session=s,
                    at=now,
                    actor=user,
                    action="meeting.created",
                    record_type="meeting",
                    record_id=found.id,
                    detail={"starts_at": now.isoformat(), "adhoc": True},
                )
            meeting = repo.lock(session=s, meeting_id=found.id or 0) or found
        updated = outbox.find(session=s, key=slot(meeting.id or 0)) is not None
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
        return Posted(meeting.id or 0, meeting.starts_at, items, updated, adhoc)


def post_due_agendas(deps: Deps) -> int:
    """The job: post each scheduled meeting's agenda once its moment has come; claimed in the database."""
    now = deps.clock.now()
    hours = meeting_service.working_hours(deps)
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
        if meeting is None:
            raise NotFound(f"There is no meeting {meeting_id}.")
        if meeting.state != "scheduled":
            raise InvalidInput("This meeting is closed; attendance can no longer change.")
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
