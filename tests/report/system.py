"""An invented panel's records across a period, with the figures counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine

from bot.core.clock import ManualClock
from bot.core.deps import Deps
from bot.core.settings import load_settings
from bot.core.templating import make_environment
from storage.contexts import Assessment
from storage.db import make_engine, session_scope
from storage.decisions import Decision
from storage.referrals import Referral
from storage.reviews import Review
from tests.factories import make_action, make_context, make_decision

SINCE, UNTIL = date(2026, 1, 1), date(2026, 6, 30)
HOSTILE_AGENCY = "<script>alert(1)</script> & Co | <!channel>"


def at(day: date, hour: int = 10) -> datetime:
    """A UTC instant on a day."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def deps_for(database_url: str, now: datetime) -> Deps:
    """Collaborators for calling the report service directly on a test database."""
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-unused",
            "SLACK_SIGNING_SECRET": "ab" * 16,
            "EFRP_DATABASE_URL": database_url,
            "EFRP_PANEL_CHANNEL": "GPANEL0001",
            "EFRP_COORDINATORS": "UCOORD0001",
        }
    )
    return Deps(settings, make_engine(database_url), ManualClock(now), make_environment())


def add_referral(
    engine: Engine, *, created: datetime, agency: str, kind: str, name: str, **fields: Any
) -> None:
    """A referral that opened no context (still waiting, or declined)."""
    with session_scope(engine) as s:
        n = int(created.timestamp())
        s.add(
            Referral(
                ref=f"EFRP-T-{n}",
                view_id=f"VREP{n}",
                referrer_id="UYOUTH0001",
                referrer_agency=agency,
                context_kind=kind,
                context_name=name,
                description="Invented.",
                harm_types=fields.pop("harm_types", []),
                young_people=[],
                indicator_ids=fields.pop("indicator_ids", []),
                urgency="green",
                sharing_basis="safeguarding",
                suggested_level="universal_plus",
                created_at=created,
                **fields,
            )
        )


def add_review(engine: Engine, context_id: int, *, held: datetime, decision: str, **fields: Any) -> None:
    """A review held and decided on one day, with its assessment."""
    with session_scope(engine) as s:
        a = Assessment(
            context_id=context_id,
            source="review",
            indicator_ids=["UP-B-04"],
            level="universal_plus",
            catalogue_version="2026.1",
            assessed_by="UCOORD0001",
            assessed_at=held,
        )
        s.add(a)
        s.flush()
        s.add(
            Review(
                context_id=context_id,
                assessment_id=a.id or 0,
                decision=decision,
                reviewed_by="UCOORD0001",
                reviewed_at=held,
                decided_by="UCOORD0001",
                decided_at=held,
                view_id=f"VREV{context_id}{int(held.timestamp())}",
                **fields,
            )
        )


def seed(engine: Engine, agency_a2: str = "Children's Social Care") -> None:
    """The invented system; EXPECTED below is what it counts to for SINCE..UNTIL."""
    old = make_context(engine, now=at(date(2025, 12, 1)), name="Old market arcade")
    d0 = make_decision(engine, old, now=at(date(2025, 12, 5)), review_on=date(2026, 3, 1))
    make_action(
        engine,
        old,
        now=at(date(2025, 12, 5)),
        due_on=date(2026, 4, 1),
        state="withdrawn",
        decision_id=d0.id,
        agency="Housing",
    )
    a5 = make_action(engine, old, now=at(date(2025, 12, 5)), due_on=date(2026, 1, 20), decision_id=d0.id)
    add_review(engine, old.id or 0, held=at(date(2026, 2, 20)), decision="close", outcome="safer")

    c1 = make_context(engine, now=at(date(2026, 2, 2)), name="Fields Estate stairwell")
    d1 = make_decision(engine, c1, now=at(date(2026, 2, 10)), review_on=date(2026, 5, 4))
    a1 = make_action(engine, c1, now=at(date(2026, 2, 10)), due_on=date(2026, 3, 1), decision_id=d1.id)
    make_action(
        engine,
        c1,
        now=at(date(2026, 2, 10)),
        due_on=date(2026, 3, 10),
        decision_id=d1.id,
        kind="disrupts",
        target="individuals",
        agency=agency_a2,
    )
    add_review(
        engine, c1.id or 0, held=at(date(2026, 5, 10)), decision="continue", next_review_on=date(2026, 8, 1)
    )

    c2 = make_context(
        engine, now=at(date(2026, 3, 2)), name="Northgate Academy", kind="school", indicator_ids=[]
    )
    with session_scope(engine) as s:
        s.execute(
            update(Referral)
            .where(Referral.context_id == c2.id)
            .values(  # type: ignore[arg-type]
                referrer_agency="Children's social care"
            )
        )
        d2 = Decision(
            context_id=c2.id or 0,
            level="universal_plus",
            focus=[],
            partners=["Children's social care", "Young people"],
            next_review_on=date(2026, 6, 1),
            decided_by="UCOORD0001",
            decided_at=at(date(2026, 3, 5)),
        )
        s.add(d2)
        s.flush()
    a3 = make_action(
        engine, c2, now=at(date(2026, 3, 5)), due_on=date(2026, 6, 20), decision_id=d2.id, agency="Education"
    )
    make_context(engine, now=at(date(2026, 4, 1)), name="Bus 38 group", kind="peer_group")

    add_referral(
        engine,
        created=at(date(2026, 1, 15)),
        agency="Children's Services",
        kind="other",
        name="Somewhere",
        status="submitted",
    )
    add_referral(
        engine,
        created=at(date(2026, 5, 10)),
        agency="  police ",
        kind="online",
        name=" ",
        status="declined",
        screened_at=at(date(2026, 5, 12)),
        indicator_ids=["UP-B-04"],
        harm_types=["cse", "online"],
    )
    add_referral(
        engine,
        created=at(date(2026, 7, 5)),
        agency="Police",
        kind="school",
        name="Later school",
        indicator_ids=["UP-B-04"],
    )
    with session_scope(engine) as s:
        for action, done in ((a5, date(2026, 1, 19)), (a1, date(2026, 2, 25)), (a3, date(2026, 6, 25))):
            s.execute(
                update(type(action))
                .where(type(action).id == action.id)
                .values(  # type: ignore[arg-type]
                    state="done", done_at=at(done)
                )
            )


EXPECTED = {
    "referrals_total": 5,
    "referrals_naming_context": 3,  # the three contexts; not "other", not a blank name
    "referrals_with_baseline": 3,  # Fields Estate, Bus 38, the declined online one
    "referrals_screened": 4,  # all but the one still submitted
    "referrals_from_outside_social_care": 3,  # Education x2, police
    "referring_agencies": 4,  # education, children's social care, children's services, police
    "contexts_accepted": 3,
    "contexts_assessed": 2,  # Fields Estate and Northgate have decisions
    "contexts_assessed_with_framework": 1,  # Northgate's only assessment has no indicators
    "contexts_assessed_with_focus": 1,  # Northgate's decision names no focus
    "contexts_assessed_with_partner_information": 1,  # Northgate: social care referral, no other agency
    "decisions_total": 2,
    "decisions_with_goals": 1,
    "decisions_with_context_actions": 2,
    "decisions_with_social_care": 1,
    "decisions_with_young_people_parents_or_community": 1,
    "deciding_agencies": 3,  # police, housing, children's social care
    "actions_total": 3,
    "actions_builds_safety": 2,
    "actions_disrupts": 1,
    "actions_context_targeted": 2,
    "actions_individual_targeted": 1,
    "owning_agencies": 3,
    "actions_due": 4,  # the withdrawn one is left out
    "actions_done_by_due": 2,  # one done late, one still open
    "reviews_due": 3,  # Old market (held early), Fields Estate (late), Northgate (not held)
    "reviews_on_time": 1,
    "reviews_done": 2,
    "reviews_compared_with_baseline": 2,
    "contexts_reviewed": 1,
    "contexts_safer": 1,
    "contexts_partly_safer": 0,
}
