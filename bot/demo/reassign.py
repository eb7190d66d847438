"""Scene: an owner says an action is not theirs, and why; a coordinator reassigns it from the panel post."""

from __future__ import annotations

from bot.demo.scene import Demo
from bot.standin.harness import COORDINATOR, HEALTH, PANEL, YOUTH
from bot.standin.server import Message
from handlers.actions.ids import ActionId
from handlers.meetings.ids import Button


def not_mine_then_reassign(demo: Demo, dm: Message) -> None:
    """HEALTH presses Not mine and says why; the coordinator reassigns the action to YOUTH."""
    demo.narrate(f"{HEALTH.name} presses Not mine: a small form asks why, so the coordinators can act on it.")
    demo.driver.click(HEALTH.id, dm, Button.NOT_MINE)
    why = demo.show_view(HEALTH.id)
    demo.driver.submit(HEALTH.id, why, {"why": "The youth service runs the sessions at this school"})
    demo.settle()
    demo.show_new()
    post = next(m for m in reversed(demo.standin.messages_in(PANEL)) if "not theirs" in m.text)
    demo.narrate(
        f"{COORDINATOR.name} presses Reassign on that post and picks {YOUTH.name} (Youth service, from the "
        "council's list of agencies). The new owner is asked to accept it, the previous one is told, and "
        "the post shows what became of it. The action no longer counts against Health."
    )
    demo.driver.click(COORDINATOR.id, post, ActionId.REASSIGN)
    form = demo.show_view(COORDINATOR.id)
    demo.driver.submit(COORDINATOR.id, form, {"new_owner": YOUTH.id, "agency": "Youth service"})
    demo.settle()
    demo.show_new()
