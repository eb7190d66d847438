"""Agenda assembly agrees with a plain reference (the algorithm before it was made faster) on random data."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.agenda import (
    Agenda,
    AgendaAction,
    AgendaContext,
    AgendaItem,
    AgendaSection,
    AgendaTiming,
    assemble_agenda,
    assemble_from_tallies,
    local_date,
    tally_actions,
)
from bot.domain.enums import ActionState, ContextKind, Level

LONDON = ZoneInfo("Europe/London")
# 00:30 on 1 July in London (BST): the meeting's local date is a day after its UTC date.
MEETING = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
DAY = date(2026, 7, 1)
S = AgendaSection


def _reference(contexts: list[AgendaContext], actions: list[AgendaAction], timing: AgendaTiming) -> Agenda:
    """Each context's actions sorted on their own, its sections listed, then every item sorted."""
    eligible = {c.id: c for c in contexts if c.open and c.accepted_at <= MEETING}
    own: dict[object, list[AgendaAction]] = {}
    for a in actions:
        if a.state is ActionState.OPEN and a.context_id in eligible:
            own.setdefault(a.context_id, []).append(a)
    keyed = []
    for c in eligible.values():
        mine = sorted(own.get(c.id, ()), key=lambda a: a.due_on)
        overdue = tuple(a for a in mine if a.due_on < DAY)
        sections = [S.ACTIONS_DUE] if overdue else []
        if c.first_discussed_at is None:
            sections.append(S.NEW_CONTEXTS)
        elif c.next_review_on is not None and c.next_review_on <= DAY:
            sections.append(S.REVIEWS_DUE)
        if not sections:
            continue
        if S.NEW_CONTEXTS in sections:
            base = timing.new_context(c.level)
        else:
            base = timing.review if S.REVIEWS_DUE in sections else timing.actions_only
        item = AgendaItem(
            section=sections[0],
            context_id=c.id,
            ref=c.ref,
            name=c.name,
            kind=c.kind,
            level=c.level,
            days_since=(DAY - local_date(c.last_review_at or c.referred_at, LONDON)).days,
            open_count=sum(1 for a in mine if a.due_on >= DAY),
            overdue_count=len(overdue),
            suggested_minutes=base + timing.overdue_extra(len(overdue)),
            also=tuple(sections[1:]),
            review_due_on=c.next_review_on if S.REVIEWS_DUE in sections else None,
        )
        if sections[0] is S.ACTIONS_DUE:
            key = (0, overdue[0].due_on.toordinal(), 0.0, c.ref, str(c.id))
        elif sections[0] is S.NEW_CONTEXTS:
            key = (1, -c.level.rank, c.accepted_at.timestamp(), c.ref, str(c.id))
        else:
            key = (2, (c.next_review_on or date.min).toordinal(), 0.0, c.ref, str(c.id))
        keyed.append((key, item))
    keyed.sort(key=lambda pair: pair[0])
    return Agenda(meeting_at=MEETING, meeting_date=DAY, items=tuple(item for _, item in keyed))


def _world(rng: random.Random, n: int) -> tuple[list[AgendaContext], list[AgendaAction]]:
    """Contexts of every kind, with few distinct dates and references so that ties are common."""
    contexts = []
    for i in range(n):
        at = MEETING + timedelta(hours=rng.randint(-2000, 5))
        contexts.append(
            AgendaContext(
                id=i if rng.random() < 0.7 else f"c{i}",
                ref=f"EFRP-{rng.randint(0, n // 3):04d}",
                name=f"Context {i}",
                kind=rng.choice(list(ContextKind)),
                level=rng.choice(list(Level)),
                accepted_at=at,
                referred_at=at - timedelta(days=rng.randint(0, 30)),
                first_discussed_at=None if rng.random() < 0.3 else at + timedelta(days=1),
                last_review_at=None if rng.random() < 0.5 else at + timedelta(hours=rng.randint(400, 500)),
                next_review_on=None if rng.random() < 0.2 else DAY + timedelta(days=rng.randint(-10, 10)),
                open=rng.random() < 0.9,
            )
        )
    ids = [c.id for c in contexts] + ["nobody", -1]
    actions = [
        AgendaAction(
            id=j,
            context_id=rng.choice(ids),
            description=f"action {j}",
            owner="U1",
            due_on=DAY + timedelta(days=rng.randint(-5, 5)),
            state=rng.choice([ActionState.OPEN, ActionState.OPEN, ActionState.DONE, ActionState.WITHDRAWN]),
        )
        for j in range(n * 4)
    ]
    return contexts, actions


@pytest.mark.parametrize("seed", range(20))
def test_the_agenda_is_the_reference_agenda(seed: int) -> None:
    rng = random.Random(seed)
    contexts, actions = _world(rng, rng.choice([0, 1, 5, 40, 300]))
    timing = AgendaTiming(per_overdue_action=rng.randint(0, 3), overdue_extra_cap=rng.randint(0, 6))
    agenda = assemble_agenda(contexts, actions, MEETING, LONDON, timing)
    assert agenda == _reference(contexts, actions, timing)
    assert agenda == assemble_agenda(iter(contexts), iter(actions), MEETING, "Europe/London", timing)
    tallies = tally_actions(actions, DAY).values()  # as a store that counts them itself would give them
    assert agenda == assemble_from_tallies(contexts, iter(tallies), MEETING, LONDON, timing)
