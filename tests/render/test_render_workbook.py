"""matrix.xlsx read back with openpyxl: sheets, header block, table, marks, rules, links."""
from __future__ import annotations

import re

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from matrix.errors import MatrixError
from matrix.render import plan, write_matrix
from matrix.render.workbook import DOC_FIRST_ROW, DOC_HEADER_ROW

from render_samples import doc_a, doc_b, hostile_doc, registry

LABELS = {"lead": "牵头", "support": "配合"}
HEADERS = ["序号", "章节", "措施", "任务内容", "牵头单位", "配合单位", "完成时限"]


def write(tmp_path, docs, labels=LABELS):
    target = tmp_path / "matrix.xlsx"
    write_matrix(plan(docs, registry()), target, labels, "2024-05-01")
    return openpyxl.load_workbook(target)


@pytest.fixture
def wb(tmp_path):
    return write(tmp_path, [doc_a(), doc_b()])


def table(ws):
    """The document table as {序号: row values}, header from DOC_HEADER_ROW."""
    header = [c.value for c in ws[DOC_HEADER_ROW]]
    rows = {}
    for r in ws.iter_rows(min_row=DOC_FIRST_ROW, values_only=True):
        rows[r[0]] = dict(zip(header, r))
    return header, rows


def test_sheets_in_order_with_distinct_names(wb):
    assert wb.sheetnames == ["总览", "新疆·促进中小企业健康发展的实施意见",
                             "浙江·促进中小企业健康发展的实施意见", "未分配"]


def test_header_block_names_the_document(wb):
    ws = wb.worksheets[1]
    block = " ".join(str(ws.cell(r, 1).value) for r in range(1, 4))
    assert ws["A1"].value == "关于促进中小企业健康发展的实施意见"
    for part in ["新疆维吾尔自治区人民政府办公厅", "新政办发〔2019〕90号", "2019-08-06", "正式文件"]:
        assert part in block
    assert "征求意见稿" in wb.worksheets[2]["A3"].value


def test_table_columns_rows_and_role_marks(wb):
    header, rows = table(wb.worksheets[1])
    assert header == HEADERS + ["区发展改革委", "区市场监管局", "区财政局", "新设局"]
    ws = wb.worksheets[1]
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=DOC_FIRST_ROW)]
    assert [v[0] for v in values] == ["（一）", "（一）-1", "（一）-2", "（二）", "（一）"]
    head, t1, t2, support_only, nobody = (dict(zip(header, v)) for v in values)
    assert head["牵头单位"] == "区发展改革委" and head["配合单位"] == "区财政局、新设局"
    assert head["完成时限"] == "2025年底前"
    assert (head["区发展改革委"], head["区财政局"], head["区市场监管局"]) == ("牵头", "配合", None)
    assert t2["任务内容"] == "第二项任务" and t2["区市场监管局"] == "牵头" and t2["新设局"] == "配合"
    assert t2["措施"] == "放宽市场准入"      # context repeated on clause rows, for filtering
    assert support_only["牵头单位"] is None and support_only["区财政局"] == "配合"
    assert nobody["章节"] == "二、保障措施"
    assert not any(nobody[a] for a in header[7:])


def test_conditional_formatting_is_live_formulas_over_the_table(wb):
    ws = wb.worksheets[1]
    end = ws.max_row
    rules = {str(cf.sqref): [r for r in cf.rules] for cf in ws.conditional_formatting}
    marks = f"H{DOC_FIRST_ROW}:K{end}"
    table_area = f"A{DOC_FIRST_ROW}:G{end}"
    assert set(rules) == {marks, table_area}
    r = DOC_FIRST_ROW
    assert [x.formula for x in rules[marks]] == [[f'H{r}="牵头"'], [f'H{r}="配合"']]
    unassigned, support_only = rules[table_area]
    # The formulas must point at the 牵头单位 / 配合单位 columns and the agency block.
    assert ws[f"E{DOC_HEADER_ROW}"].value == "牵头单位" and ws[f"F{DOC_HEADER_ROW}"].value == "配合单位"
    assert unassigned.formula == [f'AND(TRIM($E{r})="",COUNTIF($H{r}:$K{r},"牵头")=0,'
                                  f'TRIM($F{r})="",COUNTIF($H{r}:$K{r},"配合")=0)']
    assert support_only.formula == [f'AND(TRIM($E{r})="",COUNTIF($H{r}:$K{r},"牵头")=0,'
                                    f'NOT(AND(TRIM($F{r})="",COUNTIF($H{r}:$K{r},"配合")=0)))']
    fills = [x.dxf.fill.bgColor.rgb[-6:] for x in (*rules[marks], unassigned, support_only)]
    assert len(set(fills)) == 4          # four different colours
    # Role marks outrank the row colours.
    assert max(x.priority for x in rules[marks]) < min(unassigned.priority, support_only.priority)


def evaluate(formula: str, ws, row: int) -> bool:
    """Evaluate one of our row formulas at `row`, by translating it to Python.

    Only the functions the rules use are known (AND, NOT, TRIM, COUNTIF), so a rule that
    changes shape fails here instead of passing unchecked.
    """
    def trim(col):
        return str(ws[f"{col}{row}"].value or "").strip()

    def countif(first, last, label):
        cols = range(column_index_from_string(first), column_index_from_string(last) + 1)
        return sum(ws.cell(row, c).value == label for c in cols)

    py = re.sub(r'TRIM\(\$([A-Z]+)\d+\)=""', r'(trim("\1")=="")', formula)
    py = re.sub(r'COUNTIF\(\$([A-Z]+)\d+:\$([A-Z]+)\d+,"([^"]*)"\)=0',
                r'(countif("\1","\2","\3")==0)', py)
    py = py.replace("AND(", "all_(").replace("NOT(", "not_(")
    assert re.fullmatch(r'[a-z_()",=A-Z0-9\u4e00-\u9fff]+', py), py
    return eval(py, {"trim": trim, "countif": countif, "all_": lambda *a: all(a),
                     "not_": lambda a: not a})


def test_typing_a_lead_clears_the_unassigned_highlight(wb):
    ws = wb.worksheets[1]
    rows_rules = [cf for cf in ws.conditional_formatting if str(cf.sqref).startswith("A")][0]
    unassigned, support_only = (r.formula[0] for r in rows_rules.rules)
    row = DOC_FIRST_ROW + 4                 # 二.（一）: nobody
    assert evaluate(unassigned, ws, row) and not evaluate(support_only, ws, row)
    ws[f"E{row}"] = "区财政局"
    assert not evaluate(unassigned, ws, row) and not evaluate(support_only, ws, row)
    ws[f"E{row}"] = None
    ws[f"H{row}"] = "牵头"                  # a mark in an agency column counts too
    assert not evaluate(unassigned, ws, row)
    ws[f"H{row}"] = "配合"                  # support without a lead: the other colour
    assert not evaluate(unassigned, ws, row) and evaluate(support_only, ws, row)
    led = DOC_FIRST_ROW                     # 一.（一） has a lead: neither colour
    assert not evaluate(unassigned, ws, led) and not evaluate(support_only, ws, led)
    support_row = DOC_FIRST_ROW + 3         # 一.（二）: support only
    assert evaluate(support_only, ws, support_row)


def test_agency_cells_offer_only_the_role_labels(wb):
    ws = wb.worksheets[1]
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1
    dv = dvs[0]
    assert dv.type == "list" and dv.formula1 == '"牵头,配合"'
    assert str(dv.sqref) == f"H{DOC_FIRST_ROW}:K{ws.max_row}"


def test_sheet_is_ready_to_use_and_print(wb):
    ws = wb.worksheets[1]
    assert ws.freeze_panes == f"D{DOC_FIRST_ROW}"
    assert ws.auto_filter.ref == f"A{DOC_HEADER_ROW}:K{ws.max_row}"
    assert ws.print_title_rows == f"${DOC_HEADER_ROW}:${DOC_HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    # Wider than a page with its agency columns: full size across pages, 序号 to 措施
    # repeated, the agency block on pages of its own, the title in every page's header.
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == 100
    assert ws.print_title_cols == "$A:$C"
    assert [b.id for b in ws.col_breaks.brk] == [7]
    assert ws.oddHeader.center.text == ws["A1"].value
    assert ws.print_area == f"'{ws.title}'!$A${DOC_HEADER_ROW}:$K${ws.max_row}"
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths["D"] == max(widths.values()) and widths["H"] == 7
    assert ws[f"D{DOC_FIRST_ROW}"].alignment.wrap_text
    # Long text gets a row tall enough to show it.
    assert ws.row_dimensions[DOC_FIRST_ROW].height is None or \
        ws.row_dimensions[DOC_FIRST_ROW].height >= 13
    legend = [ws.cell(4, c).value for c in range(1, 7)]
    assert legend[0] == "图例" and "牵头" in legend and "配合" in legend


def test_summary_counts_and_chart(wb):
    ws = wb["总览"]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    # Both documents share a title; 总览 names them by their sheets, which tell them apart.
    doc_rows = [v for v in values if v[0] in ("新疆·促进中小企业健康发展的实施意见",
                                              "浙江·促进中小企业健康发展的实施意见")]
    assert [(v[0][:2], v[3:6]) for v in doc_rows] == [("新疆", [3, 1, 2]), ("浙江", [1, 1, 0])]
    assert ws.cell(5 + 1, 1).hyperlink.location == "'新疆·促进中小企业健康发展的实施意见'!A1"
    agencies = {v[0]: v for v in values if v[0] in ("区财政局", "区市场监管局", "新设局")}
    # 单位, doc1 牵头/配合, doc2 牵头/配合, 合计 牵头/配合/小计, 备注
    assert agencies["区市场监管局"][1:8] == [1, None, 1, None, 2, 0, 2]
    assert agencies["区财政局"][1:8] == [None, 2, None, None, 0, 2, 2]
    assert agencies["新设局"][8] == "不在单位名录"
    charts = ws._charts
    assert len(charts) == 1
    chart = charts[0]
    assert (chart.type, chart.grouping, chart.overlap) == ("bar", "stacked", 100)
    assert len(chart.series) == 2


def test_unassigned_sheet_links_to_the_rows(wb):
    ws = wb["未分配"]
    rows = [r for r in ws.iter_rows(min_row=5)]
    assert [[c.value for c in r][:4] for r in rows] == [
        ["新疆·促进中小企业健康发展的实施意见", "一、总体要求", "（二）", "配合事项"],
        ["新疆·促进中小企业健康发展的实施意见", "二、保障措施", "（一）", "无人负责"]]
    assert rows[0][4].value == "区财政局"
    where = [c.value for c in ws[4]].index("位置")
    for r in rows:
        sheet, coord = r[where].hyperlink.location.rsplit("!", 1)
        target = wb[sheet.strip("'")][coord]
        assert target.value == r[2].value          # the link lands on that measure's row
        assert wb[sheet.strip("'")].cell(target.row, 3).value == r[3].value


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    wb = write(tmp_path, [hostile_doc()])
    ws = wb.worksheets[1]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    risky = [c for c in cells if str(c.value)[:1] in "=+-@"]
    assert {str(c.value) for c in risky} >= {'=HYPERLINK("http://evil.example","点我")',
                                               "@SUM(A1:A2)", "=1+1局", "-2局"}
    assert all(c.data_type == "s" for c in risky)
    assert ws["A1"].value == '=HYPERLINK("http://evil.example","点我")'
    # Control characters are dropped rather than breaking the file.
    text = [c.value for c in cells if isinstance(c.value, str) and "控制字符" in c.value]
    assert text == ["=cmd|' /C calc'!A0 控制字符"]
    for name in ("总览", "未分配"):
        for row in wb[name].iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s"


def test_labels_come_from_the_config(tmp_path):
    wb = write(tmp_path, [doc_a()], {"lead": "主责", "support": "协办"})
    ws = wb.worksheets[1]
    _, rows = table(ws)
    assert rows["（一）-1"]["区发展改革委"] == "主责" and rows["（一）-1"]["区财政局"] == "协办"
    assert ws.data_validations.dataValidation[0].formula1 == '"主责,协办"'
    formulas = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert f'H{DOC_FIRST_ROW}="主责"' in formulas and all("牵头" not in f for f in formulas)


@pytest.mark.parametrize("labels", [{"lead": "牵,头", "support": "配合"},
                                    {"lead": "同", "support": "同"},
                                    {"lead": 'a"b', "support": "配合"}])
def test_labels_that_break_the_drop_down_are_refused(tmp_path, labels):
    with pytest.raises(MatrixError):
        write(tmp_path, [doc_a()], labels)
    assert not (tmp_path / "matrix.xlsx").exists()


def test_document_without_measures_still_gets_its_sheet(tmp_path):
    d = doc_b()
    d.measures = []
    wb = write(tmp_path, [d])
    ws = wb.worksheets[1]
    assert ws.cell(DOC_HEADER_ROW, 1).value == "序号"
    assert ws.cell(DOC_FIRST_ROW, 1).value == "（未识别出措施）"
    assert not list(ws.conditional_formatting)


def test_columns_follow_the_agencies(tmp_path):
    wb = write(tmp_path, [doc_b()])
    ws = wb.worksheets[1]
    header = [c.value for c in ws[DOC_HEADER_ROW]]
    assert header[7:] == ["区发展改革委", "区市场监管局", "各镇街"]
    last = get_column_letter(len(header))
    assert column_index_from_string(last) == 10
    assert str(ws.data_validations.dataValidation[0].sqref) == \
        f"H{DOC_FIRST_ROW}:{last}{DOC_FIRST_ROW}"
