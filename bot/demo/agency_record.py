"""Demo stage: after the actions scene, a panel member looks at one agency's own record."""

from __future__ import annotations

from bot.demo.scene import Demo
from bot.standin.harness import COORDINATOR, HEALTH, POLICE


def run(demo: Demo) -> None:
    """`/efh agency Police`, then `/efh agency Health`: each agency held to its own record, privately."""
    demo.stage("Each agency's own record")
    demo.narrate(
        f"{COORDINATOR.name} types `/efh agency Police`: the actions Police agreed over the last 12 months, "
        f"done on time or late (the action {POLICE.name} marked done above was done after its due date), "
        "overdue now, withdrawn and reassigned away. The answer is private, and the look is audited."
    )
    demo.driver.command(COORDINATOR.id, "/efh", "agency Police")
    demo.show_new()
    demo.narrate(
        f"`/efh agency Health`: the action {HEALTH.name} said was not Health's was reassigned to the youth "
        "service, so it counts as reassigned away, not against Health. An action withdrawn because "
        "circumstances changed is not counted against an agency either; one withdrawn as not delivered is."
    )
    demo.driver.command(COORDINATOR.id, "/efh", "agency Health")
    demo.show_new()
