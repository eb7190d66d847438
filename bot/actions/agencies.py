"""Agencies stored as the council lists them: earlier spellings ("police", "Met Police") made one."""

from __future__ import annotations

from bot.core.deps import Deps
from storage import actions as repo
from storage import audit
from storage.db import session_scope


def canonicalise(deps: Deps) -> int:
    """Store each action's agency under its listed name where a spelling means one; how many changed.

    Run at start-up, so a list the council changes applies to the actions already stored. Matching
    ignores case and spacing (`bot.domain.agencies`); an agency not on the list is only tidied.
    """
    agencies = deps.settings.agencies
    now = deps.clock.now()
    changed = 0
    with session_scope(deps.engine) as s:
        for spelling in repo.agency_spellings(session=s):
            to = agencies.canonical(spelling)
            if not to or to == spelling:
                continue
            ids = repo.rename_agency(session=s, spelling=spelling, to=to)
            audit.record_many(
                session=s,
                events=[
                    {
                        "actor": audit.SYSTEM,
                        "action": "action.agency_canonicalised",
                        "record_type": "action",
                        "record_id": i,
                        "detail": {"from": spelling, "to": to},
                    }
                    for i in ids
                ],
                at=now,
            )
            changed += len(ids)
    return changed
