"""The board report's outcome figures: safety goals scored, and how the panel's 0–10 score moved."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.domain.scales import GoalSeries, Outcomes, outcomes, series
from bot.report.records import Period
from storage import goal_scores

HOW_MEASURED = (
    "Safety goals of contexts scored in the period. Each goal's panel score (0: the harm is happening and "
    "nothing protects; 10: the goal is fully met and holding) at its baseline is set against its latest "
    "score up to the end of the period; goals scored once only are counted as scored, not compared."
)


def outcomes_in(*, session: Session, period: Period) -> Outcomes:
    """The period's outcome figures, read in the caller's transaction."""
    contexts = goal_scores.scored_contexts(session=session, start=period.start, end=period.end)
    points = [p for p in goal_scores.of_contexts(session=session, context_ids=contexts) if p.at < period.end]
    by_context: dict[int, list[goal_scores.Point]] = {}
    for p in points:
        by_context.setdefault(p.context_id, []).append(p)
    every: list[GoalSeries] = []
    for found in by_context.values():
        every += series((p.text, p.viewpoint, p.score, p.at) for p in found)
    return outcomes(every)


def median_text(o: Outcomes) -> str:
    """The median change, signed ("+2", "0", "-1.5"), or "-" with nothing to compare."""
    if o.median_change is None:
        return "-"
    value = f"{o.median_change:+g}"
    return "0" if value in ("+0", "-0") else value


def rows(o: Outcomes) -> list[tuple[str, str, str]]:
    """(key, label, value) of each outcome figure, in the order a report shows them."""
    return [
        ("goals_scored", "Safety goals scored", str(o.goals_scored)),
        ("goals_compared", "Scored again since baseline", str(o.compared)),
        ("rose", "Panel score rose", str(o.rose)),
        ("stayed", "Panel score stayed the same", str(o.stayed)),
        ("fell", "Panel score fell", str(o.fell)),
        ("median_change", "Median change, baseline to latest", median_text(o)),
    ]


def csv_rows(o: Outcomes | None) -> list[tuple[str, str, str, str, str, str, str]]:
    """The CSV's outcome rows (section "outcomes")."""
    if o is None:
        return []
    return [("outcomes", key, "", "", "", value, "") for key, _, value in rows(o)]


def template_context(o: Outcomes | None) -> dict[str, Any]:
    """What the Markdown and HTML templates show of the outcomes."""
    return {"outcome_rows": rows(o) if o is not None else [], "outcomes_measured": HOW_MEASURED}


def summary(o: Outcomes | None) -> dict[str, Any] | None:
    """The outcome figures for the panel post, as plain facts."""
    if o is None:
        return None
    return {key: value for key, _, value in rows(o)}
