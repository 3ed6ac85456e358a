"""`matrix build` and `matrix run` through click's CliRunner, outputs read back with openpyxl."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from matrix import store
from matrix.cli import main

from render_samples import doc_a, doc_b, place_sources

REPO = Path(__file__).resolve().parents[2]


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def errors(result) -> list[str]:
    return [l for l in result.stderr.splitlines() if l.startswith("error: ")]


@pytest.fixture
def parsed(tmp_path, monkeypatch):
    """A working folder with two parsed documents in output/measures/, as `parse` leaves it."""
    monkeypatch.chdir(tmp_path)
    store.save(doc_a(), Path("output/measures"))
    store.save(doc_b(), Path("output/measures"))
    place_sources(tmp_path, doc_a(), doc_b())
    return tmp_path


def test_build_uses_output_measures_by_default(parsed):
    result = invoke("build")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == (
        # No config here, so no registry: 区发改委 is not known to be 区发展改革委.
        "2 documents, 4 measures, 6 agencies, 2 unassigned measures, 8 files written to output")
    wb = openpyxl.load_workbook(parsed / "output" / "matrix.xlsx")
    assert wb.sheetnames[0] == "总览" and wb.sheetnames[-1] == "未分配" and len(wb.sheetnames) == 4
    index = yaml.safe_load((parsed / "output/agencies/index.yaml").read_text(encoding="utf-8"))
    assert sorted(e["file"] for e in index) == sorted(
        p.name for p in (parsed / "output/agencies").glob("*.xlsx"))


def test_build_named_files_into_another_folder(parsed):
    result = invoke("build", "output/measures/a.yaml", "-o", "elsewhere")
    assert result.exit_code == 0, result.output
    assert "1 document, " in result.stdout
    assert (parsed / "elsewhere/matrix.xlsx").exists()
    assert not (parsed / "output/matrix.xlsx").exists()


def test_unknown_agencies_are_built_and_reported_once(parsed):
    result = invoke("build")
    warnings = [l for l in result.stderr.splitlines() if "not in the registry" in l]
    # No config folder here: the registry is empty, so every agency is unknown, once each.
    assert len(warnings) == 1 and "新设局" in warnings[0]
    cfg = parsed / "config"
    cfg.mkdir()
    (cfg / "agencies.yaml").write_text(yaml.safe_dump(
        {"agencies": [{"name": "区发展改革委", "aliases": ["区发改委"]}, "区市场监管局", "区财政局",
                      "各镇街"]}, allow_unicode=True),
        encoding="utf-8")
    result = invoke("build")
    warnings = [l for l in result.stderr.splitlines() if "not in the registry" in l]
    assert warnings == ["warning: 1 agency not in the registry, built as written "
                        "(add it to config/agencies.yaml): 新设局"]
    assert (parsed / "output/agencies/新设局.xlsx").exists()


def test_malformed_and_empty_files_are_one_line_each_and_the_rest_build(parsed):
    Path("output/measures/empty.yaml").write_text("", encoding="utf-8")
    Path("output/measures/bad.yaml").write_text("measures: [\n", encoding="utf-8")
    result = invoke("build")
    assert result.exit_code == 1
    errs = errors(result)
    assert len(errs) == 2
    assert any("bad.yaml" in e for e in errs) and any("empty.yaml: empty parsed file" in e
                                                       for e in errs)
    assert "Traceback" not in result.output
    assert "2 documents" in result.stdout           # the good ones still built
    assert (parsed / "output/matrix.xlsx").exists()


def test_nothing_to_build_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("build")
    assert result.exit_code == 1
    assert errors(result) and "no parsed files" in errors(result)[0]
    result = invoke("build", "missing.yaml")
    assert result.exit_code == 1 and errors(result) == ["error: missing.yaml: no such file"]


def test_quiet_prints_nothing_on_success(parsed):
    result = invoke("-q", "build")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


def test_verbose_lists_files_written(parsed):
    result = invoke("-v", "build")
    assert "wrote output/matrix.xlsx" in result.stdout
    assert "wrote output/agencies/index.yaml" in result.stdout


@pytest.fixture(scope="module")
def examples_run(tmp_path_factory):
    """`matrix run` with no arguments in a copy of the project folder: the bundled examples."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "tests" / "data" / "seeds", root / "examples")
    shutil.copytree(REPO / "config", root / "config")
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["run"])
    finally:
        os.chdir(old)
    return root, result


def test_run_on_the_examples_writes_everything(examples_run):
    root, result = examples_run
    assert result.exit_code == 0, result.output
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("5 documents, ")
    out = root / "output"
    assert len(list((out / "measures").glob("*.yaml"))) == 5
    wb = openpyxl.load_workbook(out / "matrix.xlsx")
    assert len(wb.sheetnames) == 7
    assert wb.sheetnames[0] == "总览" and wb.sheetnames[-1] == "未分配"
    # 001 (新疆) and 003 (浙江) share a title; their sheets must still differ.
    shared = [n for n in wb.sheetnames if n.endswith("促进中小企业健康发展的实施意见")
              and not n.startswith("进一步")]
    assert len(shared) == 2 and len(set(n.casefold() for n in wb.sheetnames)) == 7
    index = yaml.safe_load((out / "agencies/index.yaml").read_text(encoding="utf-8"))
    files = sorted(p.name for p in (out / "agencies").glob("*.xlsx"))
    assert sorted(e["file"] for e in index) == files
    n_agencies = int(summary.split(", ")[2].split()[0])
    assert len(index) == n_agencies
    assert f"{5 + 1 + n_agencies + 1} files written" in summary


def test_run_summary_matches_the_workbooks(examples_run):
    root, result = examples_run
    out = root / "output"
    wb = openpyxl.load_workbook(out / "matrix.xlsx")
    summary = result.stdout.strip().splitlines()[-1]
    measures = int(summary.split(", ")[1].split()[0])
    unassigned = int(summary.split(", ")[3].split()[0])
    doc_sheets = wb.worksheets[1:-1]
    assert sum(sum(1 for r in ws.iter_rows(min_row=7, max_col=1, values_only=True)
                   if r[0] and "-" not in r[0]) for ws in doc_sheets) == measures
    assert wb["未分配"].max_row - 4 == unassigned
    # Every index count agrees with the agency's own workbook and with the 总览 totals.
    overview = {r[0]: r for r in wb["总览"].iter_rows(values_only=True) if r[0]}
    index = yaml.safe_load((out / "agencies/index.yaml").read_text(encoding="utf-8"))
    for e in index[:10]:
        ws = openpyxl.load_workbook(out / "agencies" / e["file"]).active
        roles = [r[4] for r in ws.iter_rows(values_only=True) if r[4] in ("牵头", "配合")]
        assert (roles.count("牵头"), roles.count("配合")) == (e["lead"], e["support"])
        totals = overview[e["agency"]][11:14]
        assert tuple(totals) == (e["lead"], e["support"], e["tasks"])


def test_run_reports_a_bad_document_and_builds_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = REPO / "tests" / "data" / "seeds" / "004_ff080c79c7811b33.txt"
    Path("notes.txt").write_text("这不是一份政策文件。\n", encoding="utf-8")
    result = invoke("run", str(good), "notes.txt", "-o", "out")
    assert result.exit_code == 1
    errs = errors(result)
    assert len(errs) == 1 and "notes.txt" in errs[0]
    assert "1 document, " in result.stdout
    assert (tmp_path / "out/matrix.xlsx").exists()


def test_run_with_no_documents_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run")
    assert result.exit_code == 1
    assert "no documents" in errors(result)[0]


@pytest.mark.libreoffice
def test_libreoffice_converts_the_workbooks(examples_run, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    root, _ = examples_run
    out = root / "output"
    agency = out / "agencies" / yaml.safe_load(
        (out / "agencies/index.yaml").read_text(encoding="utf-8"))[0]["file"]
    profile = (tmp_path / "profile").as_uri()      # own profile: no clash with a running office
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                           str(out / "matrix.xlsx"), str(agency)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    for name in ("matrix.pdf", agency.with_suffix(".pdf").name):
        pdf = tmp_path / "pdf" / name
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5000


def test_a_rerun_counts_only_the_files_it_wrote(project):
    """Parsed files kept as they were are not said to be written again."""
    runner = CliRunner()
    assert runner.invoke(main, ["run"]).exit_code == 0
    book = next((project / "output" / "agencies").glob("*.xlsx"))
    book.unlink()
    done = runner.invoke(main, ["-v", "run"])
    assert done.exit_code == 0, done.output
    wrote = [line for line in done.output.splitlines() if line.startswith("wrote ")]
    assert f"wrote {book}" in wrote or any(line.endswith(book.name) for line in wrote)
    assert not any("measures" in line for line in wrote)
    assert f"{len(wrote)} files written" in done.output
