"""build --group-by: a matrix per year, issuer or folder, matrix.xlsx summing them up, and
the agency workbooks gathering a bureau's tasks across all of them as before."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess

import openpyxl
import pdfplumber
import pytest
import yaml
from click.testing import CliRunner

from matrix import build, groups
from matrix.cli import main
from matrix.errors import MatrixError
from matrix.model import Source

from render_samples import config, doc_a, doc_b


def doc_c():
    """A third document, of 2019 like doc_a, in another folder, without issuer."""
    d = doc_b()
    return dataclasses.replace(d, title="关于加快数字经济发展的若干措施", issuer=None,
                               date="2019-03-01", status="final",
                               source=Source("examples/more/c.txt", "3" * 64, "utf-8"))


def sheets(path):
    return openpyxl.load_workbook(path).sheetnames


def rows(path, sheet="总览"):
    return [tuple(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_group_names_by_year_issuer_and_folder():
    docs = [doc_a(), doc_b(), doc_c()]
    assert groups.group_names(docs, "year") == ["2019年", "2020年", "2019年"]
    assert groups.group_names(docs, "issuer") == [
        "新疆维吾尔自治区人民政府办公厅", "中共浙江省委办公厅 浙江省人民政府办公厅", "未注明发文单位"]
    # Folders below the one they all share; a document in that one goes by its name.
    assert groups.group_names(docs, "folder") == ["examples", "examples", "more"]
    elsewhere = dataclasses.replace(doc_c(), source=Source("/srv/docs/c.txt", "3" * 64, "utf-8"))
    assert groups.group_names([doc_a(), elsewhere], "folder") == ["examples", "srv/docs"]
    undated = dataclasses.replace(doc_a(), date=None)
    assert groups.groups([undated, doc_b(), doc_c()], "year") == [
        ("2019年", [2]), ("2020年", [1]), ("未注明年份", [0])]


def test_group_by_year_writes_a_matrix_per_year_and_a_summary(tmp_path):
    result = build.build([doc_a(), doc_b(), doc_c()], tmp_path, config(), generated="2024-05-01",
                         group_by="year")
    assert result.ok
    folder = tmp_path / "matrices"
    assert sorted(p.name for p in folder.glob("*.xlsx")) == ["2019年.xlsx", "2020年.xlsx"]
    # Each group's matrix holds its own documents' sheets, and only those.
    in_2019 = sheets(folder / "2019年.xlsx")
    assert in_2019[0] == "总览" and in_2019[-1] == "未分配" and len(in_2019) == 4
    assert len(sheets(folder / "2020年.xlsx")) == 3
    summary = rows(tmp_path / "matrix.xlsx")
    assert sheets(tmp_path / "matrix.xlsx") == ["总览", "各单位任务数"]
    table = {r[0]: r[1:7] for r in summary if r[0] in ("2019年", "2020年", "合计")}
    assert table == {"2019年": (2, 4, 2, 2, 5, "matrices/2019年.xlsx"),
                     "2020年": (1, 1, 1, 0, 3, "matrices/2020年.xlsx"),
                     "合计": (3, 5, 3, 2, 5, None)}
    # Per agency: lead/support in each group, then in all.
    by_agency = {r[0]: r[1:8] for r in rows(tmp_path / "matrix.xlsx", "各单位任务数")
                 if r[0] == "区市场监管局"}
    assert by_agency == {"区市场监管局": (2, None, 1, None, 3, 0, 3)}


def test_agency_workbooks_are_the_same_grouped_or_not(tmp_path):
    docs = [doc_a(), doc_b(), doc_c()]
    build.build(docs, tmp_path / "one", config(), generated="2024-05-01")
    build.build(docs, tmp_path / "grouped", config(), generated="2024-05-01", group_by="issuer")
    one = yaml.safe_load((tmp_path / "one/agencies/index.yaml").read_text(encoding="utf-8"))
    grouped = yaml.safe_load((tmp_path / "grouped/agencies/index.yaml").read_text(encoding="utf-8"))
    assert one == grouped
    for e in one:
        assert (tmp_path / "one/agencies" / e["file"]).read_bytes() == \
            (tmp_path / "grouped/agencies" / e["file"]).read_bytes()


def test_another_grouping_or_none_removes_the_old_group_matrices(tmp_path):
    docs = [doc_a(), doc_b(), doc_c()]
    build.build(docs, tmp_path, config(), generated="2024-05-01", group_by="year")
    (tmp_path / "matrices" / "notes.txt").write_text("mine", encoding="utf-8")
    build.build(docs, tmp_path, config(), generated="2024-05-01", group_by="folder")
    assert sorted(p.name for p in (tmp_path / "matrices").glob("*.xlsx")) == [
        "examples.xlsx", "more.xlsx"]
    assert not list((tmp_path / "matrices").glob(".2019年*"))
    build.build(docs, tmp_path, config(), generated="2024-05-01")
    # Our workbooks and records are gone; the clerk's own file stays, and so does its folder.
    assert [p.name for p in (tmp_path / "matrices").iterdir()] == ["notes.txt"]
    assert len(sheets(tmp_path / "matrix.xlsx")) == 5       # 总览, three documents, 未分配


def test_a_grouped_rebuild_carries_unchanged_sheets_over(tmp_path):
    docs = [doc_a(), doc_b(), doc_c()]
    build.build(docs, tmp_path, config(), generated="2024-05-01", group_by="year")
    first = (tmp_path / "matrices" / "2019年.xlsx").read_bytes()
    build.build(docs, tmp_path, config(), generated="2024-05-01", group_by="year")
    assert (tmp_path / "matrices" / "2019年.xlsx").read_bytes() == first


def test_a_grouping_not_known_is_refused(tmp_path):
    with pytest.raises(MatrixError, match="group-by must be one of year, issuer, folder"):
        build.build([doc_a()], tmp_path, config(), group_by="month")
    assert not (tmp_path / "matrix.xlsx").exists()


def test_cli_group_by_and_the_setting(project):
    runner = CliRunner()
    done = runner.invoke(main, ["run", "--group-by", "year"])
    assert done.exit_code == 0, done.output
    years = sorted(p.name for p in (project / "output" / "matrices").glob("*.xlsx"))
    assert years and all(n.endswith("年.xlsx") or n == "未注明年份.xlsx" for n in years)
    bad = runner.invoke(main, ["build", "--group-by", "month"])
    assert bad.exit_code == 2 and "month" in bad.output
    settings = project / "config" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'group_by: ""', "group_by: issuer"), encoding="utf-8")
    done = runner.invoke(main, ["build"])
    assert done.exit_code == 0, done.output
    assert not any(n.endswith("年.xlsx") for n in
                   (p.name for p in (project / "output" / "matrices").glob("*.xlsx")))
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "group_by: issuer", "group_by: month"), encoding="utf-8")
    done = runner.invoke(main, ["build"])
    assert done.exit_code == 1 and "group_by" in done.output and "settings.yaml" in done.output


SOFFICE = shutil.which("soffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not on PATH")
def test_the_grouped_summary_prints_readably(project, tmp_path):
    """Opened and printed by a real spreadsheet program: every page at 9 pt or more, says
    what it belongs to, and the agency table repeats its headings."""
    assert CliRunner().invoke(main, ["run", "--group-by", "year"]).exit_code == 0
    out = project / "output"
    pdf = tmp_path / "pdf"
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                           "--headless", "--convert-to", "pdf", "--outdir", str(pdf),
                           str(out / "matrix.xlsx")], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(pdf / "matrix.pdf") as doc:
        pages = [(p.extract_text() or "", [c["size"] for c in p.chars if c["text"].strip()])
                 for p in doc.pages]
    assert len(pages) >= 2
    assert "matrices/2019年.xlsx" in pages[0][0].replace(" ", "")
    for text, sizes in pages:
        assert min(sizes) >= 8.95
        # The page header, its sheet's title, is the first line.
        assert text.replace(" ", "").splitlines()[0] in ("任务分工总览", "各单位任务数")
    agency_pages = [t.replace(" ", "") for t, _ in pages
                    if t.replace(" ", "").startswith("各单位任务数")]
    assert len(agency_pages) >= 2 and all("单位" in t and "小计" in t for t in agency_pages)


def test_group_by_left_empty_or_none_is_one_matrix(project):
    settings = project / "config" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('group_by: ""', "group_by:"), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(main, ["run"])
    assert done.exit_code == 0, done.output
    assert not (project / "output" / "matrices").exists()
    settings.write_text(text.replace('group_by: ""', "group_by: year"), encoding="utf-8")
    assert runner.invoke(main, ["run"]).exit_code == 0
    assert (project / "output" / "matrices").is_dir()
    # One run without the grouping the settings ask for.
    done = runner.invoke(main, ["run", "--group-by", "none"])
    assert done.exit_code == 0, done.output
    assert not (project / "output" / "matrices").exists()
    settings.write_text(text.replace('group_by: ""', "group_by: 月份"), encoding="utf-8")
    bad = runner.invoke(main, ["run"])
    assert bad.exit_code == 1 and "'月份'" in bad.output and "settings.yaml" in bad.output
