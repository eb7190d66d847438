"""Demo stage: people kept in the loop: a referrer's Home, a search, a referral's details, the worklist."""

from __future__ import annotations

import uuid

from bot.demo.scene import Demo
from bot.standin.harness import COORDINATOR, HEALTH, OUTSIDER, PANEL, POLICE, TEACHER, YOUTH
from handlers.records.ids import Button as RecordButton
from handlers.referrals.ids import SHORTCUT


def run(demo: Demo) -> None:
    """After the meeting: the referrer's Home and DM, a search, Details, the coordinators' worklist."""
    demo.stage("Kept in the loop: referrers, searches and the coordinators' worklist")
    if "context_ref" not in demo.state:
        demo.narrate("No context was accepted (the referral stage did not run); nothing to follow.")
        return
    _referrer(demo)
    _search(demo)
    _details(demo)
    _worklist(demo)
    _shortcut(demo)


def _open_home(demo: Demo, user: str) -> None:
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}
    demo.driver.event(event, event_id=f"Ev{uuid.uuid4().hex}")
    demo.show_home(user)


def _referrer(demo: Demo) -> None:
    demo.narrate(
        f"{TEACHER.name} had a DM when the panel decided (the level and review date, nothing more), "
        "and opens the bot's Home tab: her referrals, where each is, and what the panel decided."
    )
    _open_home(demo, TEACHER.id)


def _search(demo: Demo) -> None:
    demo.narrate(
        f"{YOUTH.name} (a panel member) looks for the estate by a word of its name and its postcode. "
        "The answer is private; the audit trail records the search and its results, not what was typed."
    )
    demo.driver.command(YOUTH.id, "/efh", "find e8 fields")
    demo.show_new()
    demo.narrate(f"{OUTSIDER.name} is not on the panel and tries the same search.")
    demo.driver.command(OUTSIDER.id, "/efh", "find fields")
    demo.show_new()


def _details(demo: Demo) -> None:
    post = next(m for m in demo.standin.messages_in(PANEL) if m.ts == demo.state["referral_post_ts"])
    demo.narrate(
        "The referral's post stays short; its thread now holds the screening questions and a note of the "
        f"panel's decision. {POLICE.name} presses Details to read the referral in full (audited)."
    )
    demo.driver.click(POLICE.id, post, RecordButton.REFERRAL_DETAILS)
    demo.show_view(POLICE.id)


def _worklist(demo: Demo) -> None:
    demo.narrate(
        f"{COORDINATOR.name}'s Home lists the caseload and a worklist: each open context with its next "
        "step and buttons (Open record, Record decision or Start review)."
    )
    _open_home(demo, COORDINATOR.id)


def _shortcut(demo: Demo) -> None:
    demo.narrate(
        f"On her phone, {HEALTH.name} uses the ⚡ shortcut “Refer a context”: the same referral form opens "
        "(she closes it for now)."
    )
    demo.driver.shortcut(HEALTH.id, SHORTCUT)
    demo.settle()
    view = demo.standin.open_view(HEALTH.id)
    title = (view or {}).get("title", {}).get("text", "nothing")
    demo.out.write(f"  (modal open for {HEALTH.name}: {title})\n")
