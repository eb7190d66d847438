"""Run `efrp` commands as forks of one process that has imported the app once.

Every command a test runs is still a process of its own: its own environment, working directory, umask,
stdin, stdout and stderr, and a real exit status (a negative one when a signal ended it), entered through
`bot.cli.main` as `python -m bot.cli` enters it. What it shares with the others is the interpreter's start
and the import of the app's modules, which cost most of the CPU of a short command and none of its
behaviour: nothing in the app works at import time (`tests/test_house.py` checks it on this very preload),
so a module imported before the fork is the module the command would have imported.

The server (`python -m tests.cli_forks SOCKET`) preloads the modules, then forks a child for each request on
its Unix socket and reports the child's exit status on the same connection. It is single-threaded, so forking
it is safe, and it exits when the test process that started it goes away (its stdin closes).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Imported whole before any fork: the packages whose modules the commands import lazily. Alembic loads the
# migration scripts itself, from their files, when a command runs them.
PRELOAD = ("bot", "handlers", "storage")
SKIP = ("storage.migrations",)


def preload() -> None:
    """Import every module of the app's packages (none does work at import time)."""
    import importlib
    import pkgutil

    for name in PRELOAD:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if not info.name.endswith("__main__") and not info.name.startswith(SKIP):
                importlib.import_module(info.name)
    import alembic.command  # noqa: F401  the schema commands' own imports
    import holidays.countries  # noqa: F401  the bank holidays the settings load
    import weasyprint  # noqa: F401  PDF exports


def _serve(path: str) -> dict[str, Any]:
    """Accept requests until stdin closes; return the request to run in a forked child."""
    preload()
    # What the preload made lives on in every child: out of the collector's sight, each child's collections
    # (and its exit's) walk only what the command made, and leave the shared pages unwritten.
    gc.collect()
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = socket.socketpair()
    wake_w.setblocking(False)
    signal.set_wakeup_fd(wake_w.fileno())
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the selector
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(wake_r, selectors.EVENT_READ, "child")
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
    running: dict[int, socket.socket] = {}
    print("ready", flush=True)
    while True:
        for key, _ in sel.select():
            if key.data == "parent":  # the test process is gone
                os.unlink(path)
                os.rmdir(os.path.dirname(path))
                sys.exit(0)
            if key.data == "child":
                wake_r.recv(4096)
                _reap(running)
                continue
            conn, _ = listener.accept()
            request = json.loads(conn.makefile("r", encoding="utf-8").readline())
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                sel.close()
                for sock in (listener, wake_r, wake_w, conn, *running.values()):
                    sock.close()
                return request
            running[pid] = conn
            conn.sendall(f"{pid}\n".encode())


def _reap(running: dict[int, socket.socket]) -> None:
    """Report the exit status of every child that has ended."""
    for pid in list(running):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            conn = running.pop(pid)
            code = os.waitstatus_to_exitcode(status)
            with contextlib.suppress(OSError):  # the test gave up waiting
                conn.sendall(f"{code}\n".encode())
            conn.close()


def _enter(request: dict[str, Any]) -> None:
    """Become the command's process: its files, environment, directory and umask."""
    for fd, (name, flags) in enumerate(
        (("stdin", os.O_RDONLY), ("stdout", os.O_WRONLY), ("stderr", os.O_WRONLY))
    ):
        opened = os.open(request[name], flags)
        os.dup2(opened, fd)
        os.close(opened)
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    sys.argv = [str(Path(sys.executable).parent / "efrp"), *request["argv"]]


def run(
    argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float, input_text: str | None
) -> subprocess.CompletedProcess[str]:
    """Run `efrp ARGV` in a fork of this test process's server, as subprocess.run would."""
    with tempfile.TemporaryDirectory(prefix="efrp-cli-") as tmp:
        files = {name: Path(tmp, name) for name in ("stdin", "stdout", "stderr")}
        files["stdin"].write_text(input_text or "", encoding="utf-8")
        files["stdout"].touch()
        files["stderr"].touch()
        umask = os.umask(0o022)
        os.umask(umask)
        request = {
            "argv": argv,
            "env": env,
            "cwd": str(cwd),
            "umask": umask,
            **{name: str(path) for name, path in files.items()},
        }
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(_server())
            conn.sendall((json.dumps(request) + "\n").encode())
            reply = conn.makefile("r", encoding="utf-8")
            pid = int(reply.readline())
            conn.settimeout(timeout)
            try:
                line = reply.readline()
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                raise subprocess.TimeoutExpired(["efrp", *argv], timeout) from None
        out, err = (files[n].read_text(encoding="utf-8") for n in ("stdout", "stderr"))
        return subprocess.CompletedProcess(["efrp", *argv], int(line), out, err)


_lock = threading.Lock()
_started: dict[int, tuple[subprocess.Popen[str], str]] = {}


def _server() -> str:
    """The socket of this test process's server, started on first use."""
    with _lock:
        found = _started.get(os.getpid())
        if found is not None and found[0].poll() is None:
            return found[1]
        path = os.path.join(tempfile.mkdtemp(prefix="efrp-forks-"), "socket")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "EFRP_"))}
        env["PYTHONPATH"] = str(ROOT)
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.cli_forks", path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            text=True,
        )
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the efrp fork server did not start (status {proc.wait()})")
        _started[os.getpid()] = (proc, path)
        return path


if __name__ == "__main__":
    _enter(_serve(sys.argv[1]))
    from bot.cli import main

    sys.exit(main(sys.argv[1:]))
