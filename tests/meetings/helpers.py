"""Shared steps of the meeting tests: a scheduled meeting with its agenda posted, and a filled decision."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.domain.scales import Viewpoint
from bot.meetings.goal_scales import SCALE_PREFIX, goal_lines, scale_field
from bot.meetings.jobs import run as meetings_job
from bot.standin.harness import COORDINATOR, HEALTH, PANEL, POLICE, YOUTH, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.meetings.ids import Button, Field, row_field
from storage.db import session_scope
from storage.meetings import Meeting
from tests.factories import make_context


def agenda_message(standin: SlackStandin) -> Message:
    """The one agenda message in the panel channel."""
    found = [m for m in standin.messages_in(PANEL) if m.text.startswith("Panel agenda")]
    assert len(found) == 1, [m.text for m in standin.messages_in(PANEL)]
    return found[0]


def text_of(message: Message) -> str:
    """All the text in a message's blocks."""
    out = [message.text]
    for b in message.blocks or []:
        if isinstance(b.get("text"), dict):
            out.append(b["text"]["text"])
        for el in b.get("elements") or []:
            if isinstance(el.get("text"), dict | str):
                out.append(el["text"]["text"] if isinstance(el["text"], dict) else el["text"])
    return "\n".join(out)


def post_thursday_agenda(bot: LocalBot, clock: ManualClock) -> Meeting:
    """Run the meeting job on Monday (meeting created), then on Wednesday 10:00 (agenda posted)."""
    meetings_job(bot.deps)
    clock.advance(timedelta(days=2))  # Wednesday 25 November 10:00: 24 hours before THU 10:00
    meetings_job(bot.deps)
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        rows = list(s.exec(select(Meeting).order_by(col(Meeting.starts_at))))
    assert (
        rows[0].agenda_posted_at is not None and rows[0].starts_at.isoformat() == "2026-11-26T10:00:00+00:00"
    )
    assert all(m.agenda_posted_at is None for m in rows[1:])
    return rows[0]


def open_decision_form(bot: LocalBot, standin: SlackStandin, clock: ManualClock) -> dict[str, Any]:
    """A context three days old on the posted Thursday agenda, and the coordinator's Record decision form."""
    make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(bot, clock)
    bot.driver().click(COORDINATOR.id, agenda_message(standin), Button.RECORD_DECISION)
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    return view


def button_value(message: Message, action_id: str, ref: str | None = None) -> str:
    """The value of a button (in the item mentioning `ref`: its section or the actions block after it)."""
    last_text = ""
    for b in message.blocks or []:
        if isinstance(b.get("text"), dict):
            last_text = b["text"]["text"]
        acc = b.get("accessory")
        if acc and acc.get("action_id") == action_id and (ref is None or ref in last_text):
            return str(acc["value"])
        for el in b.get("elements") or []:
            if el.get("action_id") == action_id and (ref is None or ref in last_text):
                return str(el["value"])
    raise KeyError(action_id)


def decision_values(*, review_on: str = "2027-02-18", rows: int = 3) -> dict[str, Any]:
    """A filled decision modal: complex level, two goals, actions for POLICE, YOUTH and HEALTH."""
    values: dict[str, Any] = {
        Field.LEVEL: "complex",
        Field.FOCUS: ["guardianship", "environment"],
        Field.GOALS: "Young people feel safe using the stairwell\nAdults on the estate challenge harm",
        Field.PARTNERS: ["p1", "p7", "p12"],
        Field.PARTNERS_NOTE: "Two residents from the tenants' association",
        Field.REVIEW_ON: review_on,
    }
    owners = [
        (POLICE, "Police", "Joint patrol with housing officers <!channel>"),
        (YOUTH, "Youth service", "Detached youth work on Friday evenings"),
        (HEALTH, "Health", "Drop-in health session at the school"),
    ]
    values.update(scored(values[Field.GOALS], [2, 3], young_people=(3,)))
    for n, (person, agency, what) in enumerate(owners[:rows], start=1):
        values[row_field(Field.WHAT, n)] = what
        values[row_field(Field.OWNER, n)] = person.id
        values[row_field(Field.AGENCY, n)] = agency
        values[row_field(Field.DUE, n)] = "2026-12-10"
        values[row_field(Field.KIND, n)] = "builds_safety" if n != 1 else "disrupts"
        values[row_field(Field.TARGET, n)] = "context"
    return values


def scored(goals: str, panel: list[int], *, young_people: tuple[int, ...] = ()) -> dict[str, str]:
    """The scale fields of goals typed one per line: the panel's scores, and young people's if given."""
    out: dict[str, str] = {}
    for n, goal in enumerate(goal_lines(goals)):
        out[scale_field(Viewpoint.PANEL, goal)] = str(panel[n])
        if n < len(young_people):
            out[scale_field(Viewpoint.YOUNG_PEOPLE, goal)] = str(young_people[n])
    return out


def with_scales(bot: LocalBot, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Press "Show scales for these goals" if the goals typed have no scales in the form yet."""
    present = {b.get("block_id") for b in view["blocks"]}
    wanted = {k for k in values if str(k).startswith(SCALE_PREFIX)}
    if wanted <= present:
        return view
    typed = {k: v for k, v in values.items() if k in present}
    assert bot.driver().click_in_view(user, view, Button.SCALE_GOALS, values=typed).status == 200
    bot.settle()
    return bot.standin.state.views[view["id"]]


def ready(bot: LocalBot, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A decision modal with the action rows and goal scales `values` fill."""
    return with_scales(bot, user, grown(bot, user, view, values), values)


def action_rows_in(view: dict[str, Any]) -> int:
    """How many action rows a decision modal shows."""
    return sum(1 for b in view["blocks"] if str(b.get("block_id", "")).startswith(f"{Field.WHAT}_"))


def grown(bot: LocalBot, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Press "Add another action" until the modal has a row for every action in `values`, typing as we go."""
    wanted = max((int(k.rsplit("_", 1)[1]) for k in values if str(k).startswith(f"{Field.WHAT}_")), default=1)
    while action_rows_in(view) < wanted:
        present = {b.get("block_id") for b in view["blocks"]}
        typed = {k: v for k, v in values.items() if k in present}
        reply = bot.driver().click_in_view(user, view, Button.ADD_ACTION, values=typed)
        assert reply.status == 200
        bot.settle()
        updated = bot.standin.state.views[view["id"]]
        assert action_rows_in(updated) == action_rows_in(view) + 1, "the form did not grow"
        view = updated
    return view


def submit_decision(
    bot: LocalBot, user: str, view: dict[str, Any], values: dict[str, Any], *, grow_as: str | None = None
) -> Any:
    """Fill a decision modal (adding the action rows it needs) and submit it; the bot's reply."""
    view = ready(bot, grow_as or user, view, values)
    return bot.driver().submit(user, view, fitted(view, values))


def fitted(view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`values` without the scales of goals no longer typed (the form has none for them)."""
    present = {b.get("block_id") for b in view["blocks"]}
    return {k: v for k, v in values.items() if not str(k).startswith(SCALE_PREFIX) or k in present}


RECORD = Button.RECORD_DECISION
