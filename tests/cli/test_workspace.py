"""A folder means what it holds: documents deleted or given twice, a workspace used from
elsewhere, and every command taking the output folder the same way (-o)."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import yaml
from click.testing import CliRunner

from matrix.cli import main

from conftest import SEEDS

REPO = Path(__file__).resolve().parents[2]
LONG = "001_e6ac15614de8410b"            # the 自治区 document
WITH_OVERRIDES = "003_a107386602944fcc"  # named in config/overrides.yaml


def matrix(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def last_line(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def counts(line: str) -> str:
    """`5 documents, 114 measures, 78 agencies, 42 unassigned measures` of a summary."""
    return ", ".join(line.split(", ")[:4])


def test_a_deleted_document_is_set_aside_and_no_longer_built_or_counted(project):
    assert matrix("run").exit_code == 0
    (project / "examples" / f"{LONG}.txt").unlink()
    # `agencies` reads what is parsed, but only what the documents folder still holds.
    census = matrix("agencies")
    assert census.exit_code == 0
    assert f"{LONG}.yaml" in census.stderr and "left out" in census.stderr
    assert "自治区财政厅" not in census.stdout
    rebuilt = matrix("build")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "moved to" in rebuilt.stderr and f"{LONG}.yaml" in rebuilt.stderr
    measures = project / "output" / "measures"
    assert not (measures / f"{LONG}.yaml").exists()
    assert [p.name.split(".")[0] for p in (measures / "history").glob(f"{LONG}.*.yaml")] == [LONG]
    # Said once: the next commands build the four documents without a word about it.
    again = matrix("run")
    assert LONG not in again.output
    assert last_line(again).startswith("4 documents")
    assert counts(last_line(matrix("build"))) == counts(last_line(again))
    assert "自治区财政厅" not in matrix("agencies").stdout
    wb = openpyxl.load_workbook(project / "output" / "matrix.xlsx", read_only=True)
    assert len(wb.sheetnames) == 1 + 4 + 1            # 总览, four documents, 未分配
    index = yaml.safe_load((project / "output" / "agencies" / "index.yaml").read_text("utf-8"))
    assert "自治区财政厅" not in {e["agency"] for e in index}


def test_a_document_that_comes_back_is_built_again(project):
    assert matrix("run").exit_code == 0
    kept = project / f"{LONG}.txt"
    shutil.move(project / "examples" / f"{LONG}.txt", kept)
    assert matrix("run").exit_code == 0
    shutil.move(kept, project / "examples" / f"{LONG}.txt")
    back = matrix("run")
    assert back.exit_code == 0 and last_line(back).startswith("5 documents")
    assert "changes since" not in back.output          # the same text: nothing changed


def test_the_same_document_twice_is_built_once_and_the_kept_file_named(project):
    examples = project / "examples"
    # A copy under another name, and the same text saved from Word.
    shutil.copy(examples / f"{LONG}.txt", examples / "自治区意见-副本.txt")
    word = docx.Document()
    for line in (examples / f"{LONG}.txt").read_text(encoding="utf-8").split("\n"):
        word.add_paragraph(line)
    word.save(examples / f"{LONG}.docx")
    # A copy of a document the overrides name: the one they name is kept, so they apply.
    shutil.copy(examples / f"{WITH_OVERRIDES}.txt", examples / "000-copy.txt")
    result = matrix("run")
    assert result.exit_code == 0, result.output
    assert last_line(result).startswith("5 documents")
    said = sorted(l.removeprefix("warning: ").split(":")[0] + " → " + l.rsplit("from ", 1)[1]
                  for l in result.stderr.splitlines() if "same document" in l)
    assert said == [f"examples/000-copy.txt → examples/{WITH_OVERRIDES}.txt",
                    f"examples/{LONG}.docx → examples/{LONG}.txt",
                    f"examples/自治区意见-副本.txt → examples/{LONG}.txt"]
    assert "not applied" not in result.output           # the overrides found their document
    wb = openpyxl.load_workbook(project / "output" / "matrix.xlsx", read_only=True)
    assert len(wb.sheetnames) == 1 + 5 + 1


def test_a_workspace_is_used_from_anywhere(tmp_path, monkeypatch):
    """`matrix init` makes a workspace; `--config WS/config` from another folder reads
    its documents and writes its output/, as if run inside it."""
    ws = tmp_path / "区政府办"
    monkeypatch.chdir(tmp_path)
    assert matrix("init", str(ws)).exit_code == 0
    shutil.copy(SEEDS / f"{LONG}.txt", ws / "documents" / "意见.txt")
    elsewhere = tmp_path / "桌面"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = matrix("-v", "--config", str(ws / "config"), "run")
    assert result.exit_code == 0, result.output
    assert f"workspace {ws.resolve()}" in result.stdout
    assert (ws / "output" / "matrix.xlsx").is_file()
    assert not (elsewhere / "output").exists()
    assert matrix("--config", str(ws / "config"), "mail").exit_code == 0
    assert not (elsewhere / "output").exists()
    census = matrix("--config", str(ws / "config"), "agencies")
    assert census.exit_code == 0 and "自治区财政厅" in census.stdout


def test_every_command_takes_the_output_folder_with_o(project):
    assert matrix("run", "-o", "out").exit_code == 0
    assert matrix("build", "-o", "out").exit_code == 0
    census = matrix("agencies", "-o", "out")
    assert census.exit_code == 0 and "自治区财政厅" in census.stdout
    mailed = matrix("mail", "-o", "out")
    assert mailed.exit_code == 0 and (project / "out" / "outbox").is_dir()
    assert not (project / "output").exists()
    # The old form still works, with a word about the new one.
    old = matrix("mail", "out")
    assert old.exit_code == 0 and "matrix mail -o DIR" in old.stderr
    both = matrix("mail", "out", "-o", "elsewhere")
    assert both.exit_code == 1 and len(both.stderr.strip().splitlines()) == 1


def test_a_misspelt_key_in_any_config_file_is_said_by_the_first_command(project):
    """All four config files are checked when the config is loaded, so `matrix parse` or
    `matrix agencies` names a typo in overrides.yaml or mail.yaml before a build or a send
    goes wrong."""
    from click.testing import CliRunner
    from matrix.cli import main
    overrides = project / "config" / "overrides.yaml"
    good = overrides.read_text(encoding="utf-8")
    overrides.write_text("overrides:\n  - document: d\n    measure: m\n    leed: [区财政局]\n",
                         encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "examples", "-o", str(project / "p")])
    assert result.exit_code == 1 and "overrides.yaml" in result.stderr and "leed" in result.stderr
    assert not (project / "p").exists()
    overrides.write_text(good, encoding="utf-8")
    mail = project / "config" / "mail.yaml"
    mail.write_text(mail.read_text(encoding="utf-8").replace("  port: 25", "  prot: 25"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["agencies"])
    assert result.exit_code == 1 and "mail.yaml" in result.stderr and "prot" in result.stderr
