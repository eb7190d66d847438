"""Goals written as activities are told from goals written as changes in the context."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.goal_wording import activity_goal, activity_goals, goal_wording

ACTIVITIES = [
    ("Deliver an information session", "deliver"),
    ("Hold a meeting with the estate managers", "hold"),
    ("Send a letter to the shop owner", "send"),
    ("Make a referral to the youth service", "make"),
    ("Create a leaflet for parents", "create"),
    ("deliver an information session at Northgate Academy", "deliver"),
    ("- Hold a multi-agency meeting", "hold"),
    ("2. Put up posters in the stairwell", "put up"),
    ("Police to hold a meeting with the tenants' association", "hold"),
    ("The school will deliver an assembly on exploitation", "deliver"),
    ("Holding a community walkabout", "hold"),
    ("Running detached youth work on Fridays", "run"),
    ("Setting up a WhatsApp group for partners", "set up"),
    ("Install CCTV at the bike store", "install"),
    ("Information session for year 9", "information session"),
    ("A leaflet for parents about online grooming", "leaflet"),
    ("Referral to the NRM", "referral"),
    ("Joint patrols on Friday evenings", None),  # an output not at the start: not questioned
]

CHANGES = [
    "Young people say they feel safe using the stairwell",
    "Young people feel safe using the stairwell",
    "Adults on the estate challenge harm",
    "Young people are not exposed to the selling or use of illegal substances in this context",
    "Fewer adults loiter by the bike store after dark",
    "The shop is no longer a place where young people are groomed",
    "Young people in the group have a trusted adult",
    "Parents know who to call when they are worried",
    "Hold a meeting so that young people feel safer",  # says the change it is for
    "Residents report concerns and they are acted on",
    "",
    "   ",
]


@pytest.mark.parametrize(("goal", "activity"), ACTIVITIES)
def test_an_activity_is_questioned_with_a_rewording(goal: str, activity: str | None) -> None:
    found = activity_goal(goal)
    if activity is None:
        assert found is None
        return
    assert found is not None
    assert (found.goal, found.activity) == (goal.strip(), activity)
    assert found.suggestion and activity_goal(found.suggestion) is None  # the suggestion is itself a change


@pytest.mark.parametrize("goal", CHANGES)
def test_a_change_in_the_context_is_not_questioned(goal: str) -> None:
    assert activity_goal(goal) is None


def test_the_suggestion_fits_the_activity() -> None:
    suggestion = {g: a.suggestion for g, a in ((g, activity_goal(g)) for g, _ in ACTIVITIES) if a}
    assert suggestion["Deliver an information session"].startswith("Young people in this group say they know")
    assert suggestion["Make a referral to the youth service"].startswith("Young people in this group have")
    assert suggestion["Create a leaflet for parents"].startswith("Parents and residents say")
    assert suggestion["Hold a meeting with the estate managers"].startswith("Residents say the estate")
    assert activity_goal("Do a survey") is not None
    assert activity_goal("Do a survey").suggestion == goal_wording().default  # type: ignore[union-attr]


def test_only_the_activities_of_a_list_are_returned_in_order() -> None:
    goals = ["Young people feel safe using the stairwell", "Send a letter", "Hold a meeting"]
    assert [a.goal for a in activity_goals(goals)] == ["Send a letter", "Hold a meeting"]


def test_every_suggestion_in_the_word_list_reads_as_a_change() -> None:
    wording = goal_wording()
    for text in [wording.default, *(s for _, s in wording.suggestions)]:
        assert activity_goal(text) is None, text


def test_the_examples_in_the_practitioners_guide_read_as_they_say() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "outcomes.md").read_text(encoding="utf-8")
    table = guide[guide.index("| written as an activity") : guide.index("When a goal in the decision form")]
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:] if line.startswith("|")]
    assert len(rows) >= 5
    for activity, change in rows:
        assert activity_goal(activity.strip()) is not None, activity
        assert activity_goal(change.strip()) is None, change
