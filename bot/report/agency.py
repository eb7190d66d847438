"""Each agency's own record over a period, for `/efh agency`, the board report and the owner's Home tab."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from bot.core.deps import Deps
from bot.domain.agency_record import AgencyAction, AgencyRecord, agency_records
from bot.domain.calendar import local_date
from bot.report.records import Period
from storage import agency_record as repo
from storage.db import session_scope


def records_in(*, session: Session, deps: Deps, period: Period, today: date) -> tuple[AgencyRecord, ...]:
    """Every agency's record for the period, read in the caller's transaction."""
    tz = deps.settings.tz
    actions = [
        AgencyAction(agency, due, state, None if done is None else local_date(done, tz), disowned)
        for agency, due, state, done, disowned in repo.actions_agreed(
            session=session, start=period.start, end=period.end
        )
    ]
    moved = repo.reassigned_from(session=session, start=period.start, end=period.end)
    return agency_records(actions, moved, deps.settings.agencies.names, today)


def agency_record_table(deps: Deps, *, period: Period, now: datetime) -> tuple[AgencyRecord, ...]:
    """Every agency's record for the period (one transaction)."""
    with session_scope(deps.engine) as s:
        return records_in(session=s, deps=deps, period=period, today=local_date(now, deps.settings.tz))
