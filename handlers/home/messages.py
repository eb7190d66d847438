"""The Home tab as Block Kit, rendered from what the person is owed: their actions, and the caseload."""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment

from bot.core.owed import as_date, as_datetime
from bot.core.templating import render
from handlers import blocks
from handlers.actions.views import action_buttons
from handlers.home.worklist import offered_in, worklist_blocks
from handlers.mrkdwn import channel_link, escape, mention
from handlers.render import Renderer
from handlers.reviews.views import review_button


def home_tab(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """One person's Home tab (at most 100 blocks)."""
    today = as_date(facts["today"])
    assert today is not None
    work = facts.get("worklist")
    caseload = _caseload(facts["caseload"], today, jinja, work) if facts.get("caseload") is not None else []
    caseload += worklist_blocks(work, today)
    count, overdue = int(facts["open_count"]), int(facts["overdue_count"])
    intro = f"You have *{count}* open action{'s' if count != 1 else ''}"
    intro += f", *{overdue}* overdue." if overdue else "."
    body: list[blocks.Block] = [
        blocks.header("Your EFRP actions"),
        blocks.section(intro if count else "You have no open actions."),
    ]
    if facts.get("agency_record"):
        body.append(blocks.context(agency_line(facts["agency_record"])))
    mine = _my_referrals(facts.get("referrals"), jinja)
    room = (blocks.SURFACE_BLOCKS - len(body) - len(caseload) - len(mine) - 1) // 2
    for action in facts["actions"][:room]:
        body.extend(_action(action, today, jinja))
    if count > room:
        body.append(blocks.context(f"…and {count - room} more, due later."))
    return {"view": {"type": "home", "blocks": (body + mine + caseload)[: blocks.SURFACE_BLOCKS]}}


def agency_line(record: dict[str, Any]) -> str:
    """The owner's agency's own record in one line (the last 12 months)."""
    late = record["median_days_late"]
    median = "" if late is None else f", median {late:g} days late"
    return (
        f"{escape(record['agency'])}'s record since {as_date(record['since']):%d %b %Y}: "
        f"{record['agreed']} agreed, {record['done_on_time']} done on time, {record['done_late']} done late"
        f"{median}, {record['overdue_now']} overdue now, {record['withdrawn']} withdrawn (circumstances "
        f"changed), {record.get('not_delivered', 0)} not delivered, "
        f"{record['reassigned_away']} reassigned away."
    )


def _my_referrals(facts: dict[str, Any] | None, jinja: Environment) -> list[blocks.Block]:
    """The person's own referrals, newest first: where each is, the panel's decision, when next discussed."""
    if not facts or not facts["total"]:
        return []
    items = [
        {
            **item,
            "review_on": as_date(item["review_on"]),
            "next_meeting_on": as_date(item["next_meeting_on"]),
            "decided_at": as_datetime(item["decided_at"]),
            "closed_at": as_datetime(item["closed_at"]),
        }
        for item in facts["items"]
    ]
    text = "\n\n".join(render(jinja, "home_referral.j2", r=r) for r in items)
    out = [blocks.divider(), blocks.header("Your referrals"), *blocks.sections(text)]
    if facts["total"] > len(items):
        out.append(blocks.context(f"…and {facts['total'] - len(items)} earlier referrals."))
    return out


def _action(action: dict[str, Any], today: date, jinja: Environment) -> list[blocks.Block]:
    due_on = as_date(action["due_on"])
    assert due_on is not None
    text = render(
        jinja,
        "home_action.j2",
        overdue=due_on < today,
        due_today=due_on == today,
        ref=action["ref"],
        due_on=due_on,
        description=action["description"],
    )
    return [blocks.section(text, block_id=f"home-action-{action['id']}"), *action_buttons(action["id"])]


def _lines(lines: list[str]) -> str:
    return "\n".join(lines) or "none"


def _caseload(
    facts: dict[str, Any], today: date, jinja: Environment, work: dict[str, Any] | None
) -> list[blocks.Block]:
    """The coordinators' view of the whole caseload, in at most 13 blocks."""
    levels = [f"• {escape(label)}: *{n}*" for label, n in facts["levels"]]
    overdue = [f"• {escape(agency)}: *{n}*" for agency, n in facts["overdue_by_agency"]]
    if facts["more_agencies"]:
        overdue.append(f"• …and {facts['more_agencies']} more agencies")
    return [
        blocks.divider(),
        blocks.header("Caseload (coordinators)"),
        blocks.section(f"*Open contexts: {sum(n for _, n in facts['levels'])}*\n" + _lines(levels)),
        blocks.section("*Reviews due (next two weeks)*\n" + _lines(_reviews(facts, today))),
        *_review_buttons(facts["reviews"], offered_in(work)),
        blocks.section(f"*Overdue actions by agency: {facts['overdue_total']}*\n" + _lines(overdue)),
        blocks.section("*Next meeting*\n" + _meeting(facts["meeting"], jinja)),
        blocks.section("*Messages I could not deliver*\n" + _lines(_failed(facts["failed"]))),
    ]


def _reviews(facts: dict[str, Any], today: date) -> list[str]:
    lines = []
    for review in facts["reviews"]:
        on = as_date(review["review_on"])
        assert on is not None
        flag = ":red_circle: " if on < today else ""
        lines.append(
            f"• {flag}*{escape(review['ref'])}* · {escape(review['name'])} · review due {on:%a %d %b %Y}"
        )
    if facts["more_reviews"]:
        lines.append("• …and more")
    return lines


def _review_buttons(reviews: list[dict[str, Any]], offered: set[int]) -> list[blocks.Block]:
    """Start review for the reviews due that the worklist does not already offer beside their context.

    The worklist's button is the one kept: it sits on the context's own line with its next step and Open
    record; here only the due reviews it does not list (past its bound, or a first decision pending) get one.
    A tab published by an older version has no context IDs.
    """
    buttons = [
        review_button(int(r["context_id"]), f"Start review: {r['ref']}")
        for r in reviews
        if r.get("context_id") and int(r["context_id"]) not in offered
    ]
    return [blocks.actions(buttons, block_id="home-reviews-start")] if buttons else []


def _meeting(meeting: dict[str, Any] | None, jinja: Environment) -> str:
    if meeting is None:
        return "none scheduled"
    local = jinja.filters["local"]  # the panel's time zone
    posted_at = as_datetime(meeting["agenda_posted_at"])
    posted = f"agenda posted {local(posted_at, '%a %d %b %H:%M')}" if posted_at else "agenda *not posted yet*"
    where = f" · {escape(meeting['location'])}" if meeting["location"] else ""
    return f"{local(as_datetime(meeting['starts_at']))}{where} · {posted}"


def _failed(failed: list[dict[str, Any]]) -> list[str]:
    return [
        f"• {escape(row['what'])} to {mention(row['to']) if row['person'] else channel_link(row['to'])}: "
        f"`{escape(row['error'])}`"
        for row in failed
    ]


RENDERERS: dict[str, Renderer] = {"home.tab": home_tab}
