"""Each agency's own record over a period, for `/efh agency`, the board report and the owner's Home tab."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.core.deps import Deps
from bot.core.errors import InvalidInput
from bot.domain.agencies import fold
from bot.domain.agency_record import AgencyAction, AgencyRecord, agency_records, find_agency
from bot.domain.calendar import local_date
from bot.report.records import Period
from storage import agency_record as repo
from storage import audit
from storage.db import session_scope


def records_in(
    *, session: Session, deps: Deps, period: Period, today: date, only: str | None = None
) -> tuple[AgencyRecord, ...]:
    """Every agency's record for the period, read in the caller's transaction; with `only`, that agency's
    actions alone are read (every spelling stored that means it), for one agency's record."""
    tz = deps.settings.tz
    spellings = None
    if only is not None:
        spellings = [n for n in repo.stored_agencies(session=session) if fold(n) == fold(only)]
    actions = [
        AgencyAction(agency, due, state, None if done is None else local_date(done, tz), disowned, missed)
        for agency, due, state, done, disowned, missed in repo.actions_agreed(
            session=session, start=period.start, end=period.end, agencies=spellings
        )
    ]
    moved = repo.reassigned_from(session=session, start=period.start, end=period.end)
    if only is not None:
        moved = [agency for agency in moved if fold(agency) == fold(only)]
    return agency_records(actions, moved, deps.settings.agencies.names, today)


def agency_record_table(deps: Deps, *, period: Period, now: datetime) -> tuple[AgencyRecord, ...]:
    """Every agency's record for the period (one transaction)."""
    with session_scope(deps.engine) as s:
        return records_in(session=s, deps=deps, period=period, today=local_date(now, deps.settings.tz))


def agency_names(deps: Deps) -> str:
    """The listed agencies, for a refusal that says which names are known."""
    return ", ".join(deps.settings.agencies.names)


def view_agency(deps: Deps, *, user: str, name: str, period: Period, now: datetime) -> AgencyRecord:
    """One listed agency's record for the period (name matched ignoring case); the view is audited."""
    record_name = next((n for n in deps.settings.agencies.names if fold(n) == fold(name)), None)
    if record_name is None:
        raise InvalidInput(
            f"There is no agency called that on the list. The agencies are: {agency_names(deps)}."
        )
    today = local_date(now, deps.settings.tz)
    with session_scope(deps.engine) as s:
        found = find_agency(
            records_in(session=s, deps=deps, period=period, today=today, only=record_name), record_name
        )
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="agency_record.viewed",
            record_type="agency",
            record_id=record_name[:64],
            detail={"since": period.since.isoformat(), "until": period.until.isoformat()},
        )
    return found or AgencyRecord(record_name)


def owner_agency_facts(
    *, session: Session, deps: Deps, owner_id: str, now: datetime
) -> dict[str, Any] | None:
    """For an owner's Home tab: their agency's record over the last 12 months (None: they own none)."""
    name = repo.agency_of_owner(session=session, owner_id=owner_id)
    if name is None:
        return None
    today = local_date(now, deps.settings.tz)
    since, until = today - timedelta(days=364), today
    period = Period.of(since, until, deps.settings.tz)
    found = find_agency(records_in(session=session, deps=deps, period=period, today=today, only=name), name)
    record = found or AgencyRecord(name)
    return {"since": since, **asdict(record)}


AGENCY_FIGURES: tuple[tuple[str, str], ...] = (
    ("agreed", "agreed"),
    ("done_on_time", "done_on_time"),
    ("done_late", "done_late"),
    ("overdue_now", "overdue_now"),
    ("withdrawn_circumstances_changed", "withdrawn"),
    ("not_delivered", "not_delivered"),
    ("reassigned_away", "reassigned_away"),
)
"""The board report's name for each count of an agency's record, and the record's field holding it."""


def agency_facts(records: tuple[AgencyRecord, ...]) -> list[dict[str, Any]]:
    """Each agency's record as plain facts for the panel post (counts, the median days late or None)."""
    return [asdict(r) for r in records]


def agency_csv_rows(records: tuple[AgencyRecord, ...]) -> list[tuple[str, str, str, str, str, Any, str]]:
    """The report's CSV rows of each agency's record: section `agency`, the figure, its value, the agency."""
    rows: list[tuple[str, str, str, str, str, Any, str]] = []
    for r in records:
        for key, field in AGENCY_FIGURES:
            rows.append(("agency", key, "", "", "", getattr(r, field), r.agency))
        late = "" if r.median_days_late is None else f"{r.median_days_late:g}"
        rows.append(("agency", "median_days_late", "", "", "", late, r.agency))
    return rows
