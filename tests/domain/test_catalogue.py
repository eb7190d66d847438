"""Tests for the Context Wellbeing Framework catalogue, checked against the seed, and level suggestion."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.domain import catalogue
from bot.domain.catalogue import (
    CUMULATIVE_UP_SPANNING_THRESHOLD,
    CUMULATIVE_UP_THRESHOLD,
    MAX_GROUP_OPTIONS,
    MAX_OPTION_GROUPS,
    canonical_id,
    get,
    option_groups,
    suggest_level,
    validate_catalogue,
)
from bot.domain.catalogue_model import MAX_LABEL_CHARS, MAX_POSITIVE_CHARS, Indicator
from bot.domain.enums import IndicatorKind, Level
from tests.shared_files import shared_dir

SEED_DIR = shared_dir("seeds")
SECTION_HEADING = "## II) Context Wellbeing Framework"
STRUCTURAL_HEADING = "Procedural, Systemic and Structural Factors"

# How each seed row label maps to a level (the resolution documented in the header of
# bot/domain/frameworks/context_wellbeing.toml).
ROW_LEVEL = {
    "Universal": Level.UNIVERSAL,
    "": Level.UNIVERSAL_PLUS,  # the unlabelled row after Universal
    "Universal Plus/etc": Level.COMPLEX,  # mislabelled: Complex content, repeated in the next row
    "Complex/ High Risk": Level.COMPLEX,
}
# Seed items deliberately filed under another column (merged near-duplicates), seed text -> catalogue ID.
MERGED_ACROSS_COLUMNS = {
    "Professionals have limited understanding of the level/prevalence of risk due to inconsistent or "
    "unusable recording systems": "UP-S-02",
}


def normalise(fragment: str) -> str:
    """Strip HTML tags and a leading bullet, and collapse whitespace, as the catalogue's seed_text does."""
    text = " ".join(re.sub(r"<[^>]+>", " ", fragment).split())
    return text.removeprefix("• ").strip()


def seed_section() -> str:
    """Section II of the seed file to its end; fails (never skips) when the seed is missing."""
    matches = sorted(SEED_DIR.glob("001_*.txt"))
    assert matches, f"seed file 001_*.txt not found in {SEED_DIR}"
    text = matches[0].read_text(encoding="utf-8")
    assert SECTION_HEADING in text, "seed has no Context Wellbeing Framework section"
    return text[text.index(SECTION_HEADING) :]


def seed_items() -> list[tuple[str, Level, IndicatorKind]]:
    """Every <li> item of section II with the level and column its table row implies."""
    found: list[tuple[str, Level, IndicatorKind]] = []
    level: Level | None = None
    for line in seed_section().splitlines():
        if "<li>" not in line:
            continue
        cells = line.split("\t")
        label = normalise(cells[0])
        behaviours = cells[1] if len(cells) > 1 else ""
        experiences = "\t".join(cells[2:])
        if label or "<li>" in behaviours:
            assert label in ROW_LEVEL, f"unexpected row label {label!r}"
            level = ROW_LEVEL[label]
        assert level is not None, "continuation row before any labelled row"
        for item in re.findall(r"<li>(.*?)</li>", behaviours, re.S):
            found.append((normalise(item), level, IndicatorKind.BEHAVIOUR))
        adults, _, structural = experiences.partition(STRUCTURAL_HEADING)
        for item in re.findall(r"<li>(.*?)</li>", adults, re.S):
            found.append((normalise(item), level, IndicatorKind.ROLE_OF_ADULTS))
        for item in re.findall(r"<li>(.*?)</li>", structural, re.S):
            found.append((normalise(item), level, IndicatorKind.STRUCTURAL))
    return found


def by_seed_text() -> dict[str, Indicator]:
    """Catalogue entries keyed by each of their seed strings."""
    return {seed: indicator for indicator in catalogue.all_indicators() for seed in indicator.seed_text}


# --- the catalogue against the seed ---------------------------------------------------------------


def test_seed_section_parses_all_items() -> None:
    items = seed_items()
    raw_count = seed_section().count("<li>")
    assert len(items) == raw_count == 85
    assert len({text for text, _, _ in items}) == 74


def test_every_seed_item_is_in_the_catalogue_at_its_level_and_column() -> None:
    index = by_seed_text()
    for text, level, kind in seed_items():
        assert text in index, f"seed item lost from catalogue: {text!r}"
        indicator = index[text]
        assert indicator.level is level, (text, indicator.id)
        if text in MERGED_ACROSS_COLUMNS:
            assert indicator.id == MERGED_ACROSS_COLUMNS[text]
        else:
            assert indicator.kind is kind, (text, indicator.id)


def test_every_catalogue_seed_text_occurs_in_the_seed() -> None:
    seeds = {text for text, _, _ in seed_items()}
    section = " ".join(seed_section().split())
    for indicator in catalogue.all_indicators():
        assert indicator.seed_text, indicator.id
        for text in indicator.seed_text:
            assert text == normalise(text), f"{indicator.id}: seed_text not normalised"
            assert text in seeds, f"{indicator.id}: seed_text not a seed item: {text!r}"
            assert text in section


def test_counts_per_level_and_kind() -> None:
    def count(level: Level, kind: IndicatorKind) -> int:
        return sum(1 for i in catalogue.by_level(level) if i.kind is kind)

    b, ra, s = IndicatorKind.BEHAVIOUR, IndicatorKind.ROLE_OF_ADULTS, IndicatorKind.STRUCTURAL
    assert [count(Level.UNIVERSAL, k) for k in (b, ra, s)] == [6, 6, 4]
    assert [count(Level.UNIVERSAL_PLUS, k) for k in (b, ra, s)] == [15, 4, 6]
    assert [count(Level.COMPLEX, k) for k in (b, ra, s)] == [21, 7, 4]
    assert len(catalogue.all_indicators()) == 73
    assert len(catalogue.protective()) == 16
    assert len(catalogue.concerns()) == 57


# --- shape of the data ----------------------------------------------------------------------------


def test_catalogue_validates_clean() -> None:
    assert validate_catalogue() == ()
    assert catalogue.default_framework().version == catalogue.CATALOGUE_VERSION == "2026.1"


def test_ids_are_unique_and_well_formed() -> None:
    ids = [i.id for i in catalogue.all_indicators()]
    assert len(ids) == len(set(ids))
    for indicator in catalogue.all_indicators():
        assert re.fullmatch(r"(U|UP|C)-(B|RA|S)-\d{2}", indicator.id)
        assert indicator.id.startswith(indicator.id_prefix + "-")


def test_labels_are_unique_and_short() -> None:
    labels = [i.label.casefold() for i in catalogue.all_indicators()]
    assert len(labels) == len(set(labels))
    assert all(0 < len(i.label) <= MAX_LABEL_CHARS == 75 for i in catalogue.all_indicators())


def test_protective_and_positive_restatements() -> None:
    for indicator in catalogue.all_indicators():
        assert indicator.protective is (indicator.level is Level.UNIVERSAL)
        if indicator.protective:
            assert indicator.positive is None
            assert indicator.safety_goal == indicator.text
        else:
            assert indicator.positive, indicator.id
            assert len(indicator.positive) <= MAX_POSITIVE_CHARS == 200
            assert indicator.safety_goal == indicator.positive
    no_place_managers = get("C-RA-07")
    assert no_place_managers is not None
    assert no_place_managers.positive == "Place managers with identified responsibility oversee this context"


def test_ocr_roughness_is_cleaned() -> None:
    texts = " ".join(i.text for i in catalogue.all_indicators())
    assert "Adults guardians" not in texts
    assert "Adult guardians normalise and accept harmful behaviours" in texts
    assert not any(i.text.endswith("friends") for i in catalogue.all_indicators())


def test_validate_catalogue_reports_problems() -> None:
    good = catalogue.all_indicators()[0]
    bad = replace(good, label="x" * 76, positive="not for protective")
    problems = validate_catalogue([good, bad], {})
    assert any("duplicate ID" in p for p in problems)
    assert any("longer than 75" in p for p in problems)
    assert any("positive restatement" in p for p in problems)
    assert any("seed text used by two entries" in p for p in problems)
    assert any("does not resolve" in p for p in validate_catalogue([good], {"OLD-1": "NOPE"}))
    assert any("cycle" in p for p in validate_catalogue([good], {"A": "B", "B": "A"}))


# --- option groups --------------------------------------------------------------------------------


def test_option_groups_respect_slack_limits_and_cover_catalogue() -> None:
    groups = option_groups()
    assert 0 < len(groups) <= MAX_OPTION_GROUPS == 100
    labels = [label for label, _ in groups]
    assert len(labels) == len(set(labels))
    for label, members in groups:
        assert 0 < len(label) <= 75
        assert 0 < len(members) <= MAX_GROUP_OPTIONS == 100
        assert len({(m.level, m.kind, m.protective) for m in members}) == 1
    flat = [m.id for _, members in groups for m in members]
    assert sorted(flat) == sorted(i.id for i in catalogue.all_indicators())
    assert groups[0][0] == "Universal – protective: behaviours"
    assert "Universal Plus – concerns: role of adults" in labels


def test_option_groups_without_protective() -> None:
    groups = option_groups(include_protective=False)
    assert all(not m.protective for _, members in groups for m in members)
    assert sum(len(members) for _, members in groups) == len(catalogue.concerns())


# --- lookup and aliases ---------------------------------------------------------------------------


def test_get_known_and_unknown() -> None:
    indicator = get("UP-B-04")
    assert indicator is not None and indicator.level is Level.UNIVERSAL_PLUS
    assert get(" up-b-04 ") is indicator
    assert get("UP-B-99") is None
    assert get("") is None
    assert get("nonsense") is None


def test_alias_resolution() -> None:
    assert canonical_id("C-S-02") == "C-S-02"
    assert canonical_id("ZZ-9") == "ZZ-9"
    aliases = {"C-S-90": "C-S-91", "C-S-91": "C-S-02", "LOOP-A": "LOOP-B", "LOOP-B": "LOOP-A"}
    framework = catalogue.default_framework().with_aliases(aliases)
    assert framework.canonical_id("C-S-90") == "C-S-02"
    assert framework.get("c-s-90") is framework.get("C-S-02")
    assert framework.get("LOOP-A") is None  # a cycle never hangs or raises
    result = framework.suggest_level(["C-S-90"])
    assert result.level is Level.COMPLEX
    assert any("C-S-90" in r and "C-S-02" in r for r in result.reasons)
    assert framework.validate() != ()  # the loop is reported


# --- suggest_level --------------------------------------------------------------------------------


def _ids(level: Level, kind: IndicatorKind | None = None) -> list[str]:
    return [i.id for i in catalogue.by_level(level) if kind is None or i.kind is kind]


def test_suggest_nothing() -> None:
    result = suggest_level([])
    assert result.level is Level.UNIVERSAL
    assert result.concern_count == 0
    assert result.by_level == {Level.UNIVERSAL: 0, Level.UNIVERSAL_PLUS: 0, Level.COMPLEX: 0}
    assert result.reasons


def test_suggest_only_protective_stays_universal() -> None:
    result = suggest_level(_ids(Level.UNIVERSAL))
    assert result.level is Level.UNIVERSAL
    assert result.concern_count == 0
    assert result.protective_count == 16
    assert any("never raise" in r for r in result.reasons)


def test_suggest_one_universal_plus() -> None:
    result = suggest_level(["UP-B-04"])
    assert result.level is Level.UNIVERSAL_PLUS
    assert result.concern_count == 1
    assert result.by_level[Level.UNIVERSAL_PLUS] == 1
    assert not result.raised_by_cumulative_weight
    assert any("illegal substances" in r for r in result.reasons)


def test_suggest_one_complex() -> None:
    result = suggest_level(["C-B-13", "UP-B-04", "U-B-02"])
    assert result.level is Level.COMPLEX
    assert result.concern_count == 2
    assert result.by_level == {Level.UNIVERSAL: 0, Level.UNIVERSAL_PLUS: 1, Level.COMPLEX: 1}
    assert not result.raised_by_cumulative_weight


def test_suggest_cumulative_universal_plus_count_raises() -> None:
    behaviours = _ids(Level.UNIVERSAL_PLUS, IndicatorKind.BEHAVIOUR)
    below = suggest_level(behaviours[: CUMULATIVE_UP_THRESHOLD - 1])
    assert below.level is Level.UNIVERSAL_PLUS
    result = suggest_level(behaviours[:CUMULATIVE_UP_THRESHOLD])
    assert result.level is Level.COMPLEX
    assert result.raised_by_cumulative_weight
    expected = f"{CUMULATIVE_UP_THRESHOLD} Universal Plus concerns together: the framework asks panels"
    assert any(r.startswith(expected) for r in result.reasons)


def test_suggest_cumulative_universal_plus_spanning_kinds_raises() -> None:
    picks = [_ids(Level.UNIVERSAL_PLUS, kind)[0] for kind in IndicatorKind]
    assert len(picks) == CUMULATIVE_UP_SPANNING_THRESHOLD
    result = suggest_level(picks)
    assert result.level is Level.COMPLEX
    assert result.raised_by_cumulative_weight
    assert any("spanning" in r for r in result.reasons)
    two_kinds = suggest_level(_ids(Level.UNIVERSAL_PLUS, IndicatorKind.BEHAVIOUR)[:2] + picks[1:2])
    assert two_kinds.level is Level.UNIVERSAL_PLUS


def test_suggest_duplicates_count_once() -> None:
    result = suggest_level(["UP-B-01"] * CUMULATIVE_UP_THRESHOLD)
    assert result.level is Level.UNIVERSAL_PLUS
    assert result.concern_count == 1


def test_suggest_unknown_ids_ignored_but_reported() -> None:
    result = suggest_level(["UP-B-04", "X-9", "X-9", "C-B-99"])
    assert result.level is Level.UNIVERSAL_PLUS
    assert result.concern_count == 1
    assert result.unknown_ids == ("X-9", "C-B-99")
    assert any("X-9" in r and "C-B-99" in r for r in result.reasons)
