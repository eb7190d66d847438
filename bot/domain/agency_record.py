"""Each agency's own record over a period: what it agreed, and what became of it.

Counted per agency, over the actions agreed in the period and owned by that agency now:
done on time (done on or before the due date), done late (with the median days late), overdue now (open,
past its due date today), withdrawn because circumstances changed (not counted against the agency), not
delivered (withdrawn by the coordinators as not delivered by the agency: counted against it) and reassigned
away (an owner said "Not mine" and it awaits a new owner, or the coordinators reassigned it to another
agency in the period). A disowned action counts only as reassigned away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

from bot.domain.agencies import fold


@dataclass(frozen=True, slots=True)
class AgencyAction:
    """One action agreed in the period: its agency, due date, state and local day done."""

    agency: str
    due_on: date
    state: str  # open / done / withdrawn
    done_on: date | None
    disowned: bool
    not_delivered: bool = False  # withdrawn as not delivered by the agency (else: circumstances changed)


@dataclass(frozen=True, slots=True)
class AgencyRecord:
    """One agency's figures for a period."""

    agency: str
    agreed: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue_now: int = 0
    withdrawn: int = 0  # circumstances changed: not counted against the agency
    not_delivered: int = 0
    reassigned_away: int = 0
    median_days_late: float | None = None


def _one(agency: str, actions: list[AgencyAction], reassigned: int, today: date) -> AgencyRecord:
    """The record of one agency from its own actions."""
    owned = [a for a in actions if not a.disowned]
    late = [
        (a.done_on - a.due_on).days for a in owned if a.state == "done" and a.done_on and a.done_on > a.due_on
    ]
    return AgencyRecord(
        agency=agency,
        agreed=len(actions),
        done_on_time=sum(
            1 for a in owned if a.state == "done" and (a.done_on is None or a.done_on <= a.due_on)
        ),
        done_late=len(late),
        overdue_now=sum(1 for a in owned if a.state == "open" and a.due_on < today),
        withdrawn=sum(1 for a in owned if a.state == "withdrawn" and not a.not_delivered),
        not_delivered=sum(1 for a in owned if a.state == "withdrawn" and a.not_delivered),
        reassigned_away=reassigned + sum(1 for a in actions if a.disowned),
        median_days_late=float(median(late)) if late else None,
    )


def agency_records(
    actions: Iterable[AgencyAction], reassigned_from: Iterable[str], listed: Iterable[str], today: date
) -> tuple[AgencyRecord, ...]:
    """One record per listed agency (in the council's order), then any other agency with actions, by name."""
    names: dict[str, str] = {fold(n): n for n in listed}
    listed_keys = list(names)
    by: dict[str, list[AgencyAction]] = {k: [] for k in names}
    moved: dict[str, int] = {}
    for a in actions:
        key = fold(a.agency)
        names.setdefault(key, a.agency.strip() or "No agency given")
        by.setdefault(key, []).append(a)
    for agency in reassigned_from:
        key = fold(agency)
        names.setdefault(key, agency.strip() or "No agency given")
        by.setdefault(key, [])
        moved[key] = moved.get(key, 0) + 1
    first = set(listed_keys)
    order = listed_keys + sorted((k for k in by if k not in first), key=lambda k: names[k])
    return tuple(_one(names[k], by[k], moved.get(k, 0), today) for k in order)


def find_agency(records: Iterable[AgencyRecord], name: str) -> AgencyRecord | None:
    """The record of the agency with this name (case and spacing ignored), if there is one."""
    return next((r for r in records if fold(r.agency) == fold(name)), None)
