"""The App Home: each person's open actions (and, for coordinators, the caseload), kept up to date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot import blocks
from bot.deps import Deps
from bot.mrkdwn import escape
from storage import outbox
from storage.actions import Action
from storage.contexts import Context


def build_home(*, session: Session, deps: Deps, user_id: str, now: datetime) -> dict[str, Any]:
    """The Home tab view for one person, as of now."""
    today = now.astimezone(deps.settings.tz).date()
    rows = session.exec(
        select(Action, Context)
        .join(Context, col(Context.id) == col(Action.context_id))
        .where(Action.owner_id == user_id, Action.state == "open")
        .order_by(col(Action.due_on), col(Action.id))
    ).all()
    body: list[dict[str, Any]] = [blocks.header("Your EFRP actions")]
    if not rows:
        body.append(blocks.section("You have no open actions."))
    for action, context in rows[:40]:
        overdue = action.due_on < today
        flag = ":red_circle: *Overdue* · " if overdue else ""
        body.append(
            blocks.section(
                f"{flag}*{escape(context.ref)}* · due {action.due_on:%a %d %b %Y}\n"
                f"{escape(action.description)}",
                block_id=f"home-action-{action.id}",
            )
        )
    return {"type": "home", "blocks": body}


def queue_refresh(*, session: Session, deps: Deps, user_ids: Iterable[str], now: datetime) -> None:
    """Owe each person a fresh Home tab; a pending refresh is replaced rather than repeated."""
    for user in sorted(set(user_ids)):
        view = build_home(session=session, deps=deps, user_id=user, now=now)
        pending = session.exec(
            select(outbox.OutboxMessage).where(
                outbox.OutboxMessage.slot == f"home:{user}",
                outbox.OutboxMessage.state == outbox.State.PENDING,
            )
        ).first()
        if pending is not None:
            pending.payload = {"view": view}
            session.add(pending)
            continue
        outbox.enqueue(
            session=session,
            key=f"home:{user}:{now.timestamp():.6f}",
            slot=f"home:{user}",
            op=outbox.Op.HOME,
            channel=user,
            payload={"view": view},
            now=now,
            summary="App Home refresh",
        )
