"""A private PostgreSQL cluster on a free port that a test may stop and start again.

Why not the machine's server: an outage test has to stop PostgreSQL, and the shared one
serves every other test. initdb + pg_ctl take ~2 s. PostgreSQL refuses to run as root, so
as root the cluster runs as the `postgres` user (runuser).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.launcher import free_port


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None when there is none."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    found = [Path(p) for p in candidates if (Path(p) / "pg_ctl").exists()]
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class Cluster:
    bindir: Path
    root: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")


@contextlib.contextmanager
def private_cluster() -> Iterator[Cluster]:
    """initdb + start; stops the server and removes its files afterwards."""
    bindir = postgres_bindir()
    assert bindir is not None, "call only when postgres_bindir() found the binaries"
    root = Path(tempfile.mkdtemp(prefix="qsm_pg_"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    cluster = Cluster(bindir, root, free_port(), as_user)
    try:
        subprocess.run(
            [
                *as_user,
                str(bindir / "initdb"),
                "-D",
                str(cluster.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            cluster._pg_ctl("-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
