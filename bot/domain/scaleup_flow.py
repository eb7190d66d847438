"""The panel's flow month by month: referrals made, screened, first discussed; actions due and done."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.domain.enums import ActionState

__all__ = ["MonthlyFlow", "monthly_flow"]


@dataclass(frozen=True, slots=True)
class MonthlyFlow:
    """What happened in one month ('YYYY-MM'); withdrawn actions are not counted as due."""

    month: str
    referrals: int
    screened: int
    discussed: int
    actions_due: int
    actions_done: int


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def monthly_flow(
    referrals: Iterable[tuple[date, date | None, date | None]],
    actions: Iterable[tuple[date, ActionState, date | None]],
    as_of: date,
) -> tuple[MonthlyFlow, ...]:
    """Every month from the first event to the last (none after as_of), zeros kept.

    referrals: (made, screened, first discussed); actions: (due, state, done).
    """
    counts: dict[str, Counter[str]] = {}

    def count(day: date | None, what: str) -> None:
        if day is not None and day <= as_of:
            counts.setdefault(_month(day), Counter())[what] += 1

    for made, screened, discussed in referrals:
        count(made, "referrals")
        count(screened, "screened")
        count(discussed, "discussed")
    for due, state, done in actions:
        if state is not ActionState.WITHDRAWN:
            count(due, "actions_due")
        count(done if state is ActionState.DONE else None, "actions_done")
    if not counts:
        return ()
    months = _months_between(min(counts), max(counts))
    return tuple(
        MonthlyFlow(
            m,
            *(
                counts.get(m, Counter())[k]
                for k in ("referrals", "screened", "discussed", "actions_due", "actions_done")
            ),
        )
        for m in months
    )
