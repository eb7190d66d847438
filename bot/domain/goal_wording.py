"""Safety goals written as activities rather than changes in the context, found so the form can question them.

Contextual Safeguarding measures whether a place or group became safer, not whether something was done:
"deliver an information session" is an action, "young people say they feel safe using the stairwell" is a
goal. The words that tell them apart are data (`bot/domain/wordlists/goal_wording.toml`); the check is a
gentle prompt, never a refusal (docs/outcomes.md).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["ActivityGoal", "GoalWording", "activity_goal", "activity_goals", "goal_wording"]

WORDLIST = "wordlists/goal_wording.toml"
_ARTICLES = ("a", "an", "the")
_SUBJECT_WORDS = 5
"""How far into a goal "<someone> will / to / should / must <verb>" is looked for."""
_MODALS = frozenset({"will", "to", "should", "must", "shall", "would", "can't"})
_LEADING = re.compile(r"^[\s\-–—•*·>]*(?:\(?\d{1,2}[.)]\s*)?")
_NOT_WORD = re.compile(r"[^\w' ]+")


@dataclass(frozen=True, slots=True)
class GoalWording:
    """The word lists: activity verbs, product or event nouns, change phrases and suggested rewordings."""

    verbs: tuple[str, ...]
    outputs: tuple[str, ...]
    changes: tuple[str, ...]
    suggestions: tuple[tuple[frozenset[str], str], ...]
    default: str


@dataclass(frozen=True, slots=True)
class ActivityGoal:
    """A goal that reads as an activity: as typed, the activity words found, and a suggested rewording."""

    goal: str
    activity: str
    suggestion: str


@cache
def goal_wording() -> GoalWording:
    """The shipped word lists (read once)."""
    raw = resources.files("bot.domain").joinpath(WORDLIST).read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return GoalWording(
        verbs=tuple(sorted((str(v) for v in data["verbs"]), key=len, reverse=True)),
        outputs=tuple(sorted((str(o) for o in data["outputs"]), key=len, reverse=True)),
        changes=tuple(str(c).strip() for c in data["changes"]),
        suggestions=tuple(
            (frozenset(str(w) for w in s["words"]), str(s["suggestion"])) for s in data["suggestions"]
        ),
        default=str(data["default"]),
    )


def _words(text: str) -> list[str]:
    """The goal in lower case, its leading bullet or number and punctuation dropped, as words."""
    plain = _NOT_WORD.sub(" ", _LEADING.sub("", text).lower().replace("’", "'"))
    return plain.split()


def _base(word: str) -> set[str]:
    """A word and the verbs its -ing form may come from ("holding" -> hold, "making" -> make, "running")."""
    forms = {word}
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        forms |= {stem, stem + "e"}
        if len(stem) > 2 and stem[-1] == stem[-2]:
            forms.add(stem[:-1])
    return forms


def _starts_with(words: list[str], phrases: tuple[str, ...], *, ing: bool = False) -> str | None:
    """The first phrase (longest first) that `words` open with, its first word possibly in -ing form."""
    for phrase in phrases:
        parts = phrase.split()
        if len(words) < len(parts):
            continue
        first = _base(words[0]) if ing else {words[0]}
        if parts[0] in first and words[1 : len(parts)] == parts[1:]:
            return phrase
    return None


def _activity_words(words: list[str], wording: GoalWording) -> str | None:
    """The verb or output that makes these words an activity, if they open with one."""
    starts = [0] + [i + 1 for i, w in enumerate(words[:_SUBJECT_WORDS]) if w in _MODALS]
    for start in starts:
        found = _starts_with(words[start:], wording.verbs, ing=True)
        if found:
            return found
    body = words[1:] if words[:1] and words[0] in _ARTICLES else words
    return _starts_with(body, wording.outputs)


def activity_goal(goal: str, wording: GoalWording | None = None) -> ActivityGoal | None:
    """The goal as an activity with a suggested rewording, or None when it reads as a change (or is empty)."""
    wording = wording or goal_wording()
    words = _words(goal)
    padded = f" {' '.join(words)} "
    if not words or any(f" {change} " in padded for change in wording.changes):
        return None
    activity = _activity_words(words, wording)
    if activity is None:
        return None
    said = set(words)
    suggestion = next((text for keys, text in wording.suggestions if keys & said), wording.default)
    return ActivityGoal(goal.strip(), activity, suggestion)


def activity_goals(goals: Iterable[str], wording: GoalWording | None = None) -> tuple[ActivityGoal, ...]:
    """Each goal that reads as an activity rather than a change in the context, in the order given."""
    return tuple(found for g in goals if (found := activity_goal(g, wording)) is not None)
