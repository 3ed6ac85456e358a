"""The parse cache (matrix/cache.py): a rerun parses and writes only what changed, keyed
by content and parser, never by file time; what it gives is what a clean run gives."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from matrix import parsing
from matrix.cli import main


def run(*args):
    result = CliRunner().invoke(main, ["run", *args])
    assert result.exit_code == 0, result.output
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*.xlsx"))}


def no_parsing(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("parsed again")
    monkeypatch.setattr(parsing, "parse_file", refuse)


def test_a_rerun_with_nothing_changed_parses_nothing(project, monkeypatch):
    run()
    yaml_before = {p.name: p.stat().st_mtime_ns for p in Path("output/measures").glob("*.yaml")}
    no_parsing(monkeypatch)
    run()
    assert {p.name: p.stat().st_mtime_ns
            for p in Path("output/measures").glob("*.yaml")} == yaml_before


def test_a_cached_run_writes_the_same_bytes_as_a_clean_one(project, monkeypatch):
    run()
    # Everything but the parsed files (and their cache) goes: the next run builds anew
    # from cached documents only.
    for p in Path("output").iterdir():
        if p.name != "measures":
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    with monkeypatch.context() as m:
        no_parsing(m)
        run()
    run("-o", "clean")          # a clean run, parsing every document
    assert files(Path("output")) == files(Path("clean")) and files(Path("clean"))


def test_one_revised_document_is_the_only_one_parsed(project, monkeypatch):
    run()
    seen = []
    real = parsing.parse_file
    monkeypatch.setattr(parsing, "parse_file", lambda p, *a, **k: seen.append(Path(p).name) or real(p, *a, **k))
    doc = Path("examples/004_ff080c79c7811b33.txt")
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run()
    assert seen == ["004_ff080c79c7811b33.txt"]


def test_a_touched_file_with_the_same_bytes_is_not_parsed(project, monkeypatch):
    run()
    doc = Path("examples/000_d3a3fa96337cfa8d.txt")
    os.utime(doc, (1, 1))
    no_parsing(monkeypatch)
    run()


def test_a_registry_change_parses_again(project, monkeypatch):
    run()
    reg = Path("config/agencies.yaml")
    reg.write_text(reg.read_text(encoding="utf-8") + "  - {name: 新设局}\n", encoding="utf-8")
    seen = []
    real = parsing.parse_file
    monkeypatch.setattr(parsing, "parse_file", lambda p, *a, **k: seen.append(p) or real(p, *a, **k))
    run()
    assert len(seen) == 5


def test_a_hand_edited_parsed_file_is_built_as_edited(project):
    run()
    target = Path("output/measures/000_d3a3fa96337cfa8d.yaml")
    target.write_text(target.read_text(encoding="utf-8").replace("简化企业开办程序", "改过的标题", 1),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    import openpyxl
    wb = openpyxl.load_workbook("output/matrix.xlsx")
    text = {c.value for ws in wb.worksheets[1:2] for row in ws.iter_rows() for c in row}
    assert "改过的标题" in text


def test_a_damaged_cache_is_a_miss_not_an_error(project):
    run()
    for p in Path("output/measures/.cache").glob("*.json"):
        p.write_text("{not json", encoding="utf-8")
    run()
    entry = json.loads(next(Path("output/measures/.cache").glob("*.json")).read_text(encoding="utf-8"))
    assert entry["document"]["measures"]


def test_a_document_gone_takes_its_cache_entry_with_it(project):
    run()
    Path("examples/002_d23ca01e49c9bd38.txt").unlink()
    run()
    names = {p.stem for p in Path("output/measures/.cache").glob("*.json")}
    assert "002_d23ca01e49c9bd38" not in names and len(names) == 4
