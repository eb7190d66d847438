"""Which open contexts a referral might be about: same kind, a similar name."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from sqlmodel import Session

from storage.contexts import Context, open_contexts_of_kind
from storage.referrals import Referral

MAX_MATCHES = 5
_STOPWORDS = frozenset({"the", "a", "an", "of", "and", "at", "on", "in", "near", "by"})
_WORD = re.compile(r"[^\W_]+")


def name_similarity(a: str, b: str) -> float:
    """How alike two context names are, from 0 to 1 (character likeness or shared words)."""
    ratio = SequenceMatcher(None, " ".join(a.casefold().split()), " ".join(b.casefold().split())).ratio()
    wa, wb = _words(a), _words(b)
    overlap = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
    return max(ratio, overlap)


def similar_open_contexts(*, session: Session, referral: Referral) -> list[Context]:
    """Open contexts of the referral's kind with a similar name, most alike first."""
    scored = [
        (name_similarity(referral.context_name, ctx.name), ctx)
        for ctx in open_contexts_of_kind(session=session, kind=referral.context_kind)
    ]
    close = [(score, ctx) for score, ctx in scored if score >= 0.6]
    close.sort(key=lambda pair: (-pair[0], pair[1].id or 0))
    return [ctx for _, ctx in close[:MAX_MATCHES]]


def _words(name: str) -> set[str]:
    return {w for w in _WORD.findall(name.casefold()) if w not in _STOPWORDS}
