"""The framework file: the shipped one loads as the 2026.1 catalogue, a council's own file loads, bad files
are refused naming the entry and the field, and IDs in use that a framework no longer knows are found."""

from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import bot.domain
from bot.domain import catalogue
from bot.domain.enums import IndicatorKind, Level
from bot.domain.framework import (
    DEFAULT_FILE,
    Framework,
    FrameworkError,
    default_framework,
    load_framework,
)

SHIPPED = Path(bot.domain.__file__).parent / "frameworks" / DEFAULT_FILE
COUNCIL = Path(__file__).parents[1] / "fixtures" / "frameworks" / "council_example.toml"

CATALOGUE_2026_1_SHA256 = "69e6e6333135e1378926b88376968268096b314eabc11ba30ed39302ab09982b"
"""Fingerprint of the catalogue as the Python literals held it (catalogue_universal.py ... before TOML)."""


def fingerprint(framework: Framework) -> str:
    """SHA-256 of every field of every indicator, in order, with the version and aliases."""
    rows = [
        [i.id, i.level.value, i.kind.value, i.text, i.label, i.protective, i.positive, list(i.seed_text)]
        for i in framework.all_indicators()
    ]
    blob = json.dumps(
        [framework.version, rows, sorted(framework.retired_aliases.items())],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def refused(tmp_path: Path, text: str) -> FrameworkError:
    """Load ``text`` as a framework file; it must be refused, naming the file."""
    path = tmp_path / "framework.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.file == str(path)
    return caught.value


def council_text(old: str = "", new: str = "") -> str:
    """The council example file, with one piece of text replaced."""
    text = COUNCIL.read_text(encoding="utf-8")
    assert not old or old in text, old
    return text.replace(old, new, 1) if old else text


# --- the shipped framework --------------------------------------------------------------------------


def test_shipped_framework_equals_the_2026_1_catalogue() -> None:
    framework = load_framework()
    assert fingerprint(framework) == CATALOGUE_2026_1_SHA256
    assert framework.version == "2026.1"
    assert framework.name == "Context Wellbeing Framework"
    assert framework.id_scheme == "level-kind-number"
    assert framework.file == "bot/domain/frameworks/context_wellbeing.toml"
    assert framework.source.startswith("Hackney Child Wellbeing Framework")
    assert len(framework.all_indicators()) == 73
    assert len(framework.concerns()) == 57 and len(framework.protective()) == 16
    assert [len(framework.by_level(level)) for level in Level] == [16, 25, 32]
    assert dict(framework.retired_aliases) == {}
    assert framework.validate() == ()


def test_shipped_file_by_path_equals_the_default() -> None:
    assert load_framework(SHIPPED) == load_framework() == default_framework()
    assert load_framework(SHIPPED).file == str(SHIPPED)


def test_default_framework_is_loaded_once_and_behind_the_module_api() -> None:
    assert default_framework() is default_framework()
    framework = default_framework()
    assert framework.version == catalogue.CATALOGUE_VERSION
    assert catalogue.RETIRED_ALIASES is framework.retired_aliases
    assert catalogue.all_indicators() is framework.all_indicators()
    assert catalogue.get("UP-B-04") is framework.get("UP-B-04")
    assert catalogue.option_groups() == framework.option_groups()
    assert catalogue.suggest_level(["C-B-13"]) == framework.suggest_level(["C-B-13"])
    assert catalogue.group_label(Level.COMPLEX, IndicatorKind.STRUCTURAL, False) == framework.group_label(
        Level.COMPLEX, IndicatorKind.STRUCTURAL, False
    )
    with pytest.raises(AttributeError):
        _ = catalogue.NO_SUCH_NAME  # type: ignore[attr-defined]


def test_framework_is_immutable() -> None:
    framework = default_framework()
    with pytest.raises(FrozenInstanceError):
        framework.version = "2099.1"  # type: ignore[misc]
    with pytest.raises(TypeError):
        framework.retired_aliases["U-B-99"] = "U-B-01"  # type: ignore[index]
    assert isinstance(framework.all_indicators(), tuple)
    aliases = {"U-B-99": "U-B-01"}
    renamed = framework.with_aliases(aliases)
    aliases["U-B-98"] = "U-B-02"
    assert dict(renamed.retired_aliases) == {"U-B-99": "U-B-01"}
    assert framework.get("U-B-99") is None and renamed.get("U-B-99") is framework.get("U-B-01")


def test_nothing_is_loaded_when_the_modules_are_imported() -> None:
    code = (
        "import importlib, pkgutil, bot.domain\n"
        "for m in pkgutil.iter_modules(bot.domain.__path__, 'bot.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "from bot.domain.framework import default_framework\n"
        "from bot.domain.scaleup_grid import default_grid\n"
        "assert default_framework.cache_info().currsize == 0, 'framework loaded at import'\n"
        "assert default_grid.cache_info().currsize == 0, 'grid loaded at import'\n"
    )
    root = Path(bot.domain.__file__).parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, timeout=60)


def test_domain_stays_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names)
    for path in Path(bot.domain.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed or name.startswith("bot.domain"), (path.name, name)


# --- a council's own framework ----------------------------------------------------------------------


def test_a_council_framework_with_its_own_ids_loads() -> None:
    framework = load_framework(COUNCIL)
    assert framework.name == "Example Council Context Framework"
    assert framework.version == "EX-2027.1"
    assert framework.id_scheme is None
    assert framework.source.startswith("Example Council")
    assert framework.validate() == ()
    assert [i.id for i in framework.all_indicators()] == ["EX-SAFE-1", "EX-CON-2", "EX-CON-1"]
    assert [i.id for i in framework.protective()] == ["EX-SAFE-1"]
    assert [i.id for i in framework.concerns()] == ["EX-CON-2", "EX-CON-1"]
    assert framework.get("ex-old-7") is framework.get("EX-CON-2") is not None
    assert framework.canonical_id("EX-OLD-7") == "EX-CON-2"
    assert framework.get("U-B-01") is None
    assert framework.suggest_level(["EX-CON-2", "EX-SAFE-1"]).level is Level.UNIVERSAL_PLUS
    assert framework.suggest_level(["EX-CON-1"]).level is Level.COMPLEX
    assert [label for label, _ in framework.option_groups()] == [
        "Universal – protective: role of adults",
        "Universal Plus – concerns: structural factors",
        "Complex / High Risk – concerns: behaviours",
    ]
    assert framework != default_framework()


def test_missing_ids_names_ids_in_use_that_the_framework_no_longer_knows() -> None:
    council = load_framework(COUNCIL)
    used = ["EX-CON-1", "EX-OLD-7", "ex-old-7", "U-B-01", "GONE-1", "GONE-1", "A-0"]
    assert council.missing_ids(used) == ["A-0", "GONE-1", "U-B-01"]
    assert council.missing_ids([]) == []
    assert default_framework().missing_ids(i.id for i in default_framework().all_indicators()) == []
    assert catalogue.missing_ids(["U-B-01", "EX-CON-1"]) == ["EX-CON-1"]
    renamed = default_framework().with_aliases({"U-B-99": "U-B-01"})
    assert default_framework().missing_ids(["U-B-99", "U-B-02"]) == ["U-B-99"]
    assert renamed.missing_ids(["U-B-99", "U-B-02"]) == []


def test_the_shipped_id_scheme_is_enforced_only_where_declared(tmp_path: Path) -> None:
    error = refused(tmp_path, council_text("format = 1\n", 'format = 1\nid_scheme = "level-kind-number"\n'))
    assert len(error.problems) == 3
    assert all('field "id": malformed ID' in p for p in error.problems)
    shipped = SHIPPED.read_text(encoding="utf-8").replace('id = "U-B-02"', 'id = "U-RA-99"', 1)
    error = refused(tmp_path, shipped)
    assert error.problems == (
        '[[indicators]] #2 (id "U-RA-99"), field "id": ID prefix does not match level/kind (U-B)',
    )


# --- bad files are refused, naming the entry and the field ------------------------------------------


def test_missing_field(tmp_path: Path) -> None:
    error = refused(tmp_path, council_text('label = "Underpass unlit after dark"\n'))
    assert error.problems == ('[[indicators]] #3 (id "EX-CON-2"), field "label": missing',)
    error = refused(tmp_path, council_text('version = "EX-2027.1"\n'))
    assert error.problems == ('field "version": missing',)


def test_duplicate_id(tmp_path: Path) -> None:
    error = refused(tmp_path, council_text('id = "EX-CON-2"', 'id = "EX-CON-1"'))
    assert error.problems == (
        '[[indicators]] #3 (id "EX-CON-1"), field "id": duplicate ID EX-CON-1 (also [[indicators]] #1 '
        '(id "EX-CON-1"))',
        '[retired_aliases], field "EX-OLD-7": alias EX-OLD-7: does not resolve to a current ID (cycle or '
        "unknown EX-CON-2)",
    )
    assert str(error).startswith(f"{tmp_path / 'framework.toml'}: 2 problems:\n  - [[indicators]] #3")


def test_unknown_level(tmp_path: Path) -> None:
    error = refused(tmp_path, council_text('level = "complex"', 'level = "critical"'))
    assert error.problems == (
        '[[indicators]] #1 (id "EX-CON-1"), field "level": must be "universal", "universal_plus" or '
        "\"complex\", not 'critical'",
    )


def test_label_too_long(tmp_path: Path) -> None:
    error = refused(tmp_path, council_text('"Underpass unlit after dark"', '"' + "x" * 76 + '"'))
    assert error.problems == (
        '[[indicators]] #3 (id "EX-CON-2"), field "label": is 76 characters, longer than 75',
    )


def test_positive_on_a_protective_indicator(tmp_path: Path) -> None:
    text = council_text("protective = true\n", 'protective = true\npositive = "Staff keep knowing names"\n')
    error = refused(tmp_path, text)
    assert error.problems == (
        '[[indicators]] #2 (id "EX-SAFE-1"), field "positive": protective indicator has a positive '
        "restatement (only concerns do)",
    )


def test_concern_without_positive_and_protective_concern(tmp_path: Path) -> None:
    text = council_text('positive = "The underpass is well lit after dark"\n')
    text = text.replace('protective = false\npositive = "No adult', 'protective = true\npositive = "No adult')
    problems = refused(tmp_path, text).problems
    assert '[[indicators]] #3 (id "EX-CON-2"), field "positive": concern needs a positive' in problems[-1]
    assert any('#1 (id "EX-CON-1"), field "protective": only Universal' in p for p in problems)


def test_malformed_toml(tmp_path: Path) -> None:
    error = refused(tmp_path, council_text('label = "Underpass unlit after dark"', 'label = "Underpass'))
    assert len(error.problems) == 1
    assert error.problems[0].startswith("is not valid TOML: ")
    assert "line 37" in error.problems[0]


def test_unknown_field_wrong_type_and_several_problems_at_once(tmp_path: Path) -> None:
    text = council_text('positive = "No adult', 'postive = "No adult')
    text = text.replace("protective = true", 'protective = "yes"').replace("format = 1", "format = 2")
    error = refused(tmp_path, text)
    assert error.problems == (
        'field "format": must be 1, not 2',
        '[[indicators]] #1 (id "EX-CON-1"), field "postive": unknown field (expected "id", "level", "kind", '
        '"text", "label", "protective", "positive" or "seed_text")',
        '[[indicators]] #2 (id "EX-SAFE-1"), field "protective": must be true or false, not a string',
    )
    assert str(error).count("\n  - ") == 3


def test_ids_and_version_must_fit_lookups_and_storage(tmp_path: Path) -> None:
    error = refused(tmp_path, council_text('id = "EX-CON-1"', 'id = "ex-con-1"'))
    assert error.problems == (
        '[[indicators]] #1 (id "ex-con-1"), field "id": malformed ID \'ex-con-1\' (expected 1-32 upper-case '
        "letters and digits)",
    )
    error = refused(tmp_path, council_text('version = "EX-2027.1"', 'version = "2027.1-council-extra"'))
    assert error.problems == ('field "version": is 20 characters, longer than 16',)


def test_aliases_must_resolve(tmp_path: Path) -> None:
    text = council_text('"EX-OLD-7" = "EX-CON-2"', '"EX-OLD-7" = "EX-OLD-8"\n"EX-OLD-8" = "EX-OLD-7"')
    problems = refused(tmp_path, text).problems
    assert len(problems) == 2 and all("cycle" in p for p in problems)
    problems = refused(tmp_path, council_text('"EX-OLD-7" = "EX-CON-2"', '"EX-CON-1" = "EX-CON-2"')).problems
    assert problems == (
        '[retired_aliases], field "EX-CON-1": alias EX-CON-1: a retired ID must not also be a current ID',
    )


def universal_signs(count: int) -> str:
    """A framework file with ``count`` Universal indicators."""
    entries = "".join(
        f'[[indicators]]\nid = "U-{n}"\nlevel = "universal"\nkind = "behaviour"\ntext = "Sign {n}"\n'
        f'label = "Sign {n}"\nprotective = true\nseed_text = ["Sign {n}"]\n\n'
        for n in range(count)
    )
    return f'format = 1\nname = "Big"\nversion = "1"\n\n{entries}'


def test_a_level_must_fit_in_one_slack_select(tmp_path: Path) -> None:
    error = refused(tmp_path, universal_signs(101))
    assert error.problems == (
        'level "universal": 101 indicators, more than the 100 options a form\'s Slack select for one level '
        "can hold",
    )
    (tmp_path / "fits.toml").write_text(universal_signs(100), encoding="utf-8")
    framework = load_framework(tmp_path / "fits.toml")
    assert [len(members) for _, members in framework.option_groups()] == [100]


def test_no_indicators_unreadable_or_not_utf8(tmp_path: Path) -> None:
    error = refused(tmp_path, 'format = 1\nname = "Empty"\nversion = "1"\nindicators = []\n')
    assert error.problems == ('field "indicators": lists no indicator (add [[indicators]] entries)',)
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(FrameworkError, match=r"nowhere\.toml: cannot be read"):
        load_framework(missing)
    binary = tmp_path / "latin1.toml"
    binary.write_bytes('name = "Café"'.encode("latin-1"))
    with pytest.raises(FrameworkError, match="is not UTF-8 text"):
        load_framework(binary)
    assert isinstance(FrameworkError("x", ["y"]), ValueError)
