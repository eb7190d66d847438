"""The decision form, chat-agnostically: what it is pre-filled with, and what a submission must hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotFound, NotPermitted
from bot.core.freetext import personal_data_errors
from bot.domain.agencies import OTHER, Agencies
from bot.domain.enums import ActionKind, ActionTarget, Focus, Level
from bot.domain.framework import Framework
from bot.domain.goal_wording import ActivityGoal, activity_goals
from bot.meetings import goal_scales
from storage import audit, goal_scores
from storage import decisions as repo
from storage.actions import NewAction
from storage.contexts import Assessment, Context
from storage.db import session_scope

PARTNERS = (
    "Children's social care",
    "Police",
    "Education",
    "Health",
    "Youth service",
    "Youth justice",
    "Community safety",
    "Housing",
    "Transport",
    "Parks and leisure",
    "Voluntary sector",
    "Local businesses",
    "Young people",
    "Parents and carers",
    "Community members and residents",
)
MAX_GOALS = 20
FIRST_ACTION_ROWS = 1
"""Action rows a fresh decision form offers; "Add another action" adds one (empty rows are ignored)."""
MAX_ACTION_ROWS = 10
"""The most action rows one form holds, inside Slack's 100 blocks a modal (8 blocks a row)."""
KEEP_GOALS = "keep"
"""The value of the form's "keep the goals as written" tick: goals that read as activities stand as typed."""


class Field(StrEnum):
    """The ID of each field of the decision form (action rows add `_{n}`)."""

    LEVEL = "decision_level"
    FOCUS = "decision_focus"
    GOALS = "decision_goals"
    KEEP_GOALS = "decision_keep_goals"
    PARTNERS = "decision_partners"
    PARTNERS_NOTE = "decision_partners_note"
    REVIEW_ON = "decision_review_on"
    WHAT = "action_what"
    OWNER = "action_owner"
    AGENCY = "action_agency"
    AGENCY_OTHER = "action_agency_other"
    DUE = "action_due"
    KIND = "action_kind"
    TARGET = "action_target"


def row_field(name: Field, row: int) -> str:
    """The ID of one field of one action row."""
    return f"{name}_{row}"


def prefill(draft: DecisionDraft) -> dict[str, Any]:
    """The form's starting values (field -> value, as a submission gives them), from its draft."""
    return {
        Field.LEVEL: draft.level,
        Field.FOCUS: list(draft.focus),
        Field.GOALS: "\n".join(draft.goals),
        Field.PARTNERS: [partner_value(PARTNERS.index(p)) for p in draft.partners if p in PARTNERS],
        Field.PARTNERS_NOTE: draft.partners_note,
        Field.REVIEW_ON: draft.review_on.isoformat(),
        **goal_scales.prefill(draft.scales, list(draft.goals)),
    }


def partner_value(index: int) -> str:
    """The value a form gives the partner `PARTNERS[index]`."""
    return f"p{index}"


@dataclass(frozen=True)
class DecisionForm:
    """A validated decision form."""

    level: Level
    focus: tuple[Focus, ...]
    goals: tuple[str, ...]
    actions: tuple[NewAction, ...]
    partners: tuple[str, ...]
    partners_note: str
    review_on: date
    goals_kept_as_written: int = 0
    """Goals that read as activities, kept as written by the panel (the form questioned them once)."""
    scales: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Goal text -> viewpoint -> where it stands now (0–10)."""


@dataclass(frozen=True)
class DecisionDraft:
    """What the decision form is pre-filled with: the context and its current decision, if any."""

    context_id: int
    meeting_id: int | None
    ref: str
    name: str
    current_id: int | None
    current_version: int | None
    level: str
    focus: tuple[str, ...]
    goals: tuple[str, ...]
    partners: tuple[str, ...]
    partners_note: str | None
    review_on: date
    scales: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """The latest scores of the context's goals (goal text -> viewpoint -> score), to pre-fill."""


def suggested_goals(session: Session, context_id: int, framework: Framework) -> list[str]:
    """Current goals if any, else the positive restatement of each concern in the latest assessment."""
    active = repo.active_goals(session=session, context_id=context_id)
    if active:
        return [g.text for g in active]
    latest = session.exec(
        select(Assessment)
        .where(Assessment.context_id == context_id)
        .order_by(col(Assessment.assessed_at).desc(), col(Assessment.id).desc())
    ).first()
    ids = list(latest.indicator_ids) if latest is not None else []
    out: list[str] = []
    for indicator_id in ids:
        ind = framework.get(indicator_id)
        if ind is not None and ind.is_concern and ind.positive:
            out.append(ind.positive)
    return out


def decision_draft(
    deps: Deps, *, user: str, context_id: int, meeting_id: int | None, audited: bool = True
) -> DecisionDraft:
    """The Record/Amend decision form, pre-filled from the context (coordinators only); opening it audited."""
    if not deps.is_coordinator(user):
        raise NotPermitted("Only the panel's coordinators can record decisions. Nothing was changed.")
    with session_scope(deps.engine) as s:
        ctx = s.get(Context, context_id)
        if ctx is None:
            raise NotFound("That context no longer exists.")
        current = repo.latest(session=s, context_id=context_id)
        goals = suggested_goals(s, context_id, deps.framework)
        latest_scores = goal_scores.latest_by_text(session=s, context_id=context_id)
        if audited:
            audit.viewed(
                session=s,
                at=deps.clock.now(),
                actor=user,
                record_type="context",
                record_id=context_id,
                ref=ctx.ref,
                via="decision form",
            )
    return DecisionDraft(
        context_id=context_id,
        meeting_id=meeting_id,
        ref=ctx.ref,
        name=ctx.name,
        current_id=current.id if current else None,
        current_version=current.version if current else None,
        level=current.level if current else ctx.level,
        focus=tuple(current.focus if current else ctx.focus),
        goals=tuple(goals),
        partners=tuple(current.partners) if current else (),
        partners_note=current.partners_note if current else None,
        review_on=(
            current.next_review_on if current else deps.today() + timedelta(weeks=deps.settings.review_weeks)
        ),
        scales=latest_scores,
    )


def action_rows(values: Mapping[str, Any]) -> int:
    """How many action rows a form's values come from (the highest row with a field), within the bounds."""
    prefix = f"{Field.WHAT}_"
    found = [int(k[len(prefix) :]) for k in values if k.startswith(prefix) and k[len(prefix) :].isdigit()]
    return min(max(found, default=0), MAX_ACTION_ROWS)


def parse_decision(values: Mapping[str, Any], *, today: date, agencies: Agencies) -> DecisionForm:
    """Validate a submitted decision form; InvalidInput names each field at fault."""
    errors = personal_data_errors(values, _free_text(), today=today)
    level_raw = values.get(Field.LEVEL)
    focus_raw = values.get(Field.FOCUS) or []
    if level_raw not in {lv.value for lv in Level}:
        errors[Field.LEVEL] = "Choose the level the panel agreed."
    if not focus_raw:
        errors[Field.FOCUS] = "Choose what most needs to change."
    goals = tuple(goal_scales.goal_lines(values.get(Field.GOALS)))
    if len(goals) > MAX_GOALS:
        errors[Field.GOALS] = f"At most {MAX_GOALS} goals, one per line."
    questioned = activity_goals(goals)
    kept = KEEP_GOALS in (values.get(Field.KEEP_GOALS) or [])
    if questioned and not kept and Field.GOALS not in errors:
        errors[Field.GOALS] = activity_note(questioned)
    scales = goal_scales.parse_scales(values, goals, errors, goals_field=Field.GOALS)
    rows = [
        row
        for n in range(1, action_rows(values) + 1)
        if (row := _action_row(values, n, today, errors, agencies))
    ]
    review_on = _review_on(values, today, errors)
    if errors or review_on is None:
        raise InvalidInput("Please correct the highlighted fields.", errors)
    return DecisionForm(
        Level(str(level_raw)),
        tuple(Focus(f) for f in focus_raw),
        goals,
        tuple(rows),
        _partners(values.get(Field.PARTNERS) or []),
        str(values.get(Field.PARTNERS_NOTE) or "").strip(),
        review_on,
        goals_kept_as_written=len(questioned),
        scales=scales,
    )


def activity_note(questioned: tuple[ActivityGoal, ...]) -> str:
    """The gentle question put to goals that read as activities: a rewording, or keep them as typed."""
    first = questioned[0]
    goal = first.goal if len(first.goal) <= 80 else first.goal[:79] + "…"
    more = len(questioned) - 1
    which = f"“{goal}”" + (f" (and {more} more goal{'s' if more > 1 else ''})" if more else "")
    return (
        f"{which} reads as something to be done rather than a change in the place or group. Could it say "
        f"what will be different, e.g. “{first.suggestion}”? The activity itself can be an action below. "
        "Or tick “Keep the goals as written”."
    )


def _free_text() -> list[str]:
    rows = range(1, MAX_ACTION_ROWS + 1)
    actions = [row_field(f, n) for f in (Field.WHAT, Field.AGENCY_OTHER) for n in rows]
    return [Field.GOALS, Field.PARTNERS_NOTE, *actions]


def _agency(values: Mapping[str, Any], n: int, agencies: Agencies, errors: dict[str, str]) -> str:
    """Row `n`'s agency, stored as the listed name it means; "Other" needs the agency's name typed."""
    chosen = str(values.get(row_field(Field.AGENCY, n)) or "").strip()
    other = str(values.get(row_field(Field.AGENCY_OTHER, n)) or "").strip()
    if chosen == OTHER and not other:
        errors[row_field(Field.AGENCY_OTHER, n)] = "Name the agency (you chose Other)."
    return agencies.canonical(other if chosen in ("", OTHER) else chosen)


def _action_row(
    values: Mapping[str, Any], n: int, today: date, errors: dict[str, str], agencies: Agencies
) -> NewAction | None:
    """Action row `n` if it is complete; the fields missing from a partly filled row go into `errors`."""
    what = str(values.get(row_field(Field.WHAT, n)) or "").strip()
    owner = str(values.get(row_field(Field.OWNER, n)) or "").strip()
    chosen = values.get(row_field(Field.AGENCY, n)) or values.get(row_field(Field.AGENCY_OTHER, n))
    due_raw = values.get(row_field(Field.DUE, n))
    if not (what or owner or chosen or due_raw):
        return None
    agency = _agency(values, n, agencies, errors) if chosen else ""
    missing = [
        (Field.WHAT, what, "Say what will be done."),
        (Field.OWNER, owner, "Choose the owner."),
        (Field.AGENCY, chosen, "Choose the owner's agency."),
        (Field.DUE, due_raw, "Choose a due date."),
    ]
    for name, val, message in missing:
        if not val:
            errors[row_field(name, n)] = message
    due = date.fromisoformat(str(due_raw)) if due_raw else None
    if due is not None and due < today:
        errors[row_field(Field.DUE, n)] = "The due date has already passed."
    if not (what and owner and agency and due is not None):
        return None
    return NewAction(
        what,
        owner,
        agency,
        due,
        str(values.get(row_field(Field.KIND, n)) or ActionKind.BUILDS_SAFETY),
        str(values.get(row_field(Field.TARGET, n)) or ActionTarget.CONTEXT),
    )


def _review_on(values: Mapping[str, Any], today: date, errors: dict[str, str]) -> date | None:
    review_raw = values.get(Field.REVIEW_ON)
    review_on = date.fromisoformat(str(review_raw)) if review_raw else None
    if review_on is None:
        errors[Field.REVIEW_ON] = "Choose the next review date."
    elif review_on <= today:
        errors[Field.REVIEW_ON] = "The next review must be after today."
    return review_on


def _partners(chosen: list[str]) -> tuple[str, ...]:
    # A value is `partner_value(index)`: anything else (a stale or forged option) is left out.
    return tuple(PARTNERS[int(p[1:])] for p in chosen if p[1:].isdigit() and int(p[1:]) < len(PARTNERS))
