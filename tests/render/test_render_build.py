"""matrix/build.py: files written, index.yaml for `mail`, safe paths, per-file errors."""
from __future__ import annotations

import hashlib
import os
import stat

import openpyxl
import pytest
import yaml

from matrix import build, store
from matrix.errors import MatrixError
from matrix.model import Document, Measure, Source

from render_samples import config, doc_a, doc_b, place_sources

INDEX_KEYS = ["agency", "file", "lead", "support", "tasks", "documents", "sha256", "changes", "content",
              "prefilled"]


def test_build_writes_matrix_agency_workbooks_and_index(tmp_path):
    result = build.build([doc_a(), doc_b()], tmp_path, config(), generated="2024-05-01")
    assert result.ok
    assert (result.documents, result.measures, result.agencies, result.unassigned) == (2, 4, 5, 2)
    assert result.unknown == ["新设局"]
    folder = tmp_path / "agencies"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["index.yaml", "区发展改革委.xlsx", "区市场监管局.xlsx", "区财政局.xlsx", "各镇街.xlsx",
         "新设局.xlsx"])
    assert len(result.written) == 1 + 5 + 1
    assert "2 documents, 4 measures, 5 agencies, 2 unassigned measures, 7 files written" \
        in result.summary()


def test_index_has_the_agreed_keys_and_matches_the_workbooks(tmp_path):
    build.build([doc_a(), doc_b()], tmp_path, config(), generated="2024-05-01")
    index = yaml.safe_load((tmp_path / "agencies" / "index.yaml").read_text(encoding="utf-8"))
    assert [e["agency"] for e in index] == ["区发展改革委", "区市场监管局", "区财政局", "各镇街",
                                            "新设局"]
    for e in index:
        assert list(e) == INDEX_KEYS
        path = tmp_path / "agencies" / e["file"]
        assert e["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        ws = openpyxl.load_workbook(path).active
        roles = [r[4] for r in ws.iter_rows(values_only=True) if r[4] in ("牵头", "配合")]
        assert (e["lead"], e["support"], e["tasks"]) == \
            (roles.count("牵头"), roles.count("配合"), len(roles))
    by = {e["agency"]: e for e in index}
    assert by["区市场监管局"]["documents"] == [
        {"title": "关于促进中小企业健康发展的实施意见", "date": "2019-08-06"},
        {"title": "关于促进中小企业健康发展的实施意见", "date": "2020-12-31"}]
    assert by["区财政局"]["documents"] == [{"title": "关于促进中小企业健康发展的实施意见",
                                            "date": "2019-08-06"}]


@pytest.mark.parametrize("name", ["../../逃逸局", "/etc/passwd", "CON", "a:b*c?局", "..", "局\\..\\x"])
def test_agency_names_never_leave_the_agencies_folder(tmp_path, name):
    d = doc_b()
    d.measures[0].lead = [name]
    d.measures[0].tasks = []
    build.build([d], tmp_path / "out", config())
    folder = (tmp_path / "out" / "agencies").resolve()
    written = [p for p in (tmp_path / "out").rglob("*.xlsx")]
    assert all(p.resolve().parent == folder for p in written if p.name != "matrix.xlsx")
    assert not [p for p in tmp_path.rglob("*") if p.is_file()
                and not p.resolve().is_relative_to((tmp_path / "out").resolve())]
    index = yaml.safe_load((folder / "index.yaml").read_text(encoding="utf-8"))
    assert name in [e["agency"] for e in index]


def test_agency_paths_are_unique_even_ignoring_case(tmp_path):
    paths = build.agency_paths(["ABC局", "abc局", "a/b", "a_b"], tmp_path)
    names = [p.name.casefold() for p in paths.values()]
    assert len(set(names)) == 4


def test_workbooks_no_longer_made_are_removed_but_nothing_else(tmp_path):
    build.build([doc_a(), doc_b()], tmp_path, config())
    keep = tmp_path / "agencies" / "mine.xlsx"
    keep.write_bytes(b"not ours")
    build.build([doc_b()], tmp_path, config())
    names = {p.name for p in (tmp_path / "agencies").iterdir()}
    assert names == {"index.yaml", "mine.xlsx", "区发展改革委.xlsx", "区市场监管局.xlsx",
                     "各镇街.xlsx"}


def test_a_bad_parsed_file_is_one_error_and_the_rest_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    place_sources(tmp_path, doc_a())
    measures = tmp_path / "measures"
    store.save(doc_a(), measures)
    (measures / "empty.yaml").write_text("", encoding="utf-8")
    (measures / "broken.yaml").write_text("document: [unclosed\n", encoding="utf-8")
    result = build.build_files([measures], tmp_path, config())
    assert sorted(str(e).split(":")[0] for e in result.errors) == \
        sorted([str(measures / "broken.yaml"), str(measures / "empty.yaml")])
    assert result.documents == 1 and (tmp_path / "matrix.xlsx").exists()


def test_nothing_to_build(tmp_path):
    with pytest.raises(MatrixError, match="no parsed files"):
        build.build_files([tmp_path], tmp_path / "out", config())
    (tmp_path / "x.yaml").write_text("{}", encoding="utf-8")
    result = build.build_files([tmp_path], tmp_path / "out", config())
    assert len(result.errors) == 1 and not (tmp_path / "out").exists()


def test_an_interrupted_write_leaves_the_old_workbook(tmp_path, monkeypatch):
    build.build([doc_a()], tmp_path, config())
    before = (tmp_path / "matrix.xlsx").read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    # the writer every workbook is saved with (render.cells.save_workbook uses it)
    monkeypatch.setattr("openpyxl.writer.excel.ExcelWriter.save", boom)
    with pytest.raises(MatrixError, match="matrix.xlsx: cannot be written: disk full"):
        build.build([doc_b()], tmp_path, config())      # one line naming the file
    assert (tmp_path / "matrix.xlsx").read_bytes() == before
    assert not [p for p in tmp_path.rglob(".*.tmp")]


def test_many_agencies_and_long_text_build(tmp_path):
    """A document with many agencies and very long text still opens and keeps its columns."""
    names = [f"第{i}局" for i in range(60)]
    m = Measure(id="一.（一）", section="一、", number="（一）", title="长", text="字" * 40000,
                lead=names[:1], support=names[1:])
    d = Document(title="大文件", source=Source("big.txt", "3" * 64, "utf-8"), measures=[m])
    build.build([d], tmp_path, config())
    ws = openpyxl.load_workbook(tmp_path / "matrix.xlsx").worksheets[1]
    assert ws.max_column == 7 + 60
    assert len(ws.cell(7, 4).value) == 32767
    assert ws.row_dimensions[7].height == 409


def test_new_workbooks_are_readable_like_any_new_file(tmp_path):
    """Temp files are created private (0600); the finished workbook must not stay so."""
    build.build([doc_a()], tmp_path, config())
    mask = os.umask(0)
    os.umask(mask)
    for p in [tmp_path / "matrix.xlsx", tmp_path / "agencies" / "index.yaml",
              *(tmp_path / "agencies").glob("*.xlsx")]:
        assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~mask, p


def test_rebuild_keeps_unchanged_workbooks_byte_for_byte(tmp_path):
    """Workbooks whose content did not change are not rewritten, so `matrix mail` (which
    logs each workbook's sha256) does not send a bureau the same list twice."""
    first = build.build([doc_a(), doc_b()], tmp_path, config(), generated="2024-05-01")
    books = sorted((tmp_path / "agencies").glob("*.xlsx"))
    before = {p.name: p.read_bytes() for p in books}
    again = build.build([doc_a(), doc_b()], tmp_path, config(), generated="2024-05-02")
    assert len(again.kept) == len(books) and {p.name: p.read_bytes() for p in books} == before
    assert "agency workbooks unchanged" in again.summary()
    changed = doc_b()
    changed.measures[0].text += "新增一句。"
    third = build.build([doc_a(), changed], tmp_path, config(), generated="2024-05-03")
    rewritten = {p.name for p in third.written if p.parent.name == "agencies" and p.suffix == ".xlsx"}
    assert rewritten and rewritten == {p.name for p in books if p.read_bytes() != before[p.name]}
    assert len(rewritten) + len(third.kept) == len(books) and first.kept == []
