"""Scaled safety goals at the decision and at each review: the review form's scales, storing, reading back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from sqlmodel import Session

from bot.domain.scales import GoalSeries, Viewpoint, parse_score, series
from storage import audit, goal_scores

SCALE_PREFIX = "review_scale_"


def review_field(viewpoint: Viewpoint, goal_id: int) -> str:
    """The ID of one viewpoint's scale for one goal in the review form."""
    return f"{SCALE_PREFIX}{viewpoint.value}_{goal_id}"


def parse_review_scales(
    values: Mapping[str, Any], goal_ids: Iterable[int], errors: dict[str, str]
) -> dict[int, dict[str, int]]:
    """The scores given in a review form (goal id -> viewpoint -> 0–10); the panel's is required."""
    return {
        goal_id: read_scores(values, partial(review_field, goal_id=goal_id), errors) for goal_id in goal_ids
    }


def read_scores(
    values: Mapping[str, Any], field: Callable[[Viewpoint], str], errors: dict[str, str]
) -> dict[str, int]:
    """One goal's scores in a form (viewpoint -> 0–10), each field named by `field`; the panel's required."""
    scores: dict[str, int] = {}
    for viewpoint in Viewpoint:
        key = field(viewpoint)
        try:
            score = parse_score(values.get(key))
        except ValueError:
            errors[key] = "Choose a score from 0 to 10."
            continue
        if score is not None:
            scores[viewpoint.value] = score
        elif viewpoint is Viewpoint.PANEL:
            errors[key] = "Choose the panel's score: where this goal stands now, from 0 to 10."
    return scores


def record(
    session: Session,
    *,
    context_id: int,
    ref: str,
    occasion: str,
    occasion_id: int,
    scores: Mapping[int, Mapping[str, int]],
    user: str,
    now: datetime,
) -> int:
    """Store an occasion's scores once (a retry adds nothing) and audit them; how many were added."""
    wanted = {goal_id: dict(by_view) for goal_id, by_view in scores.items() if by_view}
    if not wanted:
        return 0
    added = goal_scores.add(
        session=session,
        context_id=context_id,
        occasion=occasion,
        occasion_id=occasion_id,
        scores=wanted,
        by=user,
        now=now,
    )
    if added:
        audit.record(
            session=session,
            at=now,
            actor=user,
            action="goal_scores.recorded",
            record_type=occasion,
            record_id=occasion_id,
            ref=ref,
            detail={"goals": len(wanted), "scores": added},
        )
    return added


def series_of(session: Session, *, context_id: int) -> list[GoalSeries]:
    """Each goal's scores from baseline to now (goals with the same text, across amendments, are one)."""
    points = goal_scores.of_context(session=session, context_id=context_id)
    return series((p.text, p.viewpoint, p.score, p.at) for p in points)


def lines(all_series: Iterable[GoalSeries]) -> list[str]:
    """E.g. "Young people feel safe using the stairwell — panel 2 → 4 → 6; young people 3 → 5"."""
    return [f"{s.text} — {s.describe()}" for s in all_series]
