"""Queries for the links between contexts: who is linked where, and which places were referred before."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.domain.links import Node, Place, case_ref
from storage.contexts import Context
from storage.referrals import Referral


def memberships(*, session: Session) -> dict[str, set[str]]:
    """Each context's reference with the case references of the referrals accepted into it."""
    rows = session.exec(
        select(Context.ref, Referral.young_people).join(Referral, col(Referral.context_id) == col(Context.id))
    ).all()
    out: dict[str, set[str]] = {}
    for ref, people in rows:
        out.setdefault(ref, set()).update(case_ref(p) for p in people or [] if p.strip())
    return out


def nodes(*, session: Session, refs: set[str] | None = None) -> list[Node]:
    """The contexts (all, or those with these references) as network nodes, in reference order."""
    stmt = select(Context).order_by(col(Context.ref))
    if refs is not None:
        stmt = stmt.where(col(Context.ref).in_(sorted(refs)))
    return [Node(c.ref, c.name, c.kind, c.level, c.state) for c in session.exec(stmt)]


def places_of_kind(*, session: Session, kind: str) -> list[Place]:
    """Every context of a kind as a place, with when and how it closed."""
    stmt = select(Context).where(Context.kind == kind).order_by(col(Context.ref))
    return [as_place(c) for c in session.exec(stmt)]


def as_place(c: Context) -> Place:
    """A context as a place."""
    return Place(c.ref, c.kind, c.name, c.area, c.state, c.closed_at, c.outcome)
