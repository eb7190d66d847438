"""The Slack messages of panel meetings: an owed message's facts rendered as Block Kit at delivery."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment

from bot.core.owed import as_date, as_datetime
from bot.core.templating import render
from bot.domain.agenda import AgendaSection
from bot.domain.enums import ActionKind, ActionTarget, ContextKind, Focus, Level
from handlers import blocks, metadata
from handlers.actions.views import coordinator_buttons
from handlers.meetings.ids import AssignedButton, Button, DecisionButton, MeetingButton
from handlers.records.views import open_record_button
from handlers.render import Renderer
from handlers.reviews.views import review_button

ITEM_CHARS_BUDGET = 9_000  # characters of item blocks in one message, inside Slack's ~12k limit
ITEM_BLOCKS_BUDGET = 40
HIDDEN_REFS_CHARS = 2500


def _when(facts: dict[str, Any]) -> str:
    starts_at = as_datetime(facts["starts_at"])
    return starts_at.strftime("%A %d %B %Y, %H:%M") if starts_at else ""


def agenda(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """A meeting's agenda: items by section, who is present, and I'm here / Close meeting while open."""
    when = _when(facts)
    open_meeting = facts["state"] == "scheduled"
    count, total = facts["count"], facts["total_minutes"]
    body: list[blocks.Block] = [
        blocks.header(f"Panel agenda: {when}"),
        blocks.section(
            render(env, "agenda_header.j2", when=when, location=facts["location"], count=count, total=total)
        ),
    ]
    hidden = _agenda_items(facts, env, body, open_meeting)
    if hidden:
        body.append(
            blocks.section(
                f"…and {hidden[0]} more item(s), not shown to keep this message within Slack's limits: "
                + ", ".join(hidden[1])[:HIDDEN_REFS_CHARS]
            )
        )
    body.append(blocks.divider())
    body.append(
        blocks.context(
            render(
                env,
                "agenda_footer.j2",
                present=facts["present"],
                closed_by=facts["closed_by"],
                chair=facts.get("chair"),
                apologies=facts.get("apologies", []),
                guests=facts.get("guests", []),
            )
        )
    )
    if open_meeting:
        body.append(_meeting_buttons(facts["meeting_id"]))
    state = "" if open_meeting else f" ({facts['state']})"
    text = f"Panel agenda for {when}{state}: {count} item(s), about {total} minutes."
    return blocks.message(text, body)


def _agenda_items(
    facts: dict[str, Any], env: Environment, body: list[blocks.Block], open_meeting: bool
) -> tuple[int, list[str]] | None:
    """Append item blocks while they fit; how many items were left out, and their references."""
    used = 0
    hidden: list[str] = []
    section_seen: str | None = None
    for item in facts["items"]:
        if hidden or used > ITEM_CHARS_BUDGET or len(body) >= ITEM_BLOCKS_BUDGET:
            hidden.append(item["ref"])
            continue
        if item["section"] != section_seen:
            section_seen = item["section"]
            label = AgendaSection(item["section"]).label
            body.append(blocks.context(f"*{label}* · about {facts['section_minutes'][section_seen]} min"))
        item_blocks = _agenda_item(env, facts["meeting_id"], item, open_meeting)
        used += len(json.dumps(item_blocks))
        body.extend(item_blocks)
    more = len(hidden) + facts["more"]
    return (more, [*hidden, *facts["more_refs"]]) if more else None


def _agenda_item(
    env: Environment, meeting_id: int, item: dict[str, Any], open_meeting: bool
) -> list[blocks.Block]:
    """An item's text, then its buttons: Record (or Amend) decision while the meeting is open, Open
    record always, and Start review while the meeting is open and the context's review is due."""
    section = AgendaSection(item["section"])
    decided = item["decided"]
    text = render(
        env,
        "agenda_item.j2",
        item={
            **item,
            "kind": ContextKind(item["kind"]),
            "level": Level(item["level"]),
            "review_due_on": as_date(item["review_due_on"]),
        },
        overdue=[{**a, "due_on": as_date(a["due_on"])} for a in item["overdue"]],
        more_overdue=item["more_overdue"],
        since="last review" if section is AgendaSection.REVIEWS_DUE else "referral or last review",
        decided=None
        if decided is None
        else {
            "level": Level(decided["level"]).label,
            "version": decided["version"],
            "next_review_on": as_date(decided["next_review_on"]),
        },
    )
    context_id = item["context_id"]
    buttons: list[blocks.Block] = []
    if open_meeting:
        value = metadata.dump(DecisionButton(context_id=context_id, meeting_id=meeting_id))
        if decided is None:
            buttons.append(blocks.button("Record decision", Button.RECORD_DECISION, value, style="primary"))
        else:
            buttons.append(blocks.button("Amend decision", Button.AMEND_DECISION, value))
    buttons.append(open_record_button(context_id))
    if open_meeting and item["review_due_on"]:
        buttons.append(review_button(context_id))
    return [
        blocks.section(text, block_id=f"agenda-{meeting_id}-{context_id}"),
        blocks.actions(buttons, block_id=f"agenda-{meeting_id}-{context_id}-buttons"),
    ]


def _meeting_buttons(meeting_id: int) -> blocks.Block:
    value = metadata.dump(MeetingButton(meeting_id=meeting_id))
    confirm = {
        "title": blocks.plain("Close the meeting?", 100),
        "text": blocks.plain(
            "The minutes go to the panel channel; items not reached move to the next agenda.", 300
        ),
        "confirm": blocks.plain("Close meeting", 30),
        "deny": blocks.plain("Not yet", 30),
    }
    return blocks.actions(
        [
            blocks.button("I'm here", Button.PRESENT, value, style="primary"),
            blocks.button("Attendance", Button.ATTENDANCE, value),
            blocks.button("Close meeting", Button.CLOSE_MEETING, value, confirm=confirm),
        ],
        block_id=f"meeting-{meeting_id}",
    )


def minutes(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """A closed meeting's minutes: attendance, each decision with goals and actions, items not reached."""
    when = _when(facts)
    meeting = {**facts, "closed_at": as_datetime(facts["closed_at"])}
    decided = [_minutes_decision(d) for d in facts["decided"]]
    not_reached = facts["not_reached"]
    body: list[blocks.Block] = [
        blocks.header(f"Panel minutes: {when}"),
        blocks.section(
            render(
                env,
                "minutes.j2",
                m=meeting,
                when=when,
                present=facts["present"],
                chair=facts.get("chair"),
                apologies=facts.get("apologies", []),
                guests=facts.get("guests", []),
                decided=decided,
                not_reached=not_reached,
            )
        ),
    ]
    for d in decided:
        body.append(blocks.divider())
        body.extend(blocks.sections(render(env, "minutes_item.j2", d=d)))
    if not_reached:
        body.append(blocks.divider())
        body.append(blocks.section(render(env, "minutes_not_reached.j2", not_reached=not_reached)))
    addenda = [{**a, "at": as_datetime(a["at"])} for a in facts.get("addenda", [])]
    if addenda:
        body.append(blocks.divider())
        body.extend(blocks.sections(render(env, "minutes_addenda.j2", addenda=addenda)))
    body.append(
        blocks.context(
            f"The full minutes for the case record: `efrp minutes export {facts['meeting_id']} --as NAME`"
        )
    )
    return blocks.message(f"Panel minutes: {when}", body)


def _minutes_decision(d: dict[str, Any]) -> dict[str, Any]:
    return {
        **d,
        "level": Level(d["level"]),
        "focus": [Focus(f) for f in d["focus"]],
        "review_on": as_date(d["review_on"]),
        "actions": [{**a, "due_on": as_date(a["due_on"])} for a in d["actions"]],
    }


def decision(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """A recorded decision, in the context's panel thread."""
    text = render(
        env,
        "decision_recorded.j2",
        version=facts["version"],
        ref=facts["ref"],
        by=facts["by"],
        level=Level(facts["level"]).label,
        focus=[Focus(f).label for f in facts["focus"]],
        goals=facts["goals"],
        actions=facts["actions"],
        review_on=as_date(facts["review_on"]),
    )
    return {"text": text}


def action_assigned_dm(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """The DM telling an owner about their new action; Accept / Not mine until they answer."""
    action_id = facts["action_id"]
    due_on = as_date(facts["due_on"])
    accepted_at, disowned_at = as_datetime(facts["accepted_at"]), as_datetime(facts["disowned_at"])
    text = render(
        env,
        "decision_action_dm.j2",
        ref=facts["ref"],
        description=facts["description"],
        due_on=due_on,
        agency=facts["agency"],
        kind=ActionKind(facts["action_kind"]),
        target=ActionTarget(facts["target"]),
        by=facts["by"],
        accepted_at=accepted_at,
        disowned_at=disowned_at,
    )
    body = [blocks.section(text, block_id=f"assigned-{action_id}")]
    if accepted_at is None and disowned_at is None:
        value = metadata.dump(AssignedButton(action_id=action_id))
        body.append(
            blocks.actions(
                [
                    blocks.button("Accept", Button.ACCEPT_ACTION, value, style="primary"),
                    blocks.button("Not mine", Button.NOT_MINE, value),
                ],
                block_id=f"assigned-buttons-{action_id}",
            )
        )
    return blocks.message(f"New EFRP action on {facts['ref']}, due {due_on:%d %b %Y}", body)


def not_mine(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """The panel told an owner says an action is not theirs (and why); Reassign / Withdraw until settled."""
    text = render(
        env,
        "decision_not_mine.j2",
        **{"reason": "", "outcome": "", **facts, "due_on": as_date(facts["due_on"])},
    )
    action_id = facts.get("action_id")
    if not action_id or facts.get("outcome"):
        return {"text": text}
    return blocks.message(text, [*blocks.sections(text), coordinator_buttons(int(action_id))])


def invitation(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """The meeting's .ics upload in the agenda thread, for the panel to add to their calendars."""
    return {
        "content_b64": facts["content_b64"],
        "title": facts["title"],
        "filename": facts["filename"],
        "alt_txt": "Calendar invitation (.ics) for the EFRP panel meeting",
    }


RENDERERS: dict[str, Renderer] = {
    "meetings.invitation": invitation,
    "meetings.agenda": agenda,
    "meetings.minutes": minutes,
    "meetings.decision": decision,
    "meetings.action_assigned_dm": action_assigned_dm,
    "meetings.not_mine": not_mine,
}
