"""Demo stage: reminders to an action owner, an update, more time, done, an escalation, and the App Home."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import col, select

from bot.actions.reminders import sweep
from bot.core import keys
from bot.demo.scene import Demo
from bot.domain.enums import ActionState, ContextState
from bot.domain.reminders import ActionDue, next_reminder_at
from bot.standin.harness import COORDINATOR, PANEL
from bot.standin.server import Message
from handlers import metadata
from handlers.actions.ids import ActionId, ActionMeta
from storage import outbox
from storage.actions import Action
from storage.contexts import Context
from storage.db import session_scope


def _open_actions(demo: Demo) -> list[Action]:
    with session_scope(demo.bot.deps.engine) as s:
        return list(
            s.exec(
                select(Action)
                .join(Context, col(Context.id) == col(Action.context_id))
                .where(Action.state == ActionState.OPEN, Context.state == ContextState.OPEN)
                .order_by(col(Action.due_on), col(Action.id))
            )
        )


def _reminder_time(demo: Demo, action: Action) -> datetime | None:
    deps = demo.bot.deps
    with session_scope(deps.engine) as s:
        row = s.get(Action, action.id)
    if row is None:
        return None
    due = ActionDue(row.id or 0, row.due_on, ActionState(row.state), True)
    return next_reminder_at(due, demo.clock.now(), deps.settings.policy, deps.settings.hours)


def _sweep_at(demo: Demo, when: datetime | None, why: str) -> None:
    if when is not None and when > demo.clock.now():
        demo.advance(when + timedelta(minutes=5) - demo.clock.now())
    demo.narrate(f"The five-minute reminder sweep runs ({why}).")
    result = sweep(demo.bot.deps)
    for line in result.lines():
        demo.narrate(f"sweep: {line}")
    demo.show_new()


def _dm_with_buttons(demo: Demo, owner: str, action_id: int) -> Message:
    for m in reversed(demo.standin.dms_to(owner)):
        for b in m.blocks or []:
            if any(
                e.get("action_id") == ActionId.MARK_DONE
                and metadata.load(ActionMeta, e.get("value")).action_id == action_id
                for e in b.get("elements") or []
            ):
                return m
    raise RuntimeError("no reminder DM with buttons")


def run(demo: Demo) -> None:
    """Follow the earliest-due open action from reminder to done, via an update, more time and escalation."""
    demo.stage("Actions and reminders")
    actions = _open_actions(demo)
    if not actions:
        demo.narrate(
            "There are no open actions yet (the meeting stage creates them), so no reminders to show."
        )
        return
    action = actions[0]
    who = demo.names.get(action.owner_id, action.owner_id)
    _reminders(demo, action, who)
    _update(demo, action, who)
    new_due = _more_time(demo, action, who)
    _escalation(demo, new_due)
    _homes(demo, action, who)
    _done(demo, action, who)


def _reminders(demo: Demo, action: Action, who: str) -> None:
    """The sweep sends the first and the next reminder, and never one twice."""
    demo.narrate(f"{who} owns an action due {action.due_on:%A %d %B}. The bot follows it until it is done.")
    _sweep_at(demo, _reminder_time(demo, action), "the first reminder falls due")
    _sweep_at(demo, _reminder_time(demo, action), "the next reminder falls due")
    demo.narrate("The sweep runs again at once (or in a second server): nothing is sent twice.")
    demo.narrate(f"sweep: {len(sweep(demo.bot.deps).lines())} new reminder(s)")


def _update(demo: Demo, action: Action, who: str) -> None:
    """The owner posts an update from the reminder."""
    owner = action.owner_id
    demo.narrate(f"{who} clicks *Post update* in the reminder.")
    demo.driver.click(owner, _dm_with_buttons(demo, owner, action.id or 0), ActionId.POST_UPDATE)
    view = demo.show_view(owner)
    demo.driver.submit(owner, view, {"update": "Walk-through booked with the estate manager for next week."})
    demo.show_new()


def _more_time(demo: Demo, action: Action, who: str) -> date:
    """The owner asks for more time and a coordinator approves; returns the new due date."""
    owner = action.owner_id
    demo.narrate(
        f"{who} clicks *Ask for more time*; {demo.names[COORDINATOR.id]} approves in the panel channel."
    )
    demo.driver.click(owner, _dm_with_buttons(demo, owner, action.id or 0), ActionId.ASK_MORE_TIME)
    view = demo.show_view(owner)
    new_due = demo.bot.deps.settings.hours.add_working_days(max(action.due_on, demo.clock.now().date()), 5)
    demo.driver.submit(
        owner, view, {"new_due": new_due.isoformat(), "reason": "The estate manager is away until then."}
    )
    demo.show_new()
    request = next(
        m
        for m in reversed(demo.standin.messages_in(PANEL))
        if any(
            e.get("action_id") == ActionId.APPROVE_EXTENSION
            for b in m.blocks or []
            for e in b.get("elements") or []
        )
    )
    demo.driver.click(COORDINATOR.id, request, ActionId.APPROVE_EXTENSION)
    demo.show_new()
    demo.show_edits(request.ts)
    _minutes_addendum(demo)
    return new_due


def _minutes_addendum(demo: Demo) -> None:
    """The meeting's minutes keep the date agreed; the new one is listed under them as an addendum."""
    with session_scope(demo.bot.deps.engine) as s:
        row = outbox.find(session=s, key=keys.meeting_minutes(int(demo.state.get("meeting_id") or 0)))
        ts = row.slack_ts if row else None
    if ts:
        demo.narrate("The minutes keep the date the panel agreed; the new date is listed as an addendum.")
        demo.show_edits(ts)


def _escalation(demo: Demo, new_due: date) -> None:
    """Five working days past the new date, the coordinators are told."""
    demo.narrate(
        "Nobody marks it done by the new date. Five working days after it, the coordinators are told."
    )
    hours = demo.bot.deps.settings.hours
    escalate = hours.opening(
        hours.add_working_days(new_due, demo.bot.deps.settings.policy.escalate_after_days)
    )
    _sweep_at(demo, escalate, "the action is five working days overdue")


def _homes(demo: Demo, action: Action, who: str) -> None:
    """The owner's and the coordinator's App Home."""
    owner = action.owner_id
    demo.narrate(f"{who} opens the bot's Home tab.")
    demo.driver.open_home(owner)
    demo.show_home(owner)
    demo.narrate(f"{demo.names[COORDINATOR.id]} opens the Home tab: the caseload at a glance.")
    demo.driver.open_home(COORDINATOR.id)
    demo.show_home(COORDINATOR.id)


def _done(demo: Demo, action: Action, who: str) -> None:
    """The owner marks the action done and says what was delivered."""
    owner = action.owner_id
    demo.narrate(f"{who} clicks *Mark done* and says what was delivered.")
    demo.driver.click(owner, _dm_with_buttons(demo, owner, action.id or 0), ActionId.MARK_DONE)
    view = demo.show_view(owner)
    demo.driver.submit(
        owner, view, {"note": "Walk-through held; two lights fixed and a concierge rota agreed."}
    )
    demo.show_new()
    demo.show_home(owner)
