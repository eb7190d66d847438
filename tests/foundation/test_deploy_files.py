"""The deployment files keep their promises: Dockerfile, compose.yaml, the systemd unit, the lock, CI's gates.

CI cannot build the image; it lints the Dockerfile with hadolint and replays its build stage. These tests
hold the rules that matter for a council's IT team and check the HEALTHCHECK against a real `efrp serve`.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import yaml
from packaging.requirements import Requirement

from bot.standin.server import SlackStandin
from tests.process import ROOT, ServeProcess, bot_env, free_port


def ci_module(name: str) -> ModuleType:
    """A script under .ci/, imported by path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / ".ci" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, parsed as CI's replay parses them."""
    parsed: list[tuple[str, str]] = ci_module("replay_build_stage").instructions(ROOT / "Dockerfile")
    return parsed


def lock_pins() -> dict[str, str]:
    """Locked distribution name (normalised) -> version."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


# --- Dockerfile ----------------------------------------------------------------------------------


def test_dockerfile_runtime_rules() -> None:
    steps = dockerfile()
    froms = [args for keyword, args in steps if keyword == "FROM"]
    args = dict(a.split("=", 1) for keyword, a in steps if keyword == "ARG" and "=" in a)
    base = args["PYTHON_IMAGE"]
    assert re.fullmatch(r"python:3\.\d+-slim(-\w+)?", base), base  # a slim Python base with a tag
    assert all(f.startswith("${PYTHON_IMAGE}") for f in froms) and len(froms) == 2
    runtime = steps[[k for k, _ in steps].index("FROM", 1) :]  # the final stage
    user = [a for k, a in runtime if k == "USER"]
    assert user and user[-1].split(":")[0] not in ("0", "root")
    assert ("ENTRYPOINT", '["efrp"]') in runtime
    cmd = json.loads(next(a for k, a in runtime if k == "CMD"))
    assert cmd[0] == "serve" and "--host" in cmd and "0.0.0.0" in cmd
    healthcheck = next(a for k, a in runtime if k == "HEALTHCHECK")
    assert "/healthz" in healthcheck and "CMD" in healthcheck


def test_dockerfile_installs_from_the_lock_and_copies_every_package() -> None:
    build = ci_module("replay_build_stage").build_stage(dockerfile())
    runs = " ".join(a for k, a in build if k == "RUN")
    assert "--require-hashes" in runs and "-r requirements.lock" in runs and "--no-deps ." in runs
    assert {k for k, _ in build} <= {"COPY", "ENV", "WORKDIR", "RUN"}  # all replayable by CI
    copied = {Path(src).name for k, a in build if k == "COPY" for src in shlex.split(a)[:-1]}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert packages | {"requirements.lock", "pyproject.toml", project["project"]["readme"]} <= copied
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "*" in ignored and {f"!{p}/" for p in packages} <= set(ignored)


def test_the_healthcheck_command_passes_on_a_serving_bot_and_fails_without(
    standin: SlackStandin, database_url: str
) -> None:
    healthcheck = next(a for k, a in dockerfile() if k == "HEALTHCHECK")
    command = json.loads(healthcheck[healthcheck.index("CMD") + 3 :])
    assert command[:2] == ["python", "-c"]
    served = ServeProcess(bot_env(standin, database_url))
    try:
        served.wait_ready()
        probe = command[2].replace(":3000/", f":{served.port}/")
        assert subprocess.run([sys.executable, "-c", probe], timeout=30).returncode == 0
    finally:
        served.kill()
    closed = command[2].replace(":3000/", f":{free_port()}/")
    assert subprocess.run([sys.executable, "-c", closed], capture_output=True, timeout=30).returncode != 0


# --- compose.yaml ------------------------------------------------------------------------------


def test_compose_runs_the_migration_once_before_two_replicas() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:") and "healthcheck" in services["db"]
    migrate = services["migrate"]
    assert migrate["command"] == ["db", "upgrade"] and migrate["restart"] == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    replicas = {name: s for name, s in services.items() if s.get("command", [None])[0] == "serve"}
    assert len(replicas) == 2
    for name, service in replicas.items():
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
        assert service["image"] == migrate["image"], name
        url = service["environment"]["EFRP_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://") and url.endswith("@db:5432/efrp"), name


# --- systemd -------------------------------------------------------------------------------------


def test_systemd_unit_example() -> None:
    unit = (ROOT / "docs" / "efrp.service").read_text()
    settings = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and not line.startswith("#")
    )
    assert settings["User"] == "efrp"
    assert settings["ExecStart"].split()[:2] == ["/opt/efrp/bin/efrp", "serve"]
    assert settings["ExecStartPre"] == "/opt/efrp/bin/efrp db upgrade"
    assert settings["EnvironmentFile"].startswith("/etc/efrp/")
    assert settings["KillSignal"] == "SIGTERM" and settings["NoNewPrivileges"] == "yes"


# --- the lock ------------------------------------------------------------------------------------


def test_lock_pins_every_dependency_within_pyproject_with_hashes() -> None:
    pins = lock_pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for dependency in project["project"]["dependencies"]:
        requirement = Requirement(dependency)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{name} is not in requirements.lock: re-lock (docs/operations.md)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])
    text = (ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)  # one entry per pinned package, hashes included
    pinned = [entry for entry in entries if re.match(r"^[A-Za-z0-9].*==", entry)]
    assert len(pinned) == len(pins) and all("--hash=sha256:" in entry for entry in pinned)
    assert "pip-compile --generate-hashes" in text and "--index-url" not in text


# --- CI's pip-audit gate -------------------------------------------------------------------------


def test_audit_gate_fails_on_a_vulnerability_and_not_on_an_unreachable_database() -> None:
    verdict = ci_module("audit_gate").verdict
    vulnerable = {
        "dependencies": [
            {
                "name": "jinja2",
                "version": "3.1.2",
                "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
            },
            {"name": "alembic", "version": "1.20.1", "vulns": []},
        ]
    }
    status, lines = verdict(1, json.dumps(vulnerable), "")
    assert status == 1 and any(
        "VULNERABLE jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in x for x in lines
    )
    clean = {"dependencies": [{"name": "alembic", "version": "1.20.1", "vulns": []}]}
    assert verdict(0, json.dumps(clean), "")[0] == 0
    skipped = {"dependencies": [{"name": "alembic", "skip_reason": "Dependency not found on PyPI"}]}
    status, lines = verdict(0, json.dumps(skipped), "")
    assert status == 0 and "could not check 1 of 1" in lines[0]
    status, lines = verdict(1, None, "requests.exceptions.ConnectionError: Max retries exceeded with url")
    assert status == 0 and "could not reach its advisory database" in lines[0]
    status, lines = verdict(1, None, "ERROR: requirement file contains invalid specifier")
    assert status == 1
