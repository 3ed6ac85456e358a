"""A second process that holds an output folder's lock, for the tests of one writer at a time."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HOLD = """
import sys, time, pathlib
from matrix import lock
out, flag = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
with lock.workspace(out, sys.argv[3]):
    flag.write_text("held")
    while flag.exists():
        time.sleep(0.05)
"""


def hold(out: Path, tmp_path: Path, command: str = "build"):
    """A second process that holds the folder's lock until its flag file is removed."""
    flag = tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out), str(flag), command])
    deadline = time.monotonic() + 30
    while not flag.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "holder did not start"
        time.sleep(0.05)
    return proc, flag
