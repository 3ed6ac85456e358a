"""Excel's limits: no sheet runs past its last column, whatever the number of agencies a
document names or of documents a build holds; past a limit the layout still holds every
count and every name, and says so. The limits are made small here (the layout is the
same at 16 384 columns, and a test with 8 200 documents would take minutes)."""
from __future__ import annotations

import openpyxl
import pytest

from matrix.model import Document, Measure
from matrix.registry import Registry
from matrix.render import cells, plan, workbook, write_matrix
from matrix.render.tasks import fits_columns
from matrix import words


def test_the_limit_is_excels():
    assert cells.MAX_COLUMNS == 16384 == openpyxl.utils.column_index_from_string("XFD")
    assert fits_columns(16384 - len(words.DOC_COLUMNS))
    assert not fits_columns(16384 - len(words.DOC_COLUMNS) + 1)


@pytest.fixture
def small_sheets(monkeypatch):
    monkeypatch.setattr(cells, "MAX_COLUMNS", 20)
    monkeypatch.setattr(workbook, "MAX_COLUMNS", 20)
    return 20


def many_agencies(n: int) -> Document:
    names = [f"第{i}局" for i in range(n)]
    return Document(title="涉及单位很多的文件", measures=[
        Measure(id=f"一.{i}", section="一", number=f"{i}.", title=f"措施{i}", text=f"措施{i}。",
                lead=[names[i]], support=[names[(i + 1) % n]]) for i in range(n)])


def test_a_document_naming_more_agencies_than_columns_keeps_every_name(tmp_path, small_sheets):
    doc = many_agencies(30)                       # 7 fixed columns + 30 > 20
    target = tmp_path / "matrix.xlsx"
    write_matrix(plan([doc], Registry()), target, {"lead": "牵头", "support": "配合"}, "2026-01-01")
    wb = openpyxl.load_workbook(target)
    ws = wb.worksheets[1]
    assert ws.max_column <= small_sheets
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "超出表格列数上限" in text
    assert all(f"第{i}局" in text for i in range(30))      # every name, in 牵头/配合 cells
    assert wb["总览"].max_column <= small_sheets


def test_a_document_that_fits_keeps_its_agency_columns(tmp_path, small_sheets):
    doc = many_agencies(10)                       # 7 + 10 ≤ 20
    target = tmp_path / "matrix.xlsx"
    write_matrix(plan([doc], Registry()), target, {"lead": "牵头", "support": "配合"}, "2026-01-01")
    ws = openpyxl.load_workbook(target).worksheets[1]
    assert ws.max_column == 17
    assert "超出" not in str(ws["A3"].value)


def test_more_documents_than_summary_columns_gives_the_totals(tmp_path, small_sheets):
    docs = [Document(title=f"文件{i}", measures=[
        Measure(id="一.1", section="一", number="1.", title="措施", text="措施。",
                lead=["甲局"], support=["乙局"])]) for i in range(10)]      # 2×10 + 6 > 20
    target = tmp_path / "matrix.xlsx"
    write_matrix(plan(docs, Registry()), target, {"lead": "牵头", "support": "配合"}, "2026-01-01")
    ws = openpyxl.load_workbook(target)["总览"]
    assert ws.max_column <= small_sheets
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any("只列合计" in str(v[0]) for v in values)
    row = next(v for v in values if v[0] == "甲局")
    assert row[1:4] == [10, 0, 10]                 # lead, support, 小计 over all documents


def test_build_says_when_a_document_has_more_agencies_than_columns(tmp_path, small_sheets):
    from matrix.build import build
    from matrix.config import Config
    result = build([many_agencies(30)], tmp_path / "out", Config(folder=None))
    assert any("more than a sheet has columns" in n for n in result.notes)


def test_more_rows_than_a_sheet_holds_is_one_line_and_nothing_written(tmp_path, monkeypatch):
    from matrix.errors import MatrixError
    monkeypatch.setattr(cells, "MAX_ROWS", 15)
    target = tmp_path / "matrix.xlsx"
    with pytest.raises(MatrixError) as e:
        write_matrix(plan([many_agencies(12)], Registry()), target,
                     {"lead": "牵头", "support": "配合"}, "2026-01-01")
    assert "more than 15 rows" in str(e.value)
    assert not target.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("n,split", [(50, True), (51, False)])
def test_the_summary_counts_per_document_only_while_it_stays_readable(tmp_path, n, split):
    """Past 50 documents, 总览 gives each agency's totals (each document's sheet keeps its
    own counts) and says how to split the matrix: two columns a document would print
    across dozens of pages and cost documents × agencies cells."""
    docs = [Document(title=f"文件{i}", measures=[
        Measure(id="一.1", section="一", number="1.", title="措施", text="措施。",
                lead=["甲局"], support=["乙局"])]) for i in range(n)]
    target = tmp_path / "matrix.xlsx"
    write_matrix(plan(docs, Registry()), target, {"lead": "牵头", "support": "配合"}, "2026-01-01")
    ws = openpyxl.load_workbook(target)["总览"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    row = next(v for v in values if v[0] == "甲局")
    if split:
        assert row[1:3] == [1, None] and row[2 * n + 1:2 * n + 4] == [n, 0, n]
    else:
        assert row[1:4] == [n, 0, n]
        assert any("--group-by" in str(v[0]) for v in values)
