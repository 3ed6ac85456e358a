"""A documents folder means what it holds: every file `run` or `parse` did not read is named."""
from __future__ import annotations

import shutil

from click.testing import CliRunner

from matrix.cli import main

from conftest import EXAMPLES


def test_files_matrix_cannot_read_are_named_on_every_run(tmp_path, project):
    docs = project / "docs"
    docs.mkdir()
    shutil.copy(EXAMPLES[0], docs)
    (docs / "通知.ofd").write_bytes(b"PK\x03\x04 ofd")
    (docs / "扫描.jpg").write_bytes(b"\xff\xd8\xff")
    (docs / "旧稿").mkdir()
    (docs / "~$草稿.docx").write_bytes(b"lock")          # Word's lock file: not a document
    for _ in range(2):
        result = CliRunner().invoke(main, ["run", str(docs)])
        assert result.exit_code == 0, result.output
        out = result.output
        assert "通知.ofd: not read: OFD" in out
        assert "扫描.jpg: not read" in out
        assert "旧稿: a folder inside" in out
        assert "~$草稿" not in out
        assert "1 document," in out
    parsed = CliRunner().invoke(main, ["parse", str(docs), "-o", str(tmp_path / "m")])
    assert "通知.ofd: not read" in parsed.output
