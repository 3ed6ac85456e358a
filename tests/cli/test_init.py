"""`matrix init`: an office starts from an empty folder and gets a working setup."""
from __future__ import annotations

import shutil

import yaml
from click.testing import CliRunner

from matrix.cli import main
from conftest import EXAMPLES


def test_init_then_run_on_own_documents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["init"])
    assert r.exit_code == 0, r.output
    for name in ("settings.yaml", "agencies.yaml", "mail.yaml", "overrides.yaml"):
        assert yaml.safe_load((tmp_path / "config" / name).read_text(encoding="utf-8")) is not None
    assert (tmp_path / "templates" / "mail_body.txt").is_file()
    shutil.copy(EXAMPLES[4], tmp_path / "documents" / "关于支持小微企业高质量发展的实施意见.txt")
    r = CliRunner().invoke(main, ["run"])
    assert r.exit_code == 0, r.output
    assert "1 document, 19 measures" in r.output and (tmp_path / "output" / "matrix.xlsx").is_file()
    # the empty registry knows nobody: every agency is reported, and still built
    assert "not in the registry" in r.output
    unknown = CliRunner().invoke(main, ["agencies", "--unknown"]).output
    assert "市经信局" in unknown and "unknown" in unknown


def test_init_never_overwrites(tmp_path):
    (tmp_path / "config").mkdir()
    mine = tmp_path / "config" / "agencies.yaml"
    mine.write_text("agencies:\n  - {name: 区财政局}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["-v", "init", str(tmp_path)])
    assert r.exit_code == 0
    assert mine.read_text(encoding="utf-8") == "agencies:\n  - {name: 区财政局}\n"
    assert f"kept {mine}" in r.output and "wrote" in r.output
