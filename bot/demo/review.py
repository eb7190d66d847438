"""Demo stage: twelve weeks on, the coordinator reviews the context and the panel closes it as safer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.demo.scene import Demo
from bot.domain.enums import Level
from bot.domain.scales import Viewpoint
from bot.reviews.scales import SCALE_PREFIX
from bot.standin.harness import COORDINATOR, PANEL
from handlers.reviews.ids import ReviewAction, ReviewBlock

WANTED_PROTECTIVE = ("U-B-02", "U-RA-01", "U-S-01")


def _initial(view: dict[str, Any], block_id: str) -> list[str]:
    for block in view.get("blocks", []):
        if block.get("block_id") == block_id:
            return [o["value"] for o in block["element"].get("initial_options", [])]
    return []


def _values(view: dict[str, Any]) -> dict[str, Any]:
    """Resolve most concerns, add protective signs, lower the level, and mark every goal met."""
    values: dict[str, Any] = {}
    by_level = {
        level: _initial(view, f"{ReviewBlock.INDICATOR_PREFIX}{level.value}")
        for level in (Level.UNIVERSAL_PLUS, Level.COMPLEX)
    }
    concerns = [i for ids in by_level.values() for i in ids]
    kept = sorted(by_level[Level.UNIVERSAL_PLUS])[: len(concerns) // 3]  # two thirds resolved, Complex first
    for level, ids in by_level.items():
        values[f"{ReviewBlock.INDICATOR_PREFIX}{level.value}"] = [i for i in kept if i in ids]
    protective = _initial(view, f"{ReviewBlock.INDICATOR_PREFIX}{Level.UNIVERSAL.value}")
    values[f"{ReviewBlock.INDICATOR_PREFIX}{Level.UNIVERSAL.value}"] = sorted(
        set(protective) | set(WANTED_PROTECTIVE)
    )
    values[ReviewBlock.LEVEL] = (Level.UNIVERSAL_PLUS if kept else Level.UNIVERSAL).value
    for block in view.get("blocks", []):
        if str(block.get("block_id", "")).startswith(ReviewBlock.GOAL_PREFIX):
            values[block["block_id"]] = "met"
        if str(block.get("block_id", "")).startswith(f"{SCALE_PREFIX}{Viewpoint.PANEL.value}_"):
            values[block["block_id"]] = "7"
        if str(block.get("block_id", "")).startswith(f"{SCALE_PREFIX}{Viewpoint.YOUNG_PEOPLE.value}_"):
            values[block["block_id"]] = "6"
    values[ReviewBlock.NARRATIVE] = (
        "Housing fixed the lighting and the door entry; the youth service runs a Thursday drop-in nearby. "
        "YP-100234 and YP-100871 say they feel safe using the stairwell now; no incidents since March."
    )
    return values


def run(demo: Demo) -> None:
    """Advance twelve weeks, record the review, show the summary and chart, and close the context as safer."""
    demo.stage("Review: has the context become safer than at referral?")
    ref = demo.state.get("context_ref")
    if not ref:
        demo.narrate("No context was opened earlier in this demo, so there is nothing to review.")
        return
    demo.advance(timedelta(weeks=12))
    demo.narrate(
        f"{COORDINATOR.name} types `/efh review {ref}`: the modal is pre-filled with the latest assessment."
    )
    demo.driver.command(COORDINATOR.id, "/efh", f"review {ref}")
    view = demo.show_view(COORDINATOR.id)
    values = _values(view)
    demo.narrate(
        "Most concerns no longer apply, new protective signs are seen, and every safety goal was met."
    )
    demo.driver.submit(COORDINATOR.id, view, values)
    demo.show_new()
    demo.settle()
    for info in demo.standin.state.files.values():
        if info.get("shared"):
            demo.narrate(
                f"Chart uploaded into the summary's thread: {info['filename']} ({info['length']} bytes, "
                f'"{info["shared"]["title"]}").'
            )
    summary = [m for m in demo.standin.messages_in(PANEL) if m.thread_ts is None and f"of {ref}" in m.text][
        -1
    ]
    demo.narrate(f"The panel agrees the context is safer. {COORDINATOR.name} clicks *Close with outcome*.")
    demo.driver.click(COORDINATOR.id, summary, ReviewAction.CLOSE)
    close = demo.show_view(COORDINATOR.id)
    demo.driver.submit(
        COORDINATOR.id,
        close,
        {
            ReviewBlock.OUTCOME: "safer",
            ReviewBlock.REASON: "Guardians in place, the space redesigned, young people feel safe.",
        },
    )
    demo.show_new()
    demo.show_edits(summary.ts)
    demo.state["review_closed"] = True
