"""Background priority for the processes that build export files (docs/exports.md).

Why not just `nice`: a niced process still takes its share of a core the server could
use, and on two cores shared by the server, its clients and the database the export was
one suspect for a small query's tail during an export (docs/benchmarks.md, "Exports").
Under Linux's `SCHED_IDLE` a process runs only when a core would otherwise idle, and a
waking server preempts it at once; idle I/O priority (`ioprio_set`, IOPRIO_CLASS_IDLE)
does the same for its disk reads and writes. The trade-off: on a machine whose cores never
idle, the export waits until they do (a busy-looping neighbour starves it).

Elsewhere (not Linux, or a kernel that refuses) the process falls back to
`policy.EXPORT_PROCESS_NICENESS`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import signal

from models import policy

#: ioprio_set's number per architecture (Linux's syscall tables); others skip it.
_IOPRIO_SET = {"x86_64": 251, "aarch64": 30, "i686": 289, "armv7l": 314}
_IOPRIO_WHO_PROCESS = 1
_IOPRIO_CLASS_IDLE = 3
_IOPRIO_CLASS_SHIFT = 13
_PR_SET_PDEATHSIG = 1


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def idle_io() -> bool:
    """This process's disk I/O at idle priority; False where it cannot be set."""
    number = _IOPRIO_SET.get(platform.machine())
    libc = _libc()
    if number is None or libc is None:
        return False
    value = _IOPRIO_CLASS_IDLE << _IOPRIO_CLASS_SHIFT
    return libc.syscall(number, _IOPRIO_WHO_PROCESS, 0, value) == 0


def idle_cpu() -> str:
    """This process's CPU at `SCHED_IDLE`, else niced; returns which one it got."""
    if hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return "idle"
        except OSError:
            pass
    os.nice(policy.EXPORT_PROCESS_NICENESS)
    return "nice"


def confine(pid: int = 0) -> set[int] | None:
    """Keep a process (0: this one) on the last `policy.EXPORT_CPUS` CPUs it may use;
    returns them, or None where there are no more CPUs than that (or no affinity call).

    Why, on top of SCHED_IDLE: a background process free to move is pulled by the
    scheduler's idle balancing onto whichever core idles for a moment, such as the
    serving process's core between a client's request and the server's wake-up; the
    server then waits for it to leave, on a kernel without full preemption until its
    system call returns. Measured with any busy background process (an XlsxWriter loop,
    a SQLite reader): `viewer`'s p99 2.8-3.7 ms free to move, 1.0-1.1 ms kept on one core,
    1.3 ms with nothing beside it (docs/exports.md)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        cpus = sorted(os.sched_getaffinity(pid))
        if len(cpus) <= policy.EXPORT_CPUS:
            return None
        chosen = set(cpus[-policy.EXPORT_CPUS :])
        os.sched_setaffinity(pid, chosen)
    except OSError:  # gone already, or a sandbox that refuses
        return None
    return chosen


def lower(pid: int) -> None:
    """Another process of ours (just started) to SCHED_IDLE and idle I/O on its own core,
    from the outside: its interpreter start and imports then already run only on idle
    cores."""
    confine(pid)
    number = _IOPRIO_SET.get(platform.machine())
    libc = _libc()
    if number is not None and libc is not None:
        libc.syscall(number, _IOPRIO_WHO_PROCESS, pid, _IOPRIO_CLASS_IDLE << _IOPRIO_CLASS_SHIFT)
    try:
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, policy.EXPORT_PROCESS_NICENESS)


def die_with_parent() -> None:
    """Be killed when the process that started this one dies (Linux): a server or worker
    killed mid-export must not leave an orphan writing a file nobody waits for (the
    job goes back to the queue and is built again). The kernel's "parent" is the thread
    that started the process: the pools are started from the event loop's thread, which
    lives as long as the process."""
    libc = _libc()
    if libc is not None and platform.system() == "Linux":
        with contextlib.suppress(AttributeError):
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def become_background() -> str:
    """Everything above, for an export process's start: one core, CPU and disk only
    when idle."""
    die_with_parent()
    confine()
    idle_io()
    return idle_cpu()
