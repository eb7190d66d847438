"""A demo stage for tests: a context with a decision, goals and actions, as earlier stages would leave it."""

from __future__ import annotations

from datetime import timedelta

from bot.demo.scene import Demo
from tests.factories import make_action, make_context, make_decision


def run(demo: Demo) -> None:
    """Insert the records the review stage builds on and remember the context's reference."""
    engine = demo.bot.deps.engine
    now = demo.clock.now()
    ctx = make_context(engine, now=now, indicator_ids=["UP-B-04", "UP-RA-04", "UP-S-02", "U-RA-02"])
    decision = make_decision(
        engine,
        ctx,
        now=now + timedelta(days=3),
        baseline=(2, 2),
        goals=("Young people feel safe using the stairwell", "Adults challenge harm there"),
    )
    make_action(
        engine, ctx, now=now, due_on=(now + timedelta(weeks=4)).date(), state="done", decision_id=decision.id
    )
    demo.state["context_ref"] = ctx.ref
