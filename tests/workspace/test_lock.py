"""One writer per output folder, with two real processes."""
from __future__ import annotations


import pytest

from matrix import lock
from matrix.layout import Layout
from matrix.errors import MatrixError

from processes import hold

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
