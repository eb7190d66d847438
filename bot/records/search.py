"""`/efh find TEXT`: panel members find contexts and referrals by name, area, postcode or reference.

The search is audited as a view of the references it showed. What was typed is not stored: it may be a
person's name or an address, and the audit trail is kept for years; who searched, when, and which records
the answer disclosed is what an auditor needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotPermitted
from storage import audit
from storage.contexts import Context
from storage.db import session_scope
from storage.referrals import Referral

SHOWN = 15  # matches listed in the answer; the rest are counted
MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass(frozen=True)
class Match:
    """One context, or one referral not (yet) in a context, that matched."""

    id: int  # the context's, or the referral's
    ref: str
    name: str
    area: str
    kind: str
    state: str  # a context's state, or a referral's screening status
    level: str  # a context's level, or the level a referral suggested
    is_context: bool


@dataclass(frozen=True)
class SearchResult:
    """What a search found: the first matches, and how many there were in all."""

    matches: tuple[Match, ...]
    total: int


def find(deps: Deps, *, user: str, text: str) -> SearchResult:
    """Contexts and unlinked referrals whose name, area or reference hold every word typed (any case)."""
    if not deps.is_panel_member(user):
        raise NotPermitted("Only members of the panel can search the panel's contexts.")
    needle = " ".join(text.split())
    if not MIN_LENGTH <= len(needle) <= MAX_LENGTH:
        raise InvalidInput(
            f"Usage: `/efh find TEXT`: {MIN_LENGTH} to {MAX_LENGTH} characters of a context's name, area, "
            "postcode or reference."
        )
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        contexts = _contexts(s, needle)
        referrals = _unlinked_referrals(s, needle)
        total = len(contexts) + len(referrals)
        matches = (contexts + referrals)[:SHOWN]
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="search.made",
            record_type="result_count",
            record_id=total,
            detail={"results": total, "shown": [m.ref for m in matches]},
        )
    return SearchResult(tuple(matches), total)


def _matches(columns: list[Any], needle: str) -> Any:
    """Every word of the needle in one of the columns (any case), or the whole needle without its spaces
    in one of them (a postcode typed 'e84qp' or 'E8 4QP')."""
    lowered = [func.lower(c) for c in columns]
    every_word = and_(
        *(or_(*(c.contains(word, autoescape=True) for c in lowered)) for word in needle.lower().split())
    )
    squeezed = needle.replace(" ", "").lower()
    return or_(every_word, *(func.replace(c, " ", "").contains(squeezed, autoescape=True) for c in lowered))


def _contexts(session: Session, needle: str) -> list[Match]:
    linked = select(Referral.context_id).where(
        col(Referral.context_id).is_not(None), _matches([col(Referral.ref)], needle)
    )
    rows = session.exec(
        select(Context)
        .where(
            or_(
                _matches([col(Context.name), col(Context.area), col(Context.ref)], needle),
                col(Context.id).in_(linked.scalar_subquery()),
            )
        )
        .order_by(col(Context.state) != "open", col(Context.ref).desc())
        .limit(SHOWN * 20)
    )
    return [Match(c.id or 0, c.ref, c.name, c.area, c.kind, c.state, c.level, True) for c in rows]


def _unlinked_referrals(session: Session, needle: str) -> list[Match]:
    rows = session.exec(
        select(Referral)
        .where(
            col(Referral.context_id).is_(None),
            _matches([col(Referral.context_name), col(Referral.area), col(Referral.ref)], needle),
        )
        .order_by(col(Referral.id).desc())
        .limit(SHOWN * 20)
    )
    return [
        Match(r.id or 0, r.ref, r.context_name, r.area, r.context_kind, r.status, r.suggested_level, False)
        for r in rows
    ]
