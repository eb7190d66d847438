"""Matching of places and case references, ties and their suppression (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.links import (
    Place,
    around,
    months_between,
    place_key,
    postcode,
    recurrences,
    same_place,
    suppressed,
    ties,
)

NOW = datetime(2026, 6, 15, tzinfo=UTC)


def test_names_match_across_case_punctuation_and_postcode_spacing() -> None:
    assert place_key("The Stairwell, Block C — Fields Estate") == place_key("stairwell block c fields estate")
    assert postcode("Fields Estate, e8 4qp") == postcode("E84QP") == "E84QP"
    a = Place("A", "public_space", "Kings Park", "Homerton E9 5PZ")
    b = Place("B", "public_space", "The benches by the pond", "e9 5pz")
    assert same_place(a, b)
    assert not same_place(a, Place("C", "group", "Kings Park", "Homerton"))  # another kind


def test_a_place_closed_within_the_window_recurs_and_one_closed_before_does_not() -> None:
    place = Place("R", "public_space", "Kings Park", "")
    recent = Place(
        "A", "public_space", "KINGS PARK", "", "closed", datetime(2026, 2, 14, tzinfo=UTC), "safer"
    )
    old = Place("B", "public_space", "Kings Park.", "", "closed", datetime(2025, 12, 14, tzinfo=UTC), "safer")
    assert months_between(recent.closed_at or NOW, NOW) == 4
    assert [p.ref for p in recurrences(place, [old, recent], now=NOW, months=6)] == ["A"]


def test_ties_and_small_counts() -> None:
    members = {"A": {"1", "2", "3"}, "B": {"1", "2", "3", "4"}, "C": {"4"}, "D": {"9"}}
    found = ties(members)
    assert [(t.a, t.b, t.count) for t in found] == [("A", "B", 3), ("B", "C", 1)]
    assert [(t.a, t.b) for t in suppressed(found)] == [("A", "B")]
    assert [(t.a, t.b) for t in around("C", found)] == [("B", "C")]
