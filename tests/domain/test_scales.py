"""The 0–10 scale: what a submitted score may be, how a series reads, and the board's outcome figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.scales import GoalSeries, Viewpoint, outcomes, parse_score, series


@pytest.mark.parametrize("raw", ["11", "-1", "2.5", "ten", "1e1"])
def test_anything_but_a_whole_number_from_0_to_10_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_score(raw)


def test_empty_is_no_score_and_the_ends_are_scores() -> None:
    assert (parse_score(None), parse_score(" "), parse_score("0"), parse_score("10")) == (None, None, 0, 10)


def test_a_series_reads_from_baseline_to_now_per_viewpoint() -> None:
    days = [datetime(2026, 9, 1, 10, tzinfo=UTC) + timedelta(weeks=6 * n) for n in range(3)]
    points = [("Stairwell", "panel", 2, days[0]), ("Stairwell", "young_people", 3, days[1])]
    points += [("Stairwell", "panel", 4, days[1]), ("Stairwell", "young_people", 5, days[2])]
    points += [("Stairwell", "panel", 6, days[2])]
    (one,) = series(points)
    assert one.describe() == "panel 2 → 4 → 6; young people 3 → 5"
    assert one.change() == 4
    assert one.panel_times() == days and one.times[Viewpoint.YOUNG_PEOPLE] == days[1:]


def test_outcomes_count_rises_stays_and_falls_with_the_median_change() -> None:
    every = [
        GoalSeries("a", {Viewpoint.PANEL: [2, 6]}),
        GoalSeries("b", {Viewpoint.PANEL: [5, 5]}),
        GoalSeries("c", {Viewpoint.PANEL: [6, 3]}),
        GoalSeries("d", {Viewpoint.PANEL: [3]}),
        GoalSeries("e", {Viewpoint.YOUNG_PEOPLE: [3, 4]}),
    ]
    o = outcomes(every)
    assert (o.goals_scored, o.compared, o.rose, o.stayed, o.fell, o.median_change) == (4, 3, 1, 1, 1, 0.0)
