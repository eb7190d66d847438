"""Replay the Dockerfile's build stage on this machine, since CI cannot build images.

Usage: python3 .ci/replay_build_stage.py VENV

Reads the first stage of ./Dockerfile and carries out its instructions in order: COPY into a fresh build
folder (standing for its WORKDIR), ENV, WORKDIR, and RUN with bash, with VIRTUAL_ENV pointing at VENV
instead of the image's path (and pip's cache allowed), and `python` meaning this Python. Any other
instruction in that stage fails the replay, so the Dockerfile cannot grow a step that CI silently skips.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """The (KEYWORD, arguments) of every instruction, continuation lines joined and comments dropped."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in dockerfile.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, rest = (pending + line).partition(" ")
        result.append((keyword.upper(), rest.strip()))
        pending = ""
    return result


def build_stage(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The instructions of the first stage (after its FROM, before the next FROM)."""
    froms = [i for i, (keyword, _) in enumerate(steps) if keyword == "FROM"]
    end = froms[1] if len(froms) > 1 else len(steps)
    return steps[froms[0] + 1 : end]


def _copy(args: str, workdir: Path) -> None:
    *sources, dest = shlex.split(args)
    target = workdir / dest
    for source in sources:
        path = ROOT / source
        into = target / path.name if dest.endswith("/") or len(sources) > 1 else target
        if path.is_dir():
            shutil.copytree(path, into, ignore=IGNORED)
        else:
            into.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, into)


def replay(venv: Path) -> None:
    """Carry out the build stage with VIRTUAL_ENV=venv."""
    build = Path(tempfile.mkdtemp(prefix="efrp-image-build-"))
    env = dict(os.environ)
    python = f'python() {{ {shlex.quote(sys.executable)} "$@"; }}; '  # the image's `python`
    workdir = build
    try:
        for keyword, args in build_stage(instructions(ROOT / "Dockerfile")):
            print(f"-- {keyword} {args}", flush=True)
            if keyword == "ENV":
                for pair in shlex.split(args):
                    key, _, value = pair.partition("=")
                    env[key] = value
                env["VIRTUAL_ENV"] = str(venv)
                env.pop("PIP_NO_CACHE_DIR", None)  # the image keeps no cache; CI reuses its own
            elif keyword == "WORKDIR":
                workdir = build / args.lstrip("/")
                workdir.mkdir(parents=True, exist_ok=True)
            elif keyword == "COPY":
                _copy(args, workdir)
            elif keyword == "RUN":
                command = ["bash", "-euo", "pipefail", "-c", python + args]
                subprocess.run(command, cwd=workdir, env=env, check=True)
            else:
                raise SystemExit(f"replay_build_stage: no replay for {keyword} in the build stage")
    finally:
        shutil.rmtree(build, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    replay(Path(sys.argv[1]).resolve())
