"""A document without a title line: `matrix run` titles it by its file name, says so, and
what it wrote builds again, keeping its history (also when the parsed file's title was
left empty, as an older version or a hand edit leaves it)."""
from __future__ import annotations

import openpyxl
import yaml
from click.testing import CliRunner

from matrix.cli import main

TEXT = "一、总体要求。\n（一）加强统筹。（牵头单位：区财政局）\n（二）抓好落实。（区科技局牵头）\n"
REVISED = TEXT.replace("（区科技局牵头）", "（区科技局牵头，区财政局配合）")


def matrix(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def sheets(project):
    return openpyxl.load_workbook(project / "output" / "matrix.xlsx", read_only=True).sheetnames


def test_an_untitled_document_round_trips_and_keeps_its_history(project):
    docs = project / "docs"
    docs.mkdir()
    (docs / "无题通知.txt").write_text(TEXT, encoding="utf-8")
    first = matrix("run", "docs")
    assert first.exit_code == 0, first.output
    said = [x for x in first.stderr.splitlines() if "no title" in x]
    assert len(said) == 1 and "无题通知" in said[0]
    parsed = project / "output" / "measures" / "无题通知.yaml"
    assert yaml.safe_load(parsed.read_text("utf-8"))["document"]["title"] == "无题通知"
    assert "无题通知" in sheets(project)

    again = matrix("build")
    assert again.exit_code == 0, again.output
    assert "无题通知" in sheets(project)

    (docs / "无题通知.txt").write_text(REVISED, encoding="utf-8")
    revised = matrix("run", "docs")
    assert revised.exit_code == 0, revised.output
    assert "1 change" in revised.stdout
    assert len(list((project / "output" / "measures" / "history").glob("无题通知.*.yaml"))) == 1


def test_a_parsed_file_with_an_empty_title_is_built_under_its_file_name(project):
    docs = project / "docs"
    docs.mkdir()
    (docs / "无题通知.txt").write_text(TEXT, encoding="utf-8")
    assert matrix("run", "docs").exit_code == 0
    parsed = project / "output" / "measures" / "无题通知.yaml"
    for empty in ("''", "null", "'  '"):
        data = parsed.read_text("utf-8").replace("title: 无题通知", f"title: {empty}", 1)
        parsed.write_text(data, "utf-8")
        built = matrix("build")
        assert built.exit_code == 0, built.output
        assert "无题通知" in sheets(project)
        parsed.write_text(data.replace(f"title: {empty}", "title: 无题通知", 1), "utf-8")
