"""The house rules a reader relies on, checked on the code itself: small modules and functions, explicit
imports only, and a domain that needs nothing but the standard library."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "handlers", "storage", "bench")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules(*roots: str) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        found += [p for p in (ROOT / root).rglob("*.py") if "migrations/versions" not in p.as_posix()]
    return sorted(found)


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_there_are_modules_to_check() -> None:
    assert len(_modules(*PRODUCT)) > 50


@pytest.mark.parametrize("path", _modules(*PRODUCT), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modules_and_functions_are_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES, f"{path.name} has over {MAX_MODULE_LINES} lines"
    long = [
        f"{f.name} ({(f.end_lineno or f.lineno) - f.lineno + 1} lines)"
        for f in _functions(ast.parse(source))
        if (f.end_lineno or f.lineno) - f.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_nothing_is_loaded_by_name() -> None:
    offenders = []
    for path in _modules("bot", "handlers", "storage"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = ""
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                name = node.func.id
            if name in ("import_module", "__import__"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"modules loaded by name: {offenders}"


def test_the_domain_needs_only_the_standard_library() -> None:
    outside = set()
    for path in _modules("bot/domain"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and not name.startswith("bot.domain"):
                    outside.add(f"{path.relative_to(ROOT)}: {name}")
    assert not outside, sorted(outside)


def test_tests_use_fakes_not_patches() -> None:
    patched = [
        p.relative_to(ROOT).as_posix()
        for p in _modules("tests")
        if p.name != "test_house.py"
        and ("mock.patch" in p.read_text() or "monkeypatch.setattr" in p.read_text())
    ]
    assert not patched, patched


def test_importing_every_module_does_no_work(tmp_path: Path) -> None:
    """No thread, file, setting or connection at import time (what `tests/cli_forks.py` relies on)."""
    code = (
        "import sys, threading; sys.path.insert(0, sys.argv[1])\n"
        "from tests.cli_forks import preload\n"
        "preload()\n"
        "assert threading.active_count() == 1, threading.enumerate()\n"
        "assert not [m for m in sys.modules if m.startswith('tests.') and m != 'tests.cli_forks']\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "EFRP_"))}
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and list(tmp_path.iterdir()) == []  # nothing printed, nothing written


def test_no_symlink_is_committed() -> None:
    """A committed link (to a local virtual environment, say) means nothing in a fresh clone."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    links = [line.split("\t", 1)[1] for line in listed if line.startswith("120000 ")]
    assert links == [], f"symlinks in the repository: {links}"
