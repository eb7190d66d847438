"""What links a referral or a context to others: shared case references, the same place referred again."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.core.deps import Deps
from bot.domain import links as domain
from bot.domain.enums import ContextState, Outcome
from bot.domain.wording import enum_label
from storage import links as repo
from storage.contexts import Context, get_context
from storage.referrals import Referral


def notes(
    s: Session, *, place: domain.Place, people: list[str], besides: str, now: datetime, months: int
) -> list[str]:
    """What the panel should know at screening or on a record: shared case references, places seen before."""
    states = {n.ref: n.state for n in repo.nodes(session=s)}
    lines = [
        f"{ref} is also linked to " + ", ".join(f"{c} ({_state(states.get(c, ''))})" for c in contexts)
        for ref, contexts in domain.shared_with(people, repo.memberships(session=s), besides=besides).items()
    ]
    others = repo.places_of_kind(session=s, kind=place.kind)
    for other in domain.recurrences(place, others, now=now, months=months):
        lines.append(_recurrence(other, now))
    return lines


def context_notes(deps: Deps, s: Session, *, ctx: Context) -> list[str]:
    """The links of a context whose record a panel member is viewing (that view is audited by its caller)."""
    people = sorted(repo.memberships(session=s).get(ctx.ref, set()))
    return notes(
        s,
        place=repo.as_place(ctx),
        people=people,
        besides=ctx.ref,
        now=deps.clock.now(),
        months=deps.settings.recurrence_months,
    )


def referral_links(deps: Deps, s: Session, referral: Referral) -> list[str]:
    """What links a referral to contexts other than its own (its own, once it is accepted)."""
    ctx = get_context(session=s, context_id=referral.context_id) if referral.context_id is not None else None
    besides = ctx.ref if ctx is not None else ""
    place = domain.Place(besides or referral.ref, referral.context_kind, referral.context_name, referral.area)
    return notes(
        s,
        place=place,
        people=referral.young_people,
        besides=besides,
        now=deps.clock.now(),
        months=deps.settings.recurrence_months,
    )


def _recurrence(other: domain.Place, now: datetime) -> str:
    if other.closed_at is None or other.state == ContextState.OPEN:
        return f"this place is already a context: {other.ref} ({_state(other.state)})"
    months = domain.months_between(other.closed_at, now)
    ago = "less than a month ago" if months == 0 else f"{months} month{'s' if months != 1 else ''} ago"
    how = f"closed as {enum_label(other.outcome, Outcome).lower()}" if other.outcome else "closed"
    if other.state == ContextState.STEPPED_DOWN:
        how = "stepped down"
    return f"this place was {how} {ago} ({other.ref})"


def _state(state: str) -> str:
    return enum_label(state, ContextState).lower() if state else "unknown"
