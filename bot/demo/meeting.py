"""Demo stage: the Thursday panel meeting: agenda, attendance, a decision with three actions, minutes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select

from bot.core import keys
from bot.demo import goal_prompt, reassign
from bot.demo.scene import Demo
from bot.domain.scales import Viewpoint
from bot.meetings.goal_scales import SCALE_PREFIX
from bot.meetings.jobs import run as meetings_job
from bot.standin.harness import COORDINATOR, HEALTH, PANEL, POLICE, TEACHER, YOUTH
from bot.standin.server import Message
from handlers import metadata
from handlers.meetings.ids import Button, DecisionButton, Field, row_field
from handlers.records.ids import Button as RecordButton
from storage import outbox
from storage.contexts import Context
from storage.db import session_scope
from storage.meetings import Meeting


def _quiet(demo: Demo) -> None:
    """Settle, then wait until the background worker has delivered everything owed."""
    calm = 0
    for _ in range(200):
        demo.settle()
        with session_scope(demo.bot.deps.engine) as s:
            calm = calm + 1 if outbox.pending_count(session=s) == 0 else 0
        if calm >= 3:
            return
        time.sleep(0.05)


def _latest(demo: Demo, key: str) -> Message:
    with session_scope(demo.bot.deps.engine) as s:
        row = outbox.find(session=s, key=key)
        ts = row.slack_ts if row else None
    for m in demo.standin.state.messages:
        if m.ts == ts:
            return m
    raise RuntimeError(f"message {key} was not delivered")


def run(demo: Demo) -> None:
    """Show the scheduled meeting, its agenda, a decision with three actions, the owners' answers, minutes."""
    ref = demo.state.get("context_ref")
    with session_scope(demo.bot.deps.engine) as s:
        ctx = s.exec(select(Context).where(Context.ref == ref)).first() if ref else None
    demo.stage("The panel meeting")
    if ctx is None:
        demo.narrate(
            "No context has been accepted yet (the referral stage did not run), so there is nothing "
            "for the panel to discuss; skipping the meeting."
        )
        return
    _schedule(demo)
    meeting = _agenda(demo)
    agenda_key = keys.meeting_agenda(meeting.id or 0)
    _attendance(demo, meeting, agenda_key)
    _decision(demo, meeting, ctx, agenda_key)
    _owners_answer(demo, ctx)
    _minutes(demo, meeting, agenda_key)


def _schedule(demo: Demo) -> None:
    """The meetings job creates the scheduled meetings; the coordinator lists them."""
    meetings_job(demo.bot.deps)
    demo.narrate('The meetings job turns EFRP_MEETING_SCHEDULE="THU 10:00" into meeting rows.')
    demo.driver.command(COORDINATOR.id, "/efh", "meeting list")
    demo.show_new()


def _agenda(demo: Demo) -> Meeting:
    """A working day ahead, the job posts the agenda of the next meeting."""
    demo.clock.set(max(demo.clock.now(), datetime(2026, 11, 25, 10, 0, tzinfo=UTC)))
    demo.narrate(
        f"It is now {demo.clock.now():%A %d %B %H:%M} UTC: 24 working-hours before the meeting, "
        "the job posts the agenda to the private panel channel, and the meeting's .ics in its thread "
        "(time and place only) for members to add to their calendars."
    )
    meetings_job(demo.bot.deps)
    demo.show_new()
    with session_scope(demo.bot.deps.engine) as s:
        meeting = s.exec(
            select(Meeting).where(col(Meeting.agenda_posted_at).is_not(None)).order_by(col(Meeting.starts_at))
        ).first()
    assert meeting is not None and meeting.id is not None
    demo.state["meeting_id"] = meeting.id
    return meeting


def _attendance(demo: Demo, meeting: Meeting, agenda_key: str) -> None:
    """At the meeting's start, members mark themselves present."""
    demo.clock.set(meeting.starts_at)
    demo.narrate("Thursday 10:00. Members mark themselves present on the agenda.")
    for person in (POLICE, HEALTH, TEACHER):
        demo.driver.click(person.id, _latest(demo, agenda_key), Button.PRESENT)
    _quiet(demo)
    demo.narrate(
        f"{COORDINATOR.name} presses Attendance: they chair (and so are present), {YOUTH.name} sent "
        "apologies, and a housing officer who is not in Slack joins as a guest."
    )
    demo.driver.click(COORDINATOR.id, _latest(demo, agenda_key), Button.ATTENDANCE)
    view = demo.show_view(COORDINATOR.id)
    demo.driver.submit(
        COORDINATOR.id,
        view,
        {
            "attendance_chair": COORDINATOR.id,
            "attendance_apologies": [YOUTH.id],
            "attendance_guests": "Pat Lee, Housing officer",
        },
    )
    _quiet(demo)
    demo.narrate(f"{TEACHER.name} presses Open record on the agenda item: the whole record, privately.")
    demo.driver.click(TEACHER.id, _latest(demo, agenda_key), RecordButton.OPEN_RECORD)
    demo.show_view(TEACHER.id)


def _decision(demo: Demo, meeting: Meeting, ctx: Context, agenda_key: str) -> None:
    """The coordinator records the panel's decision with three actions."""
    demo.narrate(f"{COORDINATOR.name} presses Record decision for {ctx.ref}.")
    demo.driver.click(
        COORDINATOR.id,
        _latest(demo, agenda_key),
        Button.RECORD_DECISION,
        value=metadata.dump(DecisionButton(context_id=ctx.id or 0, meeting_id=meeting.id)),
    )
    view = demo.show_view(COORDINATOR.id)
    values = _decision_values(view)
    demo.narrate(
        "The panel agrees three actions: after typing the first, the coordinator presses Add another "
        "action twice; the open form grows in place and keeps everything typed so far. Beside each safety "
        "goal the panel records where things stand now, 0 to 10: 2 in the panel's view, 3 in young "
        "people's own view as the youth workers report it."
    )
    for _ in range(2):
        present = {b.get("block_id") for b in view["blocks"]}
        typed = {k: v for k, v in values.items() if k in present}
        demo.driver.click_in_view(COORDINATOR.id, view, Button.ADD_ACTION, values=typed)
        demo.settle()
        view = demo.standin.state.views[view["id"]]
    goal_prompt.questioned_then_reworded(demo, view, values)
    demo.driver.submit(COORDINATOR.id, view, values)
    demo.narrate(
        "The decision is stored; each owner gets a DM with the action, its due date and the context "
        "reference (never the concern narrative), and the agenda shows the item as decided."
    )
    _quiet(demo)
    demo.show_new()


def _baseline_scales(view: dict[str, Any]) -> dict[str, object]:
    """Where each goal stands now: the panel says 2; young people, as reported by the youth workers, 3."""
    ids = [str(b.get("block_id", "")) for b in view["blocks"]]
    panel: dict[str, object] = {
        i: "2" for i in ids if i.startswith(f"{SCALE_PREFIX}{Viewpoint.PANEL.value}_")
    }
    young = f"{SCALE_PREFIX}{Viewpoint.YOUNG_PEOPLE.value}_"
    return panel | {i: "3" for i in ids if i.startswith(young)}


def _decision_values(view: dict[str, Any]) -> dict[str, object]:
    """What the coordinator types into the decision modal: level, focus, goals, partners, three actions."""
    values: dict[str, object] = {
        Field.LEVEL: "universal_plus",
        Field.FOCUS: ["guardianship", "environment"],
        Field.GOALS: next(b for b in view["blocks"] if b.get("block_id") == Field.GOALS)["element"].get(
            "initial_value", "Young people feel safe in this place"
        ),
        Field.PARTNERS: ["p0", "p1", "p2", "p4", "p12", "p13"],
        Field.PARTNERS_NOTE: "Two young people from the youth forum and a parent took part",
        Field.REVIEW_ON: "2027-02-18",
    }
    values |= _baseline_scales(view)
    rows = [
        (POLICE, "Police", "Agree a guardianship plan with the shop and estate managers", "disrupts"),
        (YOUTH, "Youth service", "Detached youth work at the location on Friday evenings", "builds_safety"),
        (HEALTH, "Health", "Drop-in health and relationships session for the year group", "builds_safety"),
    ]
    for n, (person, agency, what, kind) in enumerate(rows, start=1):
        values |= {
            row_field(Field.WHAT, n): what,
            row_field(Field.OWNER, n): person.id,
            row_field(Field.AGENCY, n): agency,
            row_field(Field.DUE, n): "2026-12-10",
            row_field(Field.KIND, n): kind,
            row_field(Field.TARGET, n): "context",
        }
    return values


def _owners_answer(demo: Demo, ctx: Context) -> None:
    """One owner accepts an action, another says it is not theirs."""
    with session_scope(demo.bot.deps.engine) as s:
        from storage.actions import Action

        actions = list(s.exec(select(Action).where(Action.context_id == ctx.id).order_by(col(Action.id))))
    by_owner = {a.owner_id: a for a in actions}
    demo.narrate(f"{POLICE.name} accepts; {HEALTH.name} says the action is not theirs.")
    police, health = by_owner[POLICE.id], by_owner[HEALTH.id]
    demo.driver.click(
        POLICE.id,
        _latest(demo, keys.decision_actions_dm(police.decision_id or 0, POLICE.id)),
        Button.ACCEPT_ACTION,
    )
    _quiet(demo)
    demo.show_new()
    reassign.not_mine_then_reassign(
        demo, _latest(demo, keys.decision_actions_dm(health.decision_id or 0, HEALTH.id))
    )
    demo.show_home(POLICE.id)


def _minutes(demo: Demo, meeting: Meeting, agenda_key: str) -> None:
    """The coordinator closes the meeting: minutes to the panel, the agenda updated in place."""
    demo.narrate(f"{COORDINATOR.name} presses Close meeting: the minutes go to the panel channel.")
    demo.driver.click(COORDINATOR.id, _latest(demo, agenda_key), Button.CLOSE_MEETING)
    _quiet(demo)
    demo.show_new()
    demo.narrate(
        "The agenda message, updated in place: item decided, chair, present, apologies and guests, "
        "meeting closed. The minutes are now fixed: a later change is listed under them, never written in."
    )
    demo.show_edits(_latest(demo, agenda_key).ts)
    demo.out.write(
        f"\n(`efrp minutes export {meeting.id} --as NAME` writes the same minutes as Markdown; "
        f"{PANEL} is the private panel channel.)\n"
    )
