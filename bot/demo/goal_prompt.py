"""Demo: the decision form questions a safety goal written as an activity, and the panel rewords it."""

from __future__ import annotations

from typing import Any

from bot.demo.scene import Demo
from bot.demo.transcript import box
from bot.standin.harness import COORDINATOR
from handlers.meetings.ids import Field

ACTIVITY_GOAL = "Deliver an information session for the year group"


def questioned_then_reworded(demo: Demo, view: dict[str, Any], values: dict[str, object]) -> None:
    """Submit once with an activity among the goals: the form asks, keeps what was typed, and is reworded."""
    goals = str(values[Field.GOALS])
    demo.narrate(f"The coordinator first adds a goal: “{ACTIVITY_GOAL}”, and presses Save decision.")
    typed = {**values, Field.GOALS: f"{goals}\n{ACTIVITY_GOAL}"}
    reply = demo.driver.submit(COORDINATOR.id, view, typed)
    note = str(reply.json().get("errors", {}).get(Field.GOALS, "(no question asked)"))
    demo.out.write(box("the decision form, still open with everything typed · Safety goals", [note]) + "\n")
    demo.narrate(
        "A prompt, not a refusal: the health session is already an action (row 3), so the panel drops the "
        "activity from the goals and saves. (Ticking “Keep the goals as written” would have kept it.)"
    )
