"""Panel meetings, their agenda items and attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, select

from storage.types import utc_field

PRESENT = "present"
APOLOGIES = "apologies"


class Meeting(SQLModel, table=True):
    """One panel meeting (recurring or one-off)."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    starts_at: datetime = utc_field(index=True)
    location: str = Field(default="", max_length=300)
    state: str = Field(default="scheduled", max_length=16, index=True)
    recurring: bool = False
    series_key: str | None = Field(default=None, max_length=64, unique=True)  # one row per recurring slot
    created_by: str = Field(max_length=32)
    created_at: datetime = utc_field()
    agenda_posted_at: datetime | None = utc_field(nullable=True)
    closed_at: datetime | None = utc_field(nullable=True)
    closed_by: str | None = Field(default=None, max_length=32)
    cancelled_at: datetime | None = utc_field(nullable=True)
    cancelled_by: str | None = Field(default=None, max_length=32)
    chair_id: str | None = Field(default=None, max_length=32)
    # What the minutes say, fixed when the meeting closes: later changes are addenda, never rewrites.
    minutes: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )


class AgendaItem(SQLModel, table=True):
    """A context on a meeting's agenda, as last posted, and whether the panel reached it."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "context_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    section: str = Field(max_length=32)
    position: int = 0
    suggested_minutes: int = 0
    discussed: bool = False


class Attendance(SQLModel, table=True):
    """A panel member at a meeting: present, or sent apologies."""

    __tablename__ = "attendance"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    user_id: str = Field(max_length=32, primary_key=True)
    agency: str = Field(default="", max_length=120)
    at: datetime = utc_field()
    status: str = Field(default=PRESENT, max_length=16)


class Guest(SQLModel, table=True):
    """Someone at a meeting who is not in the workspace: a name and their agency or role, as typed."""

    __tablename__ = "meeting_guest"
    __table_args__ = (UniqueConstraint("meeting_id", "name", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    name: str = Field(max_length=120)
    role: str = Field(default="", max_length=120)
    added_by: str = Field(max_length=32)
    added_at: datetime = utc_field()


# --- repository functions -------------------------------------------------------------------------


def _insert_ignore(session: Session, table: Any, values: dict[str, Any], conflict: list[str]) -> int:
    """INSERT … ON CONFLICT DO NOTHING; the number of rows inserted (0 or 1), read back with RETURNING."""
    dialect = session.get_bind().dialect.name
    stmt: Any = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    stmt = stmt.values(**values).on_conflict_do_nothing(index_elements=conflict)
    row = session.execute(stmt.returning(table.c[conflict[0]])).first()
    return 0 if row is None else 1


def get(*, session: Session, meeting_id: int) -> Meeting | None:
    """A meeting by ID."""
    return session.get(Meeting, meeting_id)


def lock(*, session: Session, meeting_id: int) -> Meeting | None:
    """A meeting by ID, its row locked until the transaction ends.

    Everything that changes what a meeting's agenda shows takes this lock first, so two panel members
    acting at once (attendance, decisions, closing) render and store the agenda one after the other
    and neither's change is lost from the posted message. SQLite already runs one writer at a time.
    """
    stmt = select(Meeting).where(col(Meeting.id) == meeting_id).with_for_update()
    return session.exec(stmt.execution_options(populate_existing=True)).first()


def add_slot(*, session: Session, series_key: str, starts_at: datetime, location: str, now: datetime) -> bool:
    """Materialise one recurring slot; False if that slot already has its row (any process, any restart)."""
    return (
        _insert_ignore(
            session,
            Meeting.__table__,  # type: ignore[attr-defined]
            {
                "starts_at": starts_at,
                "location": location,
                "state": "scheduled",
                "recurring": True,
                "series_key": series_key,
                "created_by": "system",
                "created_at": now,
            },
            ["series_key"],
        )
        == 1
    )


def add_one_off(*, session: Session, starts_at: datetime, location: str, by: str, now: datetime) -> Meeting:
    """Add a one-off meeting."""
    meeting = Meeting(starts_at=starts_at, location=location, created_by=by, created_at=now)
    session.add(meeting)
    session.flush()
    return meeting


def next_scheduled(*, session: Session, since: datetime) -> Meeting | None:
    """The earliest scheduled meeting starting at or after a moment."""
    return session.exec(
        select(Meeting)
        .where(Meeting.state == "scheduled", col(Meeting.starts_at) >= since)
        .order_by(col(Meeting.starts_at), col(Meeting.id))
    ).first()


def listed(*, session: Session, since: datetime | None = None, limit: int = 50) -> list[Meeting]:
    """Meetings in date order (optionally from a moment on)."""
    stmt = select(Meeting)
    if since is not None:
        stmt = stmt.where(col(Meeting.starts_at) >= since)
    return list(session.exec(stmt.order_by(col(Meeting.starts_at), col(Meeting.id)).limit(limit)))


def awaiting_agenda(*, session: Session, now: datetime, until: datetime) -> list[Meeting]:
    """Scheduled meetings not started yet, starting before `until`, whose agenda was never posted."""
    return list(
        session.exec(
            select(Meeting)
            .where(
                Meeting.state == "scheduled",
                col(Meeting.agenda_posted_at).is_(None),
                col(Meeting.starts_at) > now,
                col(Meeting.starts_at) <= until,
            )
            .order_by(col(Meeting.starts_at))
        )
    )


def claim_agenda_post(*, session: Session, meeting_id: int, now: datetime) -> bool:
    """Mark the agenda as posted; False if another run already did (the job's claim)."""
    result = session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id, col(Meeting.agenda_posted_at).is_(None))
        .values(agenda_posted_at=now)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def close(*, session: Session, meeting_id: int, by: str, now: datetime) -> bool:
    """Mark a scheduled meeting held; False if it was not scheduled (already closed or cancelled)."""
    result = session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id, col(Meeting.state) == "scheduled")
        .values(state="held", closed_at=now, closed_by=by)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def cancel(*, session: Session, meeting_id: int, by: str, now: datetime) -> bool:
    """Cancel a scheduled meeting; False if it was not scheduled."""
    result = session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id, col(Meeting.state) == "scheduled")
        .values(state="cancelled", cancelled_at=now, cancelled_by=by)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def items_of(*, session: Session, meeting_id: int) -> list[AgendaItem]:
    """A meeting's agenda items in agenda order."""
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        )
    )


def save_items(*, session: Session, meeting_id: int, rows: list[tuple[int, str, int]]) -> None:
    """Record what the posted agenda holds: (context_id, section, minutes) in order; decided rows stay."""
    existing = {item.context_id: item for item in items_of(session=session, meeting_id=meeting_id)}
    wanted = {context_id for context_id, _, _ in rows}
    for item in existing.values():
        if not item.discussed and item.context_id not in wanted:
            session.delete(item)
    for position, (context_id, section, minutes) in enumerate(rows):
        item = existing.get(context_id) or AgendaItem(
            meeting_id=meeting_id, context_id=context_id, section=section
        )
        if not item.discussed:
            item.section, item.suggested_minutes = section, minutes
        item.position = position
        session.add(item)
    session.flush()


def mark_discussed(*, session: Session, meeting_id: int, context_id: int) -> bool:
    """Mark a context's agenda item as discussed; False if it was not on this meeting's agenda."""
    result = session.execute(
        update(AgendaItem)
        .where(col(AgendaItem.meeting_id) == meeting_id, col(AgendaItem.context_id) == context_id)
        .values(discussed=True)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def mark_present(*, session: Session, meeting_id: int, user_id: str, now: datetime, agency: str = "") -> bool:
    """Record a member as present (replacing apologies they had sent); False if already present."""
    added = _insert_ignore(
        session,
        Attendance.__table__,  # type: ignore[attr-defined]
        {"meeting_id": meeting_id, "user_id": user_id, "agency": agency, "at": now, "status": PRESENT},
        ["meeting_id", "user_id"],
    )
    if added:
        return True
    result = session.execute(
        update(Attendance)
        .where(
            col(Attendance.meeting_id) == meeting_id,
            col(Attendance.user_id) == user_id,
            col(Attendance.status) != PRESENT,
        )
        .values(status=PRESENT, at=now)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def set_apologies(*, session: Session, meeting_id: int, user_ids: set[str], now: datetime) -> bool:
    """Make exactly these members the ones who sent apologies (never someone marked present); changed?"""
    rows = {a.user_id: a for a in attendance_of(session=session, meeting_id=meeting_id, status=None)}
    changed = False
    for user_id, row in rows.items():
        if row.status == APOLOGIES and user_id not in user_ids:
            session.delete(row)
            changed = True
    for user_id in sorted(user_ids):
        if user_id not in rows:
            session.add(Attendance(meeting_id=meeting_id, user_id=user_id, at=now, status=APOLOGIES))
            changed = True
    session.flush()
    return changed


def set_guests(
    *, session: Session, meeting_id: int, guests: list[tuple[str, str]], by: str, now: datetime
) -> bool:
    """Make exactly these (name, agency or role) the meeting's guests, in order; changed?"""
    rows = guests_of(session=session, meeting_id=meeting_id)
    if [(g.name, g.role) for g in rows] == guests:
        return False
    for row in rows:
        session.delete(row)
    session.flush()
    for name, role in guests:
        session.add(Guest(meeting_id=meeting_id, name=name, role=role, added_by=by, added_at=now))
    session.flush()
    return True


def set_chair(*, session: Session, meeting_id: int, chair_id: str | None) -> bool:
    """Name the meeting's chair; False if it already was this person."""
    result = session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id, col(Meeting.chair_id).is_distinct_from(chair_id))
        .values(chair_id=chair_id)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def fix_minutes(*, session: Session, meeting_id: int, minutes: dict[str, Any]) -> None:
    """Keep what the minutes say at close (written once, by the close that held the meeting)."""
    session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id, col(Meeting.minutes).is_(None))
        .values(minutes=minutes)
    )


def attendance_of(*, session: Session, meeting_id: int, status: str | None = PRESENT) -> list[Attendance]:
    """Who was present (or sent apologies, or either with status=None), in the order recorded."""
    stmt = select(Attendance).where(Attendance.meeting_id == meeting_id)
    if status is not None:
        stmt = stmt.where(Attendance.status == status)
    return list(session.exec(stmt.order_by(col(Attendance.at), col(Attendance.user_id))))


def guests_of(*, session: Session, meeting_id: int) -> list[Guest]:
    """A meeting's guests in the order they were recorded."""
    return list(session.exec(select(Guest).where(Guest.meeting_id == meeting_id).order_by(col(Guest.id))))
