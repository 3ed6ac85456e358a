"""One writer per output folder, with two real processes."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from matrix import lock
from matrix.layout import Layout
from matrix.errors import MatrixError

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


def test_a_folder_held_by_another_process_is_refused_naming_the_holder(tmp_path):
    out = tmp_path / "output"
    proc, flag = hold(out, tmp_path, "mail --send")
    try:
        with pytest.raises(MatrixError) as e:
            with lock.workspace(out, "build"):
                pass
        assert "matrix mail --send" in str(e.value) and str(proc.pid) in str(e.value)
        assert str(out) in str(e.value)
    finally:
        flag.unlink()
        proc.wait(timeout=30)
    with lock.workspace(out, "build"):      # free again once the holder has finished
        pass


def test_a_holder_that_dies_leaves_no_stale_lock(tmp_path):
    out = tmp_path / "output"
    proc, flag = hold(out, tmp_path)
    proc.kill()
    proc.wait(timeout=30)
    assert Layout(out).lock_holder.exists()         # its note is left behind…
    with lock.workspace(out, "build"):               # …but the lock went with it
        pass
    assert not Layout(out).lock_holder.exists()
