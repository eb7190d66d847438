"""Links between contexts: shared case references and places referred again, for panel members only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.core.deps import Deps
from bot.core.errors import NotFound, NotPermitted
from bot.domain import links as domain
from bot.records.link_notes import referral_links
from bot.records.record import find_context
from storage import audit
from storage import links as repo
from storage.db import session_scope
from storage.referrals import get_referral

REFUSED = "Only members of the panel can see the links between contexts."


@dataclass(frozen=True)
class Links:
    """The contexts linked to one context, through which case references, and the ties among them."""

    ref: str
    shared: dict[str, list[str]]  # case reference -> the other contexts it is linked to
    nodes: tuple[domain.Node, ...]
    ties: tuple[domain.Tie, ...]


def referral_notes(deps: Deps, *, user: str, referral_id: int) -> list[str]:
    """A panel member screening a referral sees its links to other contexts; audited when there are any."""
    if not deps.is_panel_member(user):
        return []
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        referral = get_referral(session=s, referral_id=referral_id)
        if referral is None:
            raise NotFound("That referral no longer exists.")
        lines = referral_links(deps, s, referral)
        if lines:
            _audit(s, now, user, "referral.links_viewed", "referral", referral.id, referral.ref)
    return lines


def links_of(deps: Deps, *, user: str, ref: str) -> Links:
    """`/efh links REF`: the contexts linked to a context and through which references; audited."""
    if not deps.is_panel_member(user):
        raise NotPermitted(REFUSED)
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        ctx = find_context(s, ref)
        if ctx is None:
            raise NotFound(f"No context or referral has the reference {ref[:40]}.")
        links = _around(s, ctx.ref)
        _audit(s, now, user, "context.links_viewed", "context", ctx.id, ctx.ref)
    return links


def network(deps: Deps, *, actor: str, ref: str | None) -> Links:
    """The whole network (or one context's neighbourhood) for an export; audited as a view."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        ctx = find_context(s, ref) if ref else None
        if ref and ctx is None:
            raise NotFound(f"No context or referral has the reference {ref[:40]}.")
        links = _around(s, ctx.ref) if ctx else _whole(s)
        _audit(s, now, actor, "links.exported", "context" if ctx else "network", ctx.id if ctx else "", ref)
    return links


def _around(s: Session, ref: str) -> Links:
    members = repo.memberships(session=s)
    near = domain.around(ref, domain.ties(members))
    refs = {ref} | {t.a for t in near} | {t.b for t in near}
    shared = domain.shared_with(members.get(ref, set()), members, besides=ref)
    return Links(ref, shared, tuple(repo.nodes(session=s, refs=refs)), tuple(near))


def _whole(s: Session) -> Links:
    all_ties = domain.ties(repo.memberships(session=s))
    refs = {t.a for t in all_ties} | {t.b for t in all_ties}
    return Links("", {}, tuple(repo.nodes(session=s, refs=refs)), tuple(all_ties))


def _audit(
    s: Session, now: datetime, actor: str, action: str, kind: str, rid: object, ref: str | None
) -> None:
    audit.record(session=s, at=now, actor=actor, action=action, record_type=kind, record_id=rid, ref=ref)
