"""One way to start a server process for tests, the browser suites and the benchmarks:
spawn it, wait until `/healthz` answers, stop it (terminate, then kill) afterwards.

Why one: the three copies this replaces had drifted (different start-up deadlines, one
kept the output, one lost it, one never killed a server that ignored SIGTERM).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def launched(
    argv: list[str],
    *,
    port: int,
    env: dict[str, str],
    log_path: Path | None = None,
    startup_seconds: float = 30,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `argv` (a server listening on `port`) until the block ends.

    Its output goes to `log_path` (a temporary file when None) and is quoted in the error
    when the server exits or does not answer `/healthz` within `startup_seconds`.
    """
    with contextlib.ExitStack() as stack:
        if log_path is None:
            log_path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "server.log"
        log = stack.enter_context(log_path.open("wb"))
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(f"http://127.0.0.1:{port}", process, log_path, startup_seconds)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(
    base_url: str, process: subprocess.Popen[bytes], log_path: Path, seconds: float
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{_tail(log_path)}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not answer /healthz in {seconds:.0f} s:\n{_tail(log_path)}")


def _tail(path: Path, limit: int = 4000) -> str:
    return path.read_text(errors="replace")[-limit:] if path.exists() else ""
