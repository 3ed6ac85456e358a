"""One writer per output folder: `run`, `build` and `mail --send` hold its lock.

Two builds into one folder would leave matrix.xlsx from one and the agency workbooks from
the other; two sends would mail every bureau twice. The lock is the operating system's
(filelock: fcntl on Linux and macOS, msvcrt on Windows), so a process that dies releases
it and a lock is never stale; beside it a small file says who holds it, for the message
the second command prints.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from .errors import MatrixError
from .fileio import sweep_leftovers
from .i18n import _
from .layout import Layout


def _holder(folder: Path) -> dict:
    try:
        return json.loads(Layout(folder).lock_holder.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _acquire(lock: FileLock, folder: Path) -> bool:
    """Take the lock; if it is held, True still if it is let go within a moment while its
    holder has not (yet, or any more) said who it is: one that is starting or finishing."""
    try:
        lock.acquire()
        return True
    except Timeout:
        pass
    for _try in range(40):
        if _holder(folder):
            return False
        try:
            lock.acquire(timeout=0.05)
            return True
        except Timeout:
            continue
    return False


@contextlib.contextmanager
def workspace(folder: Path, command: str, wait: float = 0) -> Iterator[None]:
    """Hold the output folder's lock while the block runs; if another command holds it,
    wait up to `wait` seconds, then raise MatrixError naming the holder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(Layout(folder).lock), timeout=wait)
    if not _acquire(lock, folder):
        h = _holder(folder)
        if not h:
            raise MatrixError(_("the output folder is in use by another matrix command; try "
                                "again when it has finished"), str(folder))
        since = h.get("started", "?")
        raise MatrixError(
            _("the output folder is in use by `matrix {command}` (process {pid} on {host}, "
              "since {since}); try again when it has finished").format(
                command=h.get("command", "?"), pid=h.get("pid", "?"),
                host=h.get("host", "?"), since=since),
            str(folder)) from None
    try:
        info = {"command": command, "pid": os.getpid(), "host": socket.gethostname(),
                "started": time.strftime("%Y-%m-%d %H:%M:%S")}
        with contextlib.suppress(OSError):
            Layout(folder).lock_holder.write_text(json.dumps(info, ensure_ascii=False),
                                                  encoding="utf-8")
        # Files a killed command was writing (half a matrix.xlsx): none of ours is being
        # written now, and `parse` (which takes no lock) is told apart by its live pid.
        sweep_leftovers(folder)
        yield
    finally:
        with contextlib.suppress(OSError):
            Layout(folder).lock_holder.unlink()
        lock.release()
