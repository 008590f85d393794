"""`qsm serve` with WORKERS=N > 1: N server processes that really share the load.

uvicorn's own `workers=N` binds one socket in the parent and lets every child accept on it;
with keep-alive clients one process takes almost every connection (WORKERS=2 measured
1.01-1.07x one worker, issue 15). Here each process binds its *own* listening socket on the
same address with `SO_REUSEPORT`, and the kernel spreads new connections over them (by a
hash of the client's address and port), so two processes measured 1.2x.

What stays as with one process: each process runs the app's lifespan (its own pools, its
own change-feed listener); SIGTERM / SIGINT stop every process gracefully (open requests get
`timeout_graceful_shutdown` seconds); a process that dies is started again; the proxy
options are each process's. Log lines carry the process id (`[pid]`), the one way to tell
which process served a request: nothing about it is ever sent to clients.

A port already in use is refused before any process starts (SO_REUSEPORT would otherwise
let a leftover server silently share it).
"""

from __future__ import annotations

import copy
import logging
import logging.config
import multiprocessing
import signal
import socket
import threading
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG

APP = "web.asgi:app"
log = logging.getLogger("uvicorn.error")


class PortInUse(Exception):
    """Another process listens on the address already."""


def log_config_with_pids() -> dict[str, Any]:
    """uvicorn's log configuration, each line prefixed with its process id."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["default"]["fmt"] = "%(levelprefix)s [%(process)d] %(message)s"
    config["formatters"]["access"]["fmt"] = (
        '%(levelprefix)s [%(process)d] %(client_addr)s - "%(request_line)s" %(status_code)s'
    )
    return config


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def check_port_free(host: str, port: int) -> None:
    """Bind once without SO_REUSEPORT: it fails when anything already listens there."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUse(f"{host}:{port} is already in use ({error.strerror})") from None


def reuseport_socket(host: str, port: int) -> socket.socket:
    """This process's own listening socket on the shared address."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _serve_one(options: dict[str, Any]) -> None:
    """One server process (spawned): its socket, its app, its lifespan."""
    config = uvicorn.Config(APP, **options)
    sock = reuseport_socket(config.host, config.port)
    uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    """Starts `workers` processes, restarts one that dies, stops all on SIGTERM / SIGINT."""

    def __init__(self, options: dict[str, Any], workers: int) -> None:
        self.options = {**options, "log_config": log_config_with_pids()}
        self.workers = workers
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[BaseProcess] = []
        self.stopping = threading.Event()

    def _start(self) -> BaseProcess:
        process = self.context.Process(target=_serve_one, args=(self.options,), daemon=False)
        process.start()
        return process

    def _stop(self, signum: int, _frame: object) -> None:
        self.stopping.set()

    def run(self) -> None:
        logging.config.dictConfig(self.options["log_config"])
        log.setLevel(str(self.options.get("log_level", "info")).upper())
        check_port_free(self.options["host"], self.options["port"])
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._stop)
        self.processes = [self._start() for _ in range(self.workers)]
        log.info("serving with %d processes sharing the port (SO_REUSEPORT)", self.workers)
        while not self.stopping.wait(0.5):
            for index, process in enumerate(self.processes):
                if not process.is_alive():
                    log.warning(
                        "server process %s exited (%s); starting another",
                        process.pid,
                        process.exitcode,
                    )
                    self.processes[index] = self._start()
        self.shutdown()

    def shutdown(self) -> None:
        grace = float(self.options.get("timeout_graceful_shutdown") or 0) + 5
        for process in self.processes:
            if process.is_alive() and process.pid:
                process.terminate()  # SIGTERM: uvicorn's graceful shutdown
        for process in self.processes:
            process.join(grace)
            if process.is_alive():
                process.kill()
                process.join()


def serve(options: dict[str, Any], workers: int) -> None:
    """Serve the app with `options` (uvicorn.Config's) in `workers` processes."""
    if workers <= 1:
        uvicorn.run(APP, workers=1, **options)
        return
    Supervisor(options, workers).run()
