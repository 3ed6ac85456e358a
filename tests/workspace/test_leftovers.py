"""What a killed command leaves half-written (.matrix.xlsx.PID.XXXXXXXX.tmp beside the file
it was writing) is swept by the next command that holds the output folder's lock: when
old, or when the process that wrote it is gone; never a live writer's, never a user's."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from click.testing import CliRunner

from matrix.cli import main
from matrix.fileio import atomic_path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_killed_writers_leftovers_are_swept_by_the_next_build(project):
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    out = project / "output"
    hour_ago = time.time() - 2 * 3600
    gone, live = dead_pid(), os.getpid()
    swept = [out / f".matrix.xlsx.{gone}.k2j_9x0a.tmp",               # its writer died
             out / "agencies" / f".区财政局.xlsx.{gone}.abcdefgh.tmp",
             out / ".matrix.xlsx.q1w2e3r4.tmp",                       # old, from before pids
             out / f".matrix.xlsx.{gone}.k2j_9x0a.tmp.splice"]
    kept = [out / f".matrix.xlsx.{live}.zzzzzzzz.tmp",                # someone is writing it
            out / "measures" / ".001.yaml.a1b2c3d4.tmp",                # fresh, no pid: maybe
            out / ".notes.tmp", out / "我的.tmp"]                      # not ours
    for p in swept + kept:
        p.write_bytes(b"PK\x03\x04 half a file")
    os.utime(swept[2], (hour_ago, hour_ago))
    os.utime(out / ".notes.tmp", (hour_ago, hour_ago))

    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in swept if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_a_write_names_its_process_in_the_temporary_file(tmp_path):
    with atomic_path(tmp_path / "matrix.xlsx") as tmp:
        assert tmp.name.startswith(f".matrix.xlsx.{os.getpid()}.") and tmp.name.endswith(".tmp")
        tmp.write_text("x")
    assert (tmp_path / "matrix.xlsx").read_text() == "x"
