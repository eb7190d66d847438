"""The decision modal: built pre-filled from the context, and validated field by field when submitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotFound, NotPermitted
from bot.domain import catalogue
from bot.domain.enums import ActionKind, ActionTarget, Focus, Level
from handlers import blocks
from handlers.meetings.ids import ACTION_ROWS, Callback, Field, row_field
from handlers.mrkdwn import escape
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


@dataclass(frozen=True)
class DecisionForm:
    """A validated decision modal."""

    level: Level
    focus: tuple[Focus, ...]
    goals: tuple[str, ...]
    actions: tuple[NewAction, ...]
    partners: tuple[str, ...]
    partners_note: str
    review_on: date


def suggested_goals(session: Session, context_id: int) -> list[str]:
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
        ind = catalogue.get(indicator_id)
        if ind is not None and ind.is_concern and ind.positive:
            out.append(ind.positive)
    return out


def decision_modal(deps: Deps, *, user: str, context_id: int, meeting_id: int | None) -> dict[str, Any]:
    """The Record/Amend decision modal, pre-filled from the context (coordinators only)."""
    if not deps.is_coordinator(user):
        raise NotPermitted("Only the panel's coordinators can record decisions. Nothing was changed.")
    with session_scope(deps.engine) as s:
        ctx = s.get(Context, context_id)
        if ctx is None:
            raise NotFound("That context no longer exists.")
        current = repo.latest(session=s, context_id=context_id)
        goals = suggested_goals(s, context_id)
    today = deps.clock.now().astimezone(deps.settings.tz).date()
    review = current.next_review_on if current else today + timedelta(weeks=deps.settings.review_weeks)
    focus = list(current.focus) if current else list(ctx.focus)
    body: list[blocks.Block] = [
        blocks.section(
            f"*{escape(ctx.ref)}* · {escape(ctx.name)}\n"
            + (
                f"Amending version {current.version} of the decision."
                if current
                else "First decision for this context."
            )
        ),
        blocks.input_block(
            Field.LEVEL,
            "Agreed level",
            blocks.static_select(
                "v",
                [blocks.option(lv.label, lv.value) for lv in Level],
                initial=current.level if current else ctx.level,
            ),
        ),
        blocks.input_block(
            Field.FOCUS,
            "What most needs to change",
            blocks.checkboxes("v", [blocks.option(f.label, f.value) for f in Focus], initial=focus),
        ),
        blocks.input_block(
            Field.GOALS,
            "Safety goals (one per line)",
            blocks.text_input("v", multiline=True, initial="\n".join(goals)),
            optional=True,
            hint="Suggested from the concerns observed, restated as the change we hope to see. Edit freely.",
        ),
    ]
    kinds = [blocks.option(k.label, k.value) for k in ActionKind]
    targets = [blocks.option(t.label, t.value) for t in ActionTarget]
    for n in range(1, ACTION_ROWS + 1):
        body += [
            blocks.divider(),
            blocks.section(f"*Action {n}* (leave empty if not needed)"),
            blocks.input_block(
                row_field(Field.WHAT, n), "What", blocks.text_input("v", max_length=1000), optional=True
            ),
            blocks.input_block(row_field(Field.OWNER, n), "Owner", blocks.users_select("v"), optional=True),
            blocks.input_block(
                row_field(Field.AGENCY, n),
                "Owner's agency",
                blocks.text_input("v", max_length=120),
                optional=True,
            ),
            blocks.input_block(row_field(Field.DUE, n), "Due by", blocks.datepicker("v"), optional=True),
            blocks.input_block(
                row_field(Field.KIND, n),
                "Kind",
                blocks.static_select("v", kinds, initial=ActionKind.BUILDS_SAFETY.value),
                optional=True,
            ),
            blocks.input_block(
                row_field(Field.TARGET, n),
                "Targets",
                blocks.static_select("v", targets, initial=ActionTarget.CONTEXT.value),
                optional=True,
            ),
        ]
    body += [
        blocks.divider(),
        blocks.input_block(
            Field.PARTNERS,
            "Partners involved",
            blocks.multi_select(
                "v",
                options=[blocks.option(p, f"p{i}") for i, p in enumerate(PARTNERS)],
                initial=[
                    f"p{PARTNERS.index(p)}" for p in (current.partners if current else []) if p in PARTNERS
                ],
            ),
            optional=True,
        ),
        blocks.input_block(
            Field.PARTNERS_NOTE,
            "Other partners or who took part",
            blocks.text_input("v", max_length=1000, initial=current.partners_note if current else None),
            optional=True,
        ),
        blocks.input_block(Field.REVIEW_ON, "Next review", blocks.datepicker("v", initial=review)),
    ]
    meta = {"c": context_id, "m": meeting_id, "s": current.id if current else None}
    title = "Amend decision" if current else "Record decision"
    return blocks.modal(Callback.DECISION, title, body, submit="Save decision", private_metadata=meta)


def parse_form(values: dict[str, Any], *, today: date) -> DecisionForm:
    """Validate the submitted modal; InvalidInput names each field at fault."""
    errors: dict[str, str] = {}
    level_raw = values.get(Field.LEVEL)
    focus_raw = values.get(Field.FOCUS) or []
    if level_raw not in {lv.value for lv in Level}:
        errors[Field.LEVEL] = "Choose the level the panel agreed."
    if not focus_raw:
        errors[Field.FOCUS] = "Choose what most needs to change."
    goals = tuple(line.strip() for line in str(values.get(Field.GOALS) or "").splitlines() if line.strip())
    if len(goals) > MAX_GOALS:
        errors[Field.GOALS] = f"At most {MAX_GOALS} goals, one per line."
    rows: list[NewAction] = []
    for n in range(1, ACTION_ROWS + 1):
        what = str(values.get(row_field(Field.WHAT, n)) or "").strip()
        owner = str(values.get(row_field(Field.OWNER, n)) or "").strip()
        agency = str(values.get(row_field(Field.AGENCY, n)) or "").strip()
        due_raw = values.get(row_field(Field.DUE, n))
        if not (what or owner or agency or due_raw):
            continue
        missing = [
            (Field.WHAT, what, "Say what will be done."),
            (Field.OWNER, owner, "Choose the owner."),
            (Field.AGENCY, agency, "Give the owner's agency."),
            (Field.DUE, due_raw, "Choose a due date."),
        ]
        for name, val, message in missing:
            if not val:
                errors[row_field(name, n)] = message
        due = date.fromisoformat(str(due_raw)) if due_raw else None
        if due is not None and due < today:
            errors[row_field(Field.DUE, n)] = "The due date has already passed."
        if what and owner and agency and due is not None:
            rows.append(
                NewAction(
                    what,
                    owner,
                    agency,
                    due,
                    str(values.get(row_field(Field.KIND, n)) or ActionKind.BUILDS_SAFETY),
                    str(values.get(row_field(Field.TARGET, n)) or ActionTarget.CONTEXT),
                )
            )
    review_raw = values.get(Field.REVIEW_ON)
    review_on = date.fromisoformat(str(review_raw)) if review_raw else None
    if review_on is None:
        errors[Field.REVIEW_ON] = "Choose the next review date."
    elif review_on <= today:
        errors[Field.REVIEW_ON] = "The next review must be after today."
    if errors:
        raise InvalidInput("Please correct the highlighted fields.", errors)
    partner_ids = values.get(Field.PARTNERS) or []
    partners = tuple(
        PARTNERS[int(p[1:])] for p in partner_ids if p[1:].isdigit() and int(p[1:]) < len(PARTNERS)
    )
    assert review_on is not None
    return DecisionForm(
        Level(str(level_raw)),
        tuple(Focus(f) for f in focus_raw),
        goals,
        tuple(rows),
        partners,
        str(values.get(Field.PARTNERS_NOTE) or "").strip(),
        review_on,
    )
