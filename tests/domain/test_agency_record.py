"""Each agency's own record: counted apart by what became of each action, with the median days late."""

from __future__ import annotations

from datetime import date

from bot.domain.agency_record import AgencyAction, agency_records, find_agency

TODAY = date(2026, 6, 30)
DUE = date(2026, 3, 1)


def _action(
    agency: str,
    state: str = "open",
    done: date | None = None,
    disowned: bool = False,
    not_delivered: bool = False,
) -> AgencyAction:
    return AgencyAction(agency, DUE, state, done, disowned, not_delivered)


def test_each_outcome_is_counted_apart_and_late_days_take_the_median() -> None:
    actions = [
        _action("police", "done", date(2026, 2, 28)),
        _action("Police", "done", date(2026, 3, 3)),
        _action("Police", "done", date(2026, 3, 5)),
        _action("Police", "done", date(2026, 3, 11)),
        _action("Police"),
        _action("Police", "withdrawn"),
        _action("Police", "withdrawn", not_delivered=True),
        _action("Police", "withdrawn", not_delivered=True),
        _action("Police", disowned=True),
    ]
    records = agency_records(actions, ["Police", "Housing"], ["Police", "Education"], TODAY)
    assert [r.agency for r in records] == ["Police", "Education", "Housing"]
    police = find_agency(records, "  POLICE ")
    assert police is not None
    assert (police.agreed, police.done_on_time, police.done_late, police.overdue_now) == (9, 1, 3, 1)
    assert (police.withdrawn, police.not_delivered) == (1, 2)  # counted apart: only these two against it
    assert (police.withdrawn, police.reassigned_away, police.median_days_late) == (1, 2, 4.0)
    education = find_agency(records, "education")
    assert education is not None and education.agreed == 0 and education.median_days_late is None
    assert find_agency(records, "Parks") is None
