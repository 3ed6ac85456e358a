"""When the output cannot be written: a full disk is one line naming the file (no
traceback, no "Exception ignored in ZipFile.__del__", nothing half-written left); a
read-only output folder is named as such, not the document being parsed; and a document
that cannot be read is said to cost the agencies only it named their task lists."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from matrix import fileio
from matrix.cli import main

from conftest import ROOT, SEEDS

# Every file opened for writing under the output folder fails with ENOSPC once `budget`
# bytes have been written to it: a disk that fills up while the build writes.
FULL = r"""
import builtins, errno, io, os, sys
out, budget, part = os.path.abspath(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
real_open = io.open

class Full:
    def __init__(self, f):
        self._f, self._left = f, budget
    def write(self, data):
        self._left -= len(data)
        if self._left < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._f.write(data)
    def __getattr__(self, name):
        return getattr(self._f, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self._f.__exit__(*exc)

def full_open(file, mode="r", *args, **kwargs):
    f = real_open(file, mode, *args, **kwargs)
    path = os.path.abspath(file) if isinstance(file, (str, bytes, os.PathLike)) else ""
    if any(c in mode for c in "wax") and path.startswith(out) and part in path:
        return Full(f)
    return f

io.open = builtins.open = full_open
from matrix.cli import main
main(["--config", sys.argv[4], "run", sys.argv[5], "-o", out])
"""


@pytest.mark.parametrize("part,budget", [(".matrix.xlsx.", 0), (".matrix.xlsx.", 20_000),
                                         ("/agencies/.", 3_000), ("/measures/.", 100),
                                         ("/agencies/.index.yaml", 10)])
def test_a_full_disk_is_one_line_naming_the_file(tmp_path, part, budget):
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-c", FULL, str(out), str(budget), part,
                          str(ROOT / "config"), str(SEEDS)],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "MATRIX_LANG": "en"})
    assert run.returncode == 1, run.stderr
    errors = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    assert errors and all("the disk is full" in x for x in errors), run.stderr
    assert all(str(out) in x for x in errors), run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr, run.stderr
    assert [p.name for p in out.rglob("*") if ".tmp" in p.name or p.suffix == ".splice"] == []


def test_a_read_only_output_folder_is_named_not_the_document(project, monkeypatch):
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    measures = project / "output" / "measures"
    if os.geteuid() != 0:
        measures.chmod(0o555)                  # a real read-only folder
    else:
        # root writes anywhere: the refusal the system would give anyone else.
        real = tempfile.mkstemp

        def refused(*args, dir=None, **kwargs):
            if dir is not None and Path(dir).resolve() == measures.resolve():
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dir))
            return real(*args, dir=dir, **kwargs)
        monkeypatch.setattr(fileio.tempfile, "mkstemp", refused)
    try:
        (project / "examples" / "000_d3a3fa96337cfa8d.txt").write_text(
            (SEEDS / "000_d3a3fa96337cfa8d.txt").read_text("utf-8") + "\n", "utf-8")
        result = CliRunner().invoke(main, ["run"])
    finally:
        measures.chmod(0o755)
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert errors and all("no permission to write" in x for x in errors), result.stderr
    assert all("output/measures" in x and "examples/" not in x for x in errors), result.stderr


def test_an_unreadable_document_is_said_to_cost_its_agencies_their_lists(project):
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    only_in_it = "自治区人力资源和社会保障厅"                   # named by 001 alone
    assert (project / "output" / "agencies" / f"{only_in_it}.xlsx").exists()
    (project / "examples" / "001_e6ac15614de8410b.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    said = [x for x in result.stderr.splitlines() if "could not be read" in x]
    assert len(said) == 1 and "001_e6ac15614de8410b.txt" in said[0] and only_in_it in said[0]
    assert "26 agencies" in said[0] and "run again" in said[0]
    # Fixed, the next run gives them their lists back and says nothing more of it.
    shutil.copy(SEEDS / "001_e6ac15614de8410b.txt", project / "examples")
    again = CliRunner().invoke(main, ["run"])
    assert again.exit_code == 0 and "could not be read" not in again.output
    assert (project / "output" / "agencies" / f"{only_in_it}.xlsx").exists()
