"""Names for the instances of the bot that claim work in a store, and telling when one is gone.

An owner is ``host:pid:started:random``: the machine, the process, when that process started
(so a later process given the same id, as in a container where the bot is always process 1, is
told apart) and a random part (so two stores opened in one process are two owners). A claim
expires by itself when its owner stops renewing it; an owner on this machine whose process no
longer runs is known to be gone at once, so a restart after a crash need not wait for that.
"""

from __future__ import annotations

import os
import secrets
import socket
from functools import cache


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_started(os.getpid()) or 0}:{secrets.token_hex(3)}"


def gone(owner: str) -> bool:
    """True when ``owner`` is certainly not running: a process of this machine that ended."""
    parts = owner.split(":")
    if len(parts) < 4 or ":".join(parts[:-3]) != socket.gethostname():
        return False  # another machine (or not one of these names): wait for its claims to expire
    try:
        pid, started = int(parts[-3]), int(parts[-2])
    except ValueError:
        return False
    if not _running(pid):
        return True
    now = _started(pid)
    return bool(started and now and now != started)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


@cache
def _own_start() -> int | None:
    return _read_start(os.getpid())


def _started(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (Linux); None elsewhere."""
    return _own_start() if pid == os.getpid() else _read_start(pid)


def _read_start(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[19])  # field 22 of the line; the first two end at the ")"
    except (OSError, IndexError, ValueError):
        return None
