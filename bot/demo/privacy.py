"""Demo stage: the panel channel shared with another organisation by mistake; a guest asks for a record."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.demo.scene import Demo
from bot.standin.harness import COORDINATOR, PANEL
from storage.contexts import Context
from storage.db import session_scope

GUEST = "UGUEST0001"


def run(demo: Demo) -> None:
    """Slack Connect by mistake: panel detail waits, coordinators are told, it flows again once unshared."""
    demo.stage("Privacy: the panel channel shared by mistake, and a guest who asks for a record")
    demo.narrate(
        "Someone invites a partner organisation into #efrp-panel through Slack Connect. Slack tells the bot "
        "(channel_shared); it asks conversations.info and holds panel detail back."
    )
    demo.driver.channel_event("channel_shared", PANEL, is_shared=True, is_ext_shared=True)
    demo.show_new()
    day = (demo.clock.now() + timedelta(days=7)).astimezone(demo.bot.deps.settings.tz).strftime("%Y-%m-%d")
    demo.narrate(
        f"{COORDINATOR.name} adds a meeting and types `/efh agenda`: the agenda waits in the outbox, nothing "
        "is lost."
    )
    demo.driver.command(COORDINATOR.id, "/efh", f"meeting add {day} 10:00 Room 2")
    demo.settle()
    demo.driver.command(COORDINATOR.id, "/efh", "agenda")
    demo.show_new()
    demo.narrate("The coordinator removes the other organisation (channel_unshared): the agenda goes out.")
    demo.driver.channel_event("channel_unshared", PANEL, is_shared=False, is_ext_shared=False)
    demo.show_new()
    with session_scope(demo.bot.deps.engine) as s:
        ref = s.exec(select(Context.ref).order_by(col(Context.id))).first()
    demo.standin.add_user(GUEST, name="Robin (guest account)", is_restricted=True)
    demo.standin.state.members[PANEL].append(GUEST)
    demo.names[GUEST] = "Robin (guest account)"
    demo.narrate(f"A guest account in the panel channel types `/efh context {ref}`: refused, nothing shown.")
    demo.driver.command(GUEST, "/efh", f"context {ref}")
    demo.show_new()
