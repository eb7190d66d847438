"""A decision form left open must not write to a record changed meanwhile: say what changed, and who."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.core.changed import by, name, refusal
from bot.core.deps import Deps
from bot.domain.enums import ContextState
from storage import reviews as review_repo
from storage.contexts import Context
from storage.decisions import Decision

_ENDED = {ContextState.CLOSED.value: "closed", ContextState.STEPPED_DOWN.value: "stepped down"}


@dataclass(frozen=True)
class OpenedOn:
    """What the decision form showed when it was opened: the decision it amends (None: there was none)."""

    decision_id: int | None


def check_unchanged(
    deps: Deps, session: Session, ctx: Context, latest: Decision | None, opened_on: OpenedOn | None
) -> None:
    """Refuse (Conflict) when the context ended, or another decision was recorded, since the form opened."""
    ended = _ENDED.get(ctx.state)
    if ended is not None:
        review = review_repo.latest(session=session, context_id=ctx.id or 0)
        who = by(review.decided_by) if review is not None else ""
        raise refusal(
            deps,
            f"{ctx.ref} was {ended}{who} after this form was opened, so nothing was recorded. "
            f"If the panel still needs this decision, reopen it with `/efh reopen {ctx.ref}` first.",
        )
    if opened_on is None or latest is None or latest.id == opened_on.decision_id:
        return
    raise refusal(
        deps,
        f"{name(latest.decided_by)} recorded a decision for {ctx.ref} (version {latest.version}) "
        "after this form was opened, so nothing was recorded. "
        "Close this form and open the decision again to amend it.",
    )
