"""Panel agenda assembly: actions due first, then new contexts, then reviews due (pure, clock-free)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.enums import ActionState, ContextKind, Level

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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class AgendaAction:
    """What the agenda needs to know about an action."""

    id: ContextId
    context_id: ContextId
    description: str
    owner: str
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


@dataclass(frozen=True)
class AgendaItem:
    """One context on the agenda, in the first section it qualifies for.

    `open_actions` are open actions not yet overdue (due on or after the meeting's local date);
    `overdue_actions` are open actions due before it; the two are disjoint, each sorted by due date.
    `also` lists the later sections the context qualified for too (it is not repeated there).
    """

    section: AgendaSection
    context_id: ContextId
    ref: str
    name: str
    kind: ContextKind
    level: Level
    days_since: int
    open_actions: tuple[AgendaAction, ...]
    overdue_actions: tuple[AgendaAction, ...]
    suggested_minutes: int
    also: tuple[AgendaSection, ...] = ()
    review_due_on: date | None = None

    @property
    def outstanding_actions(self) -> tuple[AgendaAction, ...]:
        """Overdue then open actions: everything not done or withdrawn."""
        return self.overdue_actions + self.open_actions


@dataclass(frozen=True)
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
    """Build the agenda as of `meeting_at`, with days counted on local dates in `tz`.

    Only open contexts accepted at or before `meeting_at` appear. A context goes in the first
    section it qualifies for: ACTIONS_DUE (an open action due before the meeting's local date),
    else NEW_CONTEXTS (never discussed), else REVIEWS_DUE (next review on or before that date).
    Runs in O(n log n): actions are grouped by context in one pass.
    """
    zone = resolve_tz(tz)
    meeting_date = local_date(meeting_at, zone)

    eligible: dict[ContextId, AgendaContext] = {
        ctx.id: ctx for ctx in contexts if ctx.open and ctx.accepted_at <= meeting_at
    }
    by_context: dict[ContextId, list[AgendaAction]] = {}
    for action in actions:
        if action.state is ActionState.OPEN and action.context_id in eligible:
            by_context.setdefault(action.context_id, []).append(action)

    keyed: list[tuple[_Key, AgendaItem]] = []
    for ctx in eligible.values():
        own = sorted(by_context.get(ctx.id, ()), key=lambda a: a.due_on)
        overdue = tuple(a for a in own if a.due_on < meeting_date)
        upcoming = tuple(a for a in own if a.due_on >= meeting_date)
        qualifies = _sections_for(ctx, overdue, meeting_date)
        if not qualifies:
            continue
        section = qualifies[0]
        item = AgendaItem(
            section=section,
            context_id=ctx.id,
            ref=ctx.ref,
            name=ctx.name,
            kind=ctx.kind,
            level=ctx.level,
            days_since=(meeting_date - local_date(ctx.last_review_at or ctx.referred_at, zone)).days,
            open_actions=upcoming,
            overdue_actions=overdue,
            suggested_minutes=_minutes(ctx, qualifies, len(overdue), timing),
            also=qualifies[1:],
            review_due_on=ctx.next_review_on if AgendaSection.REVIEWS_DUE in qualifies else None,
        )
        keyed.append((_sort_key(section, ctx, overdue), item))

    keyed.sort(key=lambda pair: pair[0])
    return Agenda(meeting_at=meeting_at, meeting_date=meeting_date, items=tuple(item for _, item in keyed))


def _sections_for(
    ctx: AgendaContext, overdue: tuple[AgendaAction, ...], meeting_date: date
) -> tuple[AgendaSection, ...]:
    """Every section a context qualifies for, in agenda order."""
    found: list[AgendaSection] = []
    if overdue:
        found.append(AgendaSection.ACTIONS_DUE)
    if ctx.first_discussed_at is None:
        found.append(AgendaSection.NEW_CONTEXTS)
    elif ctx.next_review_on is not None and ctx.next_review_on <= meeting_date:
        found.append(AgendaSection.REVIEWS_DUE)
    return tuple(found)


def _minutes(
    ctx: AgendaContext, qualifies: tuple[AgendaSection, ...], overdue: int, timing: AgendaTiming
) -> int:
    """Suggested minutes: the new/review allowance if due, else the actions-only one, plus overdue extra."""
    if AgendaSection.NEW_CONTEXTS in qualifies:
        base = timing.new_context(ctx.level)
    elif AgendaSection.REVIEWS_DUE in qualifies:
        base = timing.review
    else:
        base = timing.actions_only
    return base + timing.overdue_extra(overdue)


def _sort_key(section: AgendaSection, ctx: AgendaContext, overdue: tuple[AgendaAction, ...]) -> _Key:
    """Sort key: section, then oldest overdue / highest level, longest waiting / earliest review."""
    if section is AgendaSection.ACTIONS_DUE:
        return (section.order, overdue[0].due_on.toordinal(), 0.0, ctx.ref, str(ctx.id))
    if section is AgendaSection.NEW_CONTEXTS:
        return (section.order, -ctx.level.rank, ctx.accepted_at.timestamp(), ctx.ref, str(ctx.id))
    review_on = ctx.next_review_on or date.min
    return (section.order, review_on.toordinal(), 0.0, ctx.ref, str(ctx.id))
