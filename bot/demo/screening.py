"""Demo stage: a Red referral reaches the coordinators at once and is screened within its deadline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.demo.scene import Demo
from bot.standin.harness import COORDINATOR, HEALTH, PANEL
from handlers.referrals.ids import COMMAND, Button, FormField, ScreenField

CAR_PARK: dict[str, Any] = {
    FormField.KIND: "public_space",
    FormField.AREA: "Car park behind the Mare Street shops, E8",
    FormField.DESCRIPTION: (
        "A pupil told the school nurse this morning that an older male is collecting her and a friend from "
        "the car park tonight to 'go to a party' out of the borough."
    ),
    FormField.CONCERNS: "Possible sexual exploitation of two named pupils tonight.",
    FormField.INDICATORS_COMPLEX: ["C-B-20"],
    FormField.HARM_TYPES: ["cse"],
    FormField.YOUNG_PEOPLE: "YP-120118, YP-120119",
    FormField.AGENCY: "Health (school nursing)",
    FormField.URGENCY: "red",
    FormField.SHARING_BASIS: "safeguarding",
    FormField.SHARING_REASON: "Immediate risk of serious harm tonight.",
}


def run(demo: Demo) -> None:
    """A Red referral: the coordinators are mentioned and DMed at once, and screen it the same day."""
    demo.advance(timedelta(minutes=10))
    demo.stage("Screening on time: a Red referral reaches the coordinators at once")
    name = "Car park behind the Mare Street shops"
    demo.narrate(
        f"{HEALTH.name} refers with `{COMMAND} {name}`, urgency Red. The panel post mentions every "
        "coordinator and shows the deadline (the end of today's working day); each coordinator gets a "
        "DM with the reference, kind and urgency only."
    )
    demo.driver.command(HEALTH.id, COMMAND, name)
    demo.settle()
    view = demo.standin.open_view(HEALTH.id)
    assert view is not None
    values = {str(k): v for k, v in CAR_PARK.items()} | {FormField.NAME: name}
    demo.driver.submit(HEALTH.id, view, values)
    demo.show_new()
    post = [m for m in demo.standin.messages_in(PANEL) if m.thread_ts is None][-1]
    demo.advance(timedelta(minutes=15))
    demo.narrate(
        "A quarter of an hour later, before the working day ends, the coordinator screens it: the risk is "
        "to two named young people tonight, "
        "so it goes to the MASH and the police now rather than waiting for the panel."
    )
    demo.driver.click(COORDINATOR.id, post, Button.DECLINE)
    view = demo.show_view(COORDINATOR.id)
    demo.driver.submit(
        COORDINATOR.id,
        view,
        {
            ScreenField.DECLINE_REASON: "Immediate risk to named young people: a child protection matter "
            "for today, not a context for the next panel.",
            ScreenField.SIGNPOSTED_TO: "MASH (strategy discussion today) and the police CSE team.",
        },
    )
    demo.show_new()
    demo.show_edits(post.ts)
