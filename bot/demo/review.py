"""Demo stage: two reviews six weeks apart, each goal's scale rising; the panel closes it as safer."""

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


def _scales(view: dict[str, Any], *, panel: int, young_people: int) -> dict[str, Any]:
    """Every goal's scales: the panel's score and young people's own view, as the youth workers report it."""
    out: dict[str, Any] = {}
    for block in view.get("blocks", []):
        block_id = str(block.get("block_id", ""))
        if block_id.startswith(f"{SCALE_PREFIX}{Viewpoint.PANEL.value}_"):
            out[block_id] = str(panel)
        elif block_id.startswith(f"{SCALE_PREFIX}{Viewpoint.YOUNG_PEOPLE.value}_"):
            out[block_id] = str(young_people)
    return out


def _first_values(view: dict[str, Any]) -> dict[str, Any]:
    """Six weeks on: the indicators as they were, every goal partly met, the scales up from 2 to 4."""
    values: dict[str, Any] = {
        f"{ReviewBlock.INDICATOR_PREFIX}{level.value}": _initial(
            view, f"{ReviewBlock.INDICATOR_PREFIX}{level.value}"
        )
        for level in Level
    }
    level = next(b for b in view["blocks"] if b.get("block_id") == ReviewBlock.LEVEL)
    values[ReviewBlock.LEVEL] = level["element"]["initial_option"]["value"]
    values[ReviewBlock.KEEP_LEVEL] = ["keep"]
    for block in view.get("blocks", []):
        if str(block.get("block_id", "")).startswith(ReviewBlock.GOAL_PREFIX):
            values[block["block_id"]] = "partly_met"
    values[ReviewBlock.NARRATIVE] = (
        "Housing has fixed the lighting; detached youth work started on Fridays. YP-100234 says the "
        "stairwell feels a little safer; adults on the estate are not yet challenging harm."
    )
    return values | _scales(view, panel=4, young_people=4)


def _first_review(demo: Demo, ref: str) -> None:
    """Six weeks in: a first review, goals partly met and their scales rising; the panel continues."""
    demo.advance(timedelta(weeks=6))
    demo.narrate(
        f"Six weeks on, {COORDINATOR.name} types `/efh review {ref}`. Beside met / partly met / not met, "
        "the form asks again where each goal stands now, 0 to 10, from each viewpoint."
    )
    demo.driver.command(COORDINATOR.id, "/efh", f"review {ref}")
    view = demo.show_view(COORDINATOR.id)
    demo.driver.submit(COORDINATOR.id, view, _first_values(view))
    demo.show_new()
    demo.settle()
    summary = _summary(demo, ref)
    demo.narrate(f"The panel keeps working with the context. {COORDINATOR.name} clicks *Continue*.")
    demo.driver.click(COORDINATOR.id, summary, ReviewAction.CONTINUE)
    follow = demo.show_view(COORDINATOR.id)
    demo.driver.submit(COORDINATOR.id, follow, {ReviewBlock.NEXT_REVIEW: _initial_date(follow)})
    demo.show_new()


def _initial_date(view: dict[str, Any]) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == ReviewBlock.NEXT_REVIEW)
    return str(block["element"]["initial_date"])


def _summary(demo: Demo, ref: str) -> Any:
    return [m for m in demo.standin.messages_in(PANEL) if m.thread_ts is None and f"of {ref}" in m.text][-1]


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
    values |= _scales(view, panel=7, young_people=6)
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
    _first_review(demo, ref)
    demo.advance(timedelta(weeks=6))
    demo.narrate(
        f"Twelve weeks on, {COORDINATOR.name} types `/efh review {ref}` again: the modal is pre-filled with "
        "the latest assessment."
    )
    demo.driver.command(COORDINATOR.id, "/efh", f"review {ref}")
    view = demo.show_view(COORDINATOR.id)
    values = _values(view)
    demo.narrate(
        "Most concerns no longer apply, new protective signs are seen, and every safety goal was met: the "
        "panel scores each 7 now (2 at the decision, 4 at the first review); young people, as reported, 6."
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
    summary = _summary(demo, ref)
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
