"""One crawl at a time per archive: an advisory lock file beside the database.

Schedulers (cron, systemd timers) may start a crawl while the previous one still runs; the
second must leave at once rather than interleave writes. The lock is released by the kernel
when the process dies, so a killed crawl never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

EXIT_LOCKED = 75  # EX_TEMPFAIL: "try again later", what schedulers expect


class Locked(RuntimeError):
    """Another process holds the lock; the message names it."""


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise Locked(f"another crawl is running on this archive (pid {holder}, lock "
                         f"{self.path}); try again when it has finished") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
