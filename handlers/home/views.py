"""The App Home: each person's open actions (and, for coordinators, the caseload), kept up to date."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.templating import render
from bot.domain.enums import ContextState, Level
from handlers import blocks
from handlers.actions.forms import action_buttons
from handlers.mrkdwn import channel_link, escape, mention
from storage import actions as repo
from storage import outbox, receipts
from storage.contexts import Context
from storage.db import session_scope
from storage.meetings import Meeting

REVIEW_HORIZON_DAYS = 14  # reviews due within two weeks are shown to coordinators
LIST_LIMIT = 8


def _level_label(level: str) -> str:
    try:
        return Level(level).label
    except ValueError:
        return level


def _caseload(session: Session, deps: Deps, now: datetime, today: date) -> list[blocks.Block]:
    """The coordinator's view of the whole caseload, in at most 12 blocks."""
    out: list[blocks.Block] = [blocks.divider(), blocks.header("Caseload (coordinators)")]
    by_level = session.execute(
        select(col(Context.level), func.count(col(Context.id)))
        .where(col(Context.state) == ContextState.OPEN)
        .group_by(col(Context.level))
    ).all()
    counts = {str(level): int(n) for level, n in by_level}
    lines = [
        f"• {escape(_level_label(level))}: *{counts.get(level, 0)}*" for level in Level if counts.get(level)
    ]
    lines += [f"• {escape(level)}: *{n}*" for level, n in counts.items() if level not in set(Level)]
    total = sum(counts.values())
    out.append(blocks.section(f"*Open contexts: {total}*\n" + ("\n".join(lines) or "none")))

    reviews = session.execute(
        select(col(Context.ref), col(Context.name), col(Context.next_review_on))
        .where(
            col(Context.state) == ContextState.OPEN,
            col(Context.next_review_on).is_not(None),
            col(Context.next_review_on) <= today + timedelta(days=REVIEW_HORIZON_DAYS),
        )
        .order_by(col(Context.next_review_on), col(Context.ref))
        .limit(LIST_LIMIT + 1)
    ).all()
    review_lines = [
        f"• {':red_circle: ' if on < today else ''}*{escape(ref)}* · {escape(name)} · "
        f"review due {on:%a %d %b %Y}"
        for ref, name, on in reviews[:LIST_LIMIT]
    ]
    if len(reviews) > LIST_LIMIT:
        review_lines.append("• …and more")
    out.append(blocks.section("*Reviews due (next two weeks)*\n" + ("\n".join(review_lines) or "none")))

    overdue = repo.overdue_by_agency(session=session, today=today)
    overdue_lines = [f"• {escape(agency)}: *{n}*" for agency, n in overdue[:LIST_LIMIT]]
    if len(overdue) > LIST_LIMIT:
        overdue_lines.append(f"• …and {len(overdue) - LIST_LIMIT} more agencies")
    out.append(
        blocks.section(
            f"*Overdue actions by agency: {sum(n for _, n in overdue)}*\n"
            + ("\n".join(overdue_lines) or "none")
        )
    )

    meeting = session.exec(
        select(Meeting)
        .where(Meeting.state == "scheduled", col(Meeting.starts_at) >= now)
        .order_by(col(Meeting.starts_at))
        .limit(1)
    ).first()
    if meeting is None:
        out.append(blocks.section("*Next meeting*\nnone scheduled"))
    else:
        local = meeting.starts_at.astimezone(deps.settings.tz)
        posted = (
            f"agenda posted {meeting.agenda_posted_at.astimezone(deps.settings.tz):%a %d %b %H:%M}"
            if meeting.agenda_posted_at
            else "agenda *not posted yet*"
        )
        where = f" · {escape(meeting.location)}" if meeting.location else ""
        out.append(blocks.section(f"*Next meeting*\n{local:%a %d %b %Y %H:%M}{where} · {posted}"))

    failed = outbox.failed_messages(session=session, limit=LIST_LIMIT)
    if failed:
        failed_lines = []
        for row in failed:
            to = (
                mention(row.channel)
                if row.op in (outbox.Op.DM, outbox.Op.HOME)
                else channel_link(row.channel)
            )
            failed_lines.append(
                f"• {escape(row.summary or row.op)} to {to}: `{escape(row.last_error or '?')}`"
            )
        out.append(blocks.section("*Messages I could not deliver*\n" + "\n".join(failed_lines)))
    else:
        out.append(blocks.section("*Messages I could not deliver*\nnone"))
    return out


def build_home(*, session: Session, deps: Deps, user_id: str, now: datetime) -> dict[str, Any]:
    """The Home tab view for one person, as of now (at most 100 blocks)."""
    today = now.astimezone(deps.settings.tz).date()
    caseload = _caseload(session, deps, now, today) if deps.is_coordinator(user_id) else []
    mine = repo.open_for_owner(session=session, owner_id=user_id)
    mine.sort(key=lambda a: (a.due_on >= today, a.due_on, a.id))  # overdue first, then soonest due
    overdue = sum(1 for a in mine if a.due_on < today)
    intro = f"You have *{len(mine)}* open action{'s' if len(mine) != 1 else ''}"
    intro += f", *{overdue}* overdue." if overdue else "."
    body: list[blocks.Block] = [
        blocks.header("Your EFRP actions"),
        blocks.section(intro if mine else "You have no open actions."),
    ]
    room = (blocks.SURFACE_BLOCKS - len(body) - len(caseload) - 1) // 2
    for a in mine[:room]:
        text = render(
            deps.jinja,
            "home_action.j2",
            overdue=a.due_on < today,
            due_today=a.due_on == today,
            ref=a.ref,
            due_on=a.due_on,
            description=a.description,
        )
        body.append(blocks.section(text, block_id=f"home-action-{a.id}"))
        body.extend(action_buttons(a.id))
    if len(mine) > room:
        body.append(blocks.context(f"…and {len(mine) - room} more, due later."))
    return {"type": "home", "blocks": (body + caseload)[: blocks.SURFACE_BLOCKS]}


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
            key=f"home:{user}:{uuid.uuid4().hex}",
            slot=f"home:{user}",
            op=outbox.Op.HOME,
            channel=user,
            payload={"view": view},
            now=now,
            summary="App Home refresh",
        )


def home_opened(deps: Deps, *, user_id: str, event_id: str) -> bool:
    """Publish a person's Home tab when they open it; a retried event (same event_id) does nothing."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        if not receipts.first_time(session=s, key=f"event:{event_id}", now=now):
            return False
        queue_refresh(session=s, deps=deps, user_ids=[user_id], now=now)
    return True
