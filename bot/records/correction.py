"""Correcting a mistyped case reference everywhere the bot holds it (a person's right to rectification)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.core.deps import Deps
from bot.core.errors import InvalidInput
from bot.records.subject import ALL_TEXT, clean_ref, naming, word
from bot.referrals import owing
from storage import audit
from storage.contexts import Context
from storage.db import session_scope
from storage.referrals import Referral


def correct_reference(deps: Deps, *, case_ref: str, new_ref: str, actor: str) -> dict[str, int]:
    """Replace one case reference by another in every record; each changed record is audited.

    Returns how many rows of each table changed. The panel's post of each changed referral is brought up
    to date in place. The audit names the records and fields changed, never either reference.
    """
    old, new = clean_ref(case_ref), clean_ref(new_ref)
    if not re.fullmatch(deps.settings.case_ref_pattern, new):
        raise InvalidInput(
            "The new reference is not in the council's case-reference format (EFRP_CASE_REF_PATTERN)."
        )
    if old == new:
        raise InvalidInput("The new reference is the same as the old one.")
    now = deps.clock.now()
    changed: Counter[str] = Counter()
    referrals: list[Referral] = []
    with session_scope(deps.engine) as s:
        for model, columns in ALL_TEXT:
            for row in naming(s, model, columns, old):
                fields = _rewrite(row, columns, old, new)
                if fields:
                    s.add(row)
                    changed[model.__tablename__] += 1
                    _audit(s, row, model.__tablename__, fields, actor, now)
                    if isinstance(row, Referral):
                        referrals.append(row)
        s.flush()
        for referral in referrals:
            owing.panel_post(session=s, referral=referral, framework=deps.framework, now=now)
    return dict(changed)


def _rewrite(row: Any, columns: tuple[str, ...], old: str, new: str) -> list[str]:
    """Change the reference in a row's text (and a referral's young people); the fields changed."""
    pattern = word(old)
    fields = []
    for column in columns:
        value = getattr(row, column)
        if value and pattern.search(value):
            setattr(row, column, pattern.sub(new, value))
            fields.append(column)
    if isinstance(row, Referral) and old in [y.upper() for y in row.young_people]:
        kept = [new if y.upper() == old else y for y in row.young_people]
        row.young_people = list(dict.fromkeys(kept))  # a new list: the JSON column sees the change
        fields.append("young_people")
    return fields


def _audit(s: Session, row: Any, table: str, fields: list[str], actor: str, now: datetime) -> None:
    ref = getattr(row, "ref", None)
    if ref is None and hasattr(row, "context_id"):
        ctx = s.get(Context, row.context_id)
        ref = ctx.ref if ctx else None
    audit.record(
        session=s,
        at=now,
        actor=actor,
        action="case_reference.corrected",
        record_type=table,
        record_id=row.id,
        ref=ref,
        detail={"fields": fields},
    )
