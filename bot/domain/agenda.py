"""Panel agenda assembly: actions due first, then new contexts, then reviews due (pure, clock-free)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.enums import ActionState, ContextKind, Level
from bot.domain.records import quick_init

ContextId = int | str
"""Identifier of a context or action as the store gives it."""


class AgendaSection(StrEnum):
    """The agenda's sections, in the order the panel takes them."""

    ACTIONS_DUE = "actions_due"
    NEW_CONTEXTS = "new_contexts"
    REVIEWS_DUE = "reviews_due"

    @property
    def label(self) -> str:
        """Human label."""
        return {
            AgendaSection.ACTIONS_DUE: "Actions due",
            AgendaSection.NEW_CONTEXTS: "New contexts",
            AgendaSection.REVIEWS_DUE: "Reviews due",
        }[self]

    @property
    def order(self) -> int:
        """Position of the section on the agenda, 0 first."""
        return _SECTION_ORDER[self]


_SECTION_ORDER = {AgendaSection.ACTIONS_DUE: 0, AgendaSection.NEW_CONTEXTS: 1, AgendaSection.REVIEWS_DUE: 2}


@quick_init
@dataclass(frozen=True, slots=True)
class AgendaContext:
    """What the agenda needs to know about a context."""

    id: ContextId
    ref: str
    name: str
    kind: ContextKind
    level: Level
    accepted_at: datetime
    referred_at: datetime
    first_discussed_at: datetime | None
    last_review_at: datetime | None
    next_review_on: date | None
    open: bool


@quick_init
@dataclass(frozen=True, slots=True)
class AgendaAction:
    """What the agenda needs to know about an action."""

    id: ContextId
    context_id: ContextId
    description: str
    owner: str  # "" while it awaits a new owner (its owner said "Not mine")
    due_on: date
    state: ActionState


@dataclass(frozen=True)
class AgendaTiming:
    """Suggested minutes per agenda item (defaults follow common panel practice)."""

    new_complex: int = 15
    new_universal_plus: int = 10
    new_universal: int = 5
    review: int = 10
    actions_only: int = 5
    per_overdue_action: int = 1
    overdue_extra_cap: int = 5

    def __post_init__(self) -> None:
        """Refuse negative durations."""
        for name, value in vars(self).items():
            if value < 0:
                raise ValueError(f"AgendaTiming.{name} must not be negative (got {value})")

    def new_context(self, level: Level) -> int:
        """Minutes for a context's first discussion at the given level."""
        return {
            Level.COMPLEX: self.new_complex,
            Level.UNIVERSAL_PLUS: self.new_universal_plus,
            Level.UNIVERSAL: self.new_universal,
        }[level]

    def overdue_extra(self, overdue: int) -> int:
        """Extra minutes for a number of overdue actions, capped."""
        return min(self.per_overdue_action * overdue, self.overdue_extra_cap)


DEFAULT_TIMING = AgendaTiming()

_Key = tuple[int, int, float, str, str]


@quick_init
@dataclass(frozen=True, slots=True)
class ActionTally:
    """A context's open actions counted as of a meeting's local date (`as_of`): how many are not yet due
    (due on or after it), how many are overdue (due before it), and the oldest overdue one's due date."""

    context_id: ContextId
    as_of: date
    not_due: int
    overdue: int
    oldest_overdue_on: date | None


@quick_init
@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One context on the agenda, in the first section it qualifies for.

    `open_count` counts its open actions not yet overdue (due on or after the meeting's local date);
    `overdue_count` those due before it. `also` lists the later sections the context qualified for too
    (it is not repeated there).
    """

    section: AgendaSection
    context_id: ContextId
    ref: str
    name: str
    kind: ContextKind
    level: Level
    days_since: int
    open_count: int
    overdue_count: int
    suggested_minutes: int
    also: tuple[AgendaSection, ...] = ()
    review_due_on: date | None = None


@dataclass(frozen=True, slots=True)
class Agenda:
    """A meeting's agenda: items in section order, then in each section's own order."""

    meeting_at: datetime
    meeting_date: date
    items: tuple[AgendaItem, ...]

    @property
    def total_minutes(self) -> int:
        """Sum of the items' suggested minutes."""
        return sum(item.suggested_minutes for item in self.items)

    @property
    def is_empty(self) -> bool:
        """True when nothing is on the agenda."""
        return not self.items

    def items_in(self, section: AgendaSection) -> tuple[AgendaItem, ...]:
        """The items of one section, in agenda order."""
        return tuple(item for item in self.items if item.section is section)

    @property
    def sections(self) -> tuple[tuple[AgendaSection, tuple[AgendaItem, ...]], ...]:
        """Non-empty sections in agenda order, each with its items."""
        pairs = ((section, self.items_in(section)) for section in AgendaSection)
        return tuple((section, items) for section, items in pairs if items)

    def minutes_in(self, section: AgendaSection) -> int:
        """Suggested minutes of one section."""
        return sum(item.suggested_minutes for item in self.items_in(section))


def resolve_tz(tz: tzinfo | str) -> tzinfo:
    """A tzinfo from a tzinfo or an IANA name such as "Europe/London"."""
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def local_date(moment: datetime, tz: tzinfo) -> date:
    """The calendar date of an aware datetime in the given time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()} given where an aware one is needed")
    return moment.astimezone(tz).date()


def assemble_agenda(
    contexts: Iterable[AgendaContext],
    actions: Iterable[AgendaAction],
    meeting_at: datetime,
    tz: tzinfo | str,
    timing: AgendaTiming = DEFAULT_TIMING,
) -> Agenda:
    """Build the agenda as of `meeting_at` from contexts and their actions (`assemble_from_tallies`, with
    the actions counted by `tally_actions` on the meeting's local date in `tz`)."""
    tallies = tally_actions(actions, local_date(meeting_at, resolve_tz(tz)))
    return assemble_from_tallies(contexts, tallies.values(), meeting_at, tz, timing)


def tally_actions(actions: Iterable[AgendaAction], meeting_date: date) -> dict[ContextId, ActionTally]:
    """Each context's open actions counted as of a meeting's local date (actions in any other state
    are left out): not yet due, overdue (due before `meeting_date`), and the oldest overdue due date."""
    counts: dict[ContextId, list[Any]] = {}
    for a in actions:
        if a.state is not ActionState.OPEN:
            continue
        found = counts.setdefault(a.context_id, [0, 0, None])
        if a.due_on < meeting_date:
            found[1] += 1
            found[2] = a.due_on if found[2] is None else min(found[2], a.due_on)
        else:
            found[0] += 1
    return {cid: ActionTally(cid, meeting_date, n, o, oldest) for cid, (n, o, oldest) in counts.items()}


def assemble_from_tallies(
    contexts: Iterable[AgendaContext],
    tallies: Iterable[ActionTally],
    meeting_at: datetime,
    tz: tzinfo | str,
    timing: AgendaTiming = DEFAULT_TIMING,
) -> Agenda:
    """Build the agenda as of `meeting_at`, with days counted on local dates in `tz`.

    Only open contexts accepted at or before `meeting_at` appear. A context goes in the first
    section it qualifies for: ACTIONS_DUE (an open action due before the meeting's local date),
    else NEW_CONTEXTS (never discussed), else REVIEWS_DUE (next review on or before that date).
    Each tally must be as of the meeting's local date (ValueError otherwise). Runs in O(n log n).
    """
    zone = resolve_tz(tz)
    meeting_date = local_date(meeting_at, zone)
    by_context: dict[ContextId, ActionTally] = {}
    for tally in tallies:
        if tally.as_of != meeting_date:
            raise ValueError(f"actions counted as of {tally.as_of}, not the meeting's date {meeting_date}")
        by_context[tally.context_id] = tally
    new_minutes = {level: timing.new_context(level) for level in Level}
    longest = max((t.overdue for t in by_context.values()), default=0)
    overdue_extra = [timing.overdue_extra(n) for n in range(longest + 1)]
    none = ActionTally(0, meeting_date, 0, 0, None)
    keyed: list[tuple[_Key, AgendaItem]] = []
    eligible = {ctx.id: ctx for ctx in contexts if ctx.open and ctx.accepted_at <= meeting_at}
    for ctx in eligible.values():
        own = by_context.get(ctx.id, none)
        new = ctx.first_discussed_at is None
        review = not new and ctx.next_review_on is not None and ctx.next_review_on <= meeting_date
        qualifies = _QUALIFIES[own.overdue > 0, new, review]
        if not qualifies:
            continue
        section = qualifies[0]
        base = new_minutes[ctx.level] if new else (timing.review if review else timing.actions_only)
        since = local_date(ctx.last_review_at or ctx.referred_at, zone)
        # Positional, in the fields' order (section, context, ref, name, kind, level, days since, open and
        # overdue counts, minutes, also, review due): keywords cost as much again as building the item.
        item = AgendaItem(
            section,
            ctx.id,
            ctx.ref,
            ctx.name,
            ctx.kind,
            ctx.level,
            (meeting_date - since).days,
            own.not_due,
            own.overdue,
            base + overdue_extra[own.overdue],
            qualifies[1:],
            ctx.next_review_on if review else None,
        )
        keyed.append((_sort_key(section, ctx, own.oldest_overdue_on), item))
    keyed.sort(key=_first)
    return Agenda(meeting_at=meeting_at, meeting_date=meeting_date, items=tuple(item for _, item in keyed))


_first = itemgetter(0)


def _qualifying(overdue: bool, new: bool, review: bool) -> tuple[AgendaSection, ...]:
    """Every section a context qualifies for, in agenda order."""
    found = [AgendaSection.ACTIONS_DUE] if overdue else []
    if new:
        found.append(AgendaSection.NEW_CONTEXTS)
    elif review:
        found.append(AgendaSection.REVIEWS_DUE)
    return tuple(found)


# (has an overdue action, never discussed, review due) -> sections, worked out once.
_QUALIFIES = {
    (o, n, r): _qualifying(o, n, r) for o in (False, True) for n in (False, True) for r in (False, True)
}
_RANK = {level: level.rank for level in Level}


def _sort_key(section: AgendaSection, ctx: AgendaContext, oldest_overdue_on: date | None) -> _Key:
    """Sort key: section, then oldest overdue / highest level, longest waiting / earliest review."""
    if section is AgendaSection.ACTIONS_DUE:
        assert oldest_overdue_on is not None  # the section is for contexts with an overdue action
        return (_SECTION_ORDER[section], oldest_overdue_on.toordinal(), 0.0, ctx.ref, str(ctx.id))
    if section is AgendaSection.NEW_CONTEXTS:
        return (_SECTION_ORDER[section], -_RANK[ctx.level], ctx.accepted_at.timestamp(), ctx.ref, str(ctx.id))
    review_on = ctx.next_review_on or date.min
    return (_SECTION_ORDER[section], review_on.toordinal(), 0.0, ctx.ref, str(ctx.id))
