"""Panel meetings, their agenda items and attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, select

from storage.types import utc_field


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
    """A panel member present at a meeting."""

    __tablename__ = "attendance"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    user_id: str = Field(max_length=32, primary_key=True)
    agency: str = Field(default="", max_length=120)
    at: datetime = utc_field()


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
    """Record a member as present; False if already recorded."""
    return (
        _insert_ignore(
            session,
            Attendance.__table__,  # type: ignore[attr-defined]
            {"meeting_id": meeting_id, "user_id": user_id, "agency": agency, "at": now},
            ["meeting_id", "user_id"],
        )
        == 1
    )


def attendance_of(*, session: Session, meeting_id: int) -> list[Attendance]:
    """Who marked themselves present, in the order they did."""
    return list(
        session.exec(
            select(Attendance).where(Attendance.meeting_id == meeting_id).order_by(col(Attendance.at))
        )
    )
