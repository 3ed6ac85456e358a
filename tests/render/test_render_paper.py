"""How the workbooks are set up to print, read back with openpyxl (test_print.py looks
at the printed pages themselves)."""
from __future__ import annotations

import math

import openpyxl

from matrix.model import Document, Source
from matrix.render import paper, plan, write_agency, write_matrix
from matrix.render.workbook import CHART_AGENCIES

from render_samples import doc_a, doc_b, measure, registry

LABELS = {"lead": "牵头", "support": "配合"}


def many_agencies(n: int) -> Document:
    return Document(title="甲&乙联合发文的方案", date="2024-01-01",
                    source=Source("examples/m.txt", "3" * 64, "utf-8"),
                    measures=[measure(f"一.{i}", f"措施{i}", lead=[f"第{i}局"],
                                      support=[f"第{i + 1}局"]) for i in range(1, n + 1)])


def test_widths_follow_the_content_and_fill_one_page():
    rules = [(4, 10, 0), (10, 40, 1), (4, 8, 0)]
    short = paper.widths(rules, [["一", "文字", "是"]])
    assert short[0] == 4 and short[2] == 4 and sum(short) <= paper.PAGE_UNITS
    assert math.isclose(sum(short), paper.PAGE_UNITS, abs_tol=0.2)   # the long text takes the rest
    long = paper.widths(rules, [["很长很长很长很长的编号", "文字", "很长很长很长很长"]])
    assert long[0] == 10 and long[2] == 8                      # capped at their most
    # Wider than the page in total: the others narrow toward their least.
    squeezed = paper.widths([(10, 100, 0), (10, 100, 0)], [["字" * 60, "字" * 60]])
    assert sum(squeezed) <= paper.PAGE_UNITS and squeezed[0] == squeezed[1]


def test_an_agency_list_fits_one_page_wide_landscape_a4(tmp_path):
    target = tmp_path / "a.xlsx"
    write_agency(plan([doc_a(), doc_b()], registry()), "区市场监管局", target, LABELS,
                 "2024-05-01")
    ws = openpyxl.load_workbook(target).active
    widths = [d.width for d in ws.column_dimensions.values() if not d.hidden]
    assert sum(widths) <= paper.PAGE_UNITS + 0.05
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("landscape", 9)
    assert ws.oddHeader.center.text == "区市场监管局任务清单"
    assert "&P" in ws.oddFooter.right.text and "橙底" in ws.oddFooter.left.text
    legend = [c.value for c in ws[next(r for r in range(1, 20) if ws.cell(r, 1).value == "图例")]]
    assert "本单位牵头" in legend


def test_summary_headings_are_bordered_and_charts_take_a_page_each(tmp_path):
    target = tmp_path / "m.xlsx"
    n = CHART_AGENCIES * 2 + 3
    write_matrix(plan([many_agencies(n - 1), doc_a()], registry()), target, LABELS, "2024-05-01")
    ws = openpyxl.load_workbook(target)["总览"]
    top = next(r for r in range(1, ws.max_row) if ws.cell(r, 1).value == "单位")
    note = next(c for c in ws[top] if c.value == "备注")
    assert note.border.top.style and note.border.left.style
    assert f"{note.coordinate}:{note.column_letter}{top + 1}" in {str(m) for m in ws.merged_cells}
    assert ws.print_title_rows == f"${top}:${top + 1}"
    charts = ws._charts
    agencies = sum(1 for r in range(top + 2, ws.max_row + 1) if ws.cell(r, 1).value)
    assert len(charts) == math.ceil(agencies / CHART_AGENCIES) == 3
    breaks = {b.id for b in ws.row_breaks.brk}
    for chart in charts:
        anchor = chart.anchor._from.row + 1                # 1-based row the chart starts at
        assert anchor - 2 in breaks                        # a new page starts at its heading
        assert chart.height <= paper.PAGE_HEIGHT_CM
        assert chart.y_axis.majorUnit == int(chart.y_axis.majorUnit) >= 1
        assert chart.y_axis.number_format.formatCode == "0" and chart.legend.position == "b"
        assert anchor < top                                # before the table, whose headings repeat
    assert top - 2 in breaks                               # and the table starts a page


def test_the_printed_header_carries_the_document_not_its_codes(tmp_path):
    target = tmp_path / "m.xlsx"
    write_matrix(plan([many_agencies(3)], registry()), target, LABELS, "2024-05-01")
    ws = openpyxl.load_workbook(target).worksheets[1]
    # & starts a code in a printed header: the document's own is doubled.
    assert ws.oddHeader.center.text == "甲&&乙联合发文的方案"
    assert ws.oddHeader.right.text.startswith("2024-01-01")
    assert "红底" in ws.oddFooter.left.text
