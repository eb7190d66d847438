"""Legal hold in Slack: `/efh hold REF why` and `/efh release REF` (coordinators only)."""

from __future__ import annotations

from slack_bolt import App

from bot.core.errors import InvalidInput
from bot.records import holds
from handlers.efh import Invocation, router
from handlers.permissions import require_coordinator

__all__ = ["register"]


def register(app: App) -> None:
    """Register the `/efh hold` and `/efh release` subcommands."""
    efh = router(app)
    efh.add(
        "hold", _efh_hold, usage="hold REF why", help="keep a record from retention purges (coordinators)"
    )
    efh.add("release", _efh_release, usage="release REF", help="lift a legal hold (coordinators)")


def _efh_hold(inv: Invocation) -> None:
    """`/efh hold REF why`: nothing of the record is purged until it is released."""
    require_coordinator(inv.deps, inv.user, "put a record on legal hold")
    if not inv.args:
        raise InvalidInput(holds.USAGE)
    words = inv.text.split(None, 1)
    ref = holds.hold(inv.deps, ref=inv.args[0], user=inv.user, reason=words[1] if len(words) > 1 else "")
    inv.respond(response_type="ephemeral", text=f"{ref} is on legal hold: no retention purge will touch it.")


def _efh_release(inv: Invocation) -> None:
    """`/efh release REF`: the retention schedule applies to the record again."""
    require_coordinator(inv.deps, inv.user, "release a legal hold")
    if not inv.args:
        raise InvalidInput("Usage: `/efh release EFRP-2026-0042`")
    ref = holds.release(inv.deps, ref=inv.args[0], user=inv.user)
    inv.respond(response_type="ephemeral", text=f"The legal hold on {ref} is lifted.")
