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
import select
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


class Forked:
    """`efrp ARGV` running in a fork of this test process's server: the part of subprocess.Popen tests use."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path, input_text: str | None = None):
        self.args = ["efrp", *argv]
        self.returncode: int | None = None
        self._output: tuple[str, str] | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="efrp-cli-")
        self._files = {name: Path(self._tmp.name, name) for name in ("stdin", "stdout", "stderr")}
        self._files["stdin"].write_text(input_text or "", encoding="utf-8")
        self._files["stdout"].touch()
        self._files["stderr"].touch()
        umask = os.umask(0o022)
        os.umask(umask)
        request = {"argv": argv, "env": env, "cwd": str(cwd), "umask": umask}
        request.update({name: str(path) for name, path in self._files.items()})
        self._conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._conn.connect(_server())
        self._conn.sendall((json.dumps(request) + "\n").encode())
        self._got = b""
        pid = self._line(timeout=60)
        if pid is None:
            raise RuntimeError("the efrp fork server did not answer")
        self.pid = int(pid)

    def poll(self) -> int | None:
        """The exit status if the process has ended, else None."""
        if self.returncode is None:
            self._ended(timeout=0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the process to end; its exit status (negative: the signal that ended it)."""
        if self.returncode is None:
            self._ended(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return self.returncode

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        """Wait for the end; what the process wrote to stdout and stderr."""
        self.wait(timeout)
        if self._output is None:
            read = (self._files[n].read_text(encoding="utf-8") for n in ("stdout", "stderr"))
            self._output = (next(read), next(read))
            self._tmp.cleanup()
        return self._output

    def send_signal(self, sig: int) -> None:
        """Signal the process, unless it has already ended."""
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        """SIGKILL, as Popen.kill."""
        self.send_signal(signal.SIGKILL)

    def _ended(self, timeout: float | None) -> None:
        status = self._line(timeout)
        if status is not None:
            self.returncode = int(status)
            self._conn.close()

    def _line(self, timeout: float | None) -> str | None:
        """The server's next line, or None if none came within `timeout` seconds."""
        # Unbuffered: a buffered reader could take the exit status along with the PID, and select() would
        # then wait on a socket with nothing left in it.
        while b"\n" not in self._got:
            if not select.select([self._conn], [], [], timeout)[0]:
                return None
            chunk = self._conn.recv(256)
            if not chunk:
                raise RuntimeError(f"the efrp fork server went away while {self.args} ran")
            self._got += chunk
        line, _, self._got = self._got.partition(b"\n")
        return line.decode()


def run(
    argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float, input_text: str | None
) -> subprocess.CompletedProcess[str]:
    """Run `efrp ARGV` to its end in a fork of this test process's server, as subprocess.run would."""
    forked = Forked(argv, env=env, cwd=cwd, input_text=input_text)
    try:
        out, err = forked.communicate(timeout)
    except subprocess.TimeoutExpired:
        forked.kill()
        forked.communicate()
        raise
    assert forked.returncode is not None
    return subprocess.CompletedProcess(forked.args, forked.returncode, out, err)


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
