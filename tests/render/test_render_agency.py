"""agencies/<agency>.xlsx read back: title block, task rows, roles, state list, highlights."""
from __future__ import annotations

import openpyxl
import pytest

from matrix.render import plan, write_agency

from render_samples import doc_a, doc_b, hostile_doc, registry

LABELS = {"lead": "牵头", "support": "配合"}
COLUMNS = ["文件", "序号", "措施", "任务内容", "本单位角色", "其他牵头单位", "配合单位", "完成时限",
           "进展情况", "状态", "备注", "任务编号"]


def write(tmp_path, docs, agency):
    target = tmp_path / "a.xlsx"
    write_agency(plan(docs, registry()), agency, target, LABELS, "2024-05-01")
    return openpyxl.load_workbook(target).active


def header_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "文件")


def test_title_block_names_agency_date_and_sources(tmp_path):
    ws = write(tmp_path, [doc_a(), doc_b()], "区市场监管局")
    assert ws["A1"].value == "区市场监管局任务清单"
    assert "2024-05-01" in ws["A2"].value and "牵头 2 项" in ws["A2"].value
    sources = [ws.cell(r, 1).value for r in range(4, header_row(ws) - 2)]
    assert ws.cell(header_row(ws) - 2, 1).value == "图例"
    assert sources == [
        "1. 《关于促进中小企业健康发展的实施意见》（新疆维吾尔自治区人民政府办公厅，新政办发〔2019〕90号，2019-08-06）",
        "2. 《关于促进中小企业健康发展的实施意见》（中共浙江省委办公厅 浙江省人民政府办公厅，2020-12-31）"]


def test_rows_are_this_agencys_tasks_across_documents(tmp_path):
    ws = write(tmp_path, [doc_a(), doc_b()], "区财政局")
    h = header_row(ws)
    assert [c.value for c in ws[h]] == COLUMNS
    rows = [dict(zip(COLUMNS, r)) for r in ws.iter_rows(min_row=h + 1, values_only=True)]
    assert [(r["序号"], r["本单位角色"]) for r in rows] == [("一.（一）-1", "配合"), ("一.（二）", "配合")]
    first = rows[0]
    assert first["文件"] == "新疆·促进中小企业健康发展的实施意见"     # tells the namesakes apart
    assert first["任务内容"] == "第一项任务，2025年底前完成"
    assert first["其他牵头单位"] == "区发展改革委"
    assert first["配合单位"] is None                 # itself is not listed as its own partner
    assert first["完成时限"] == "2025年底前"
    assert all(r["进展情况"] is None and r["状态"] is None and r["备注"] is None for r in rows)


def test_lead_rows_stand_out_and_state_has_a_drop_down(tmp_path):
    ws = write(tmp_path, [doc_a(), doc_b()], "区市场监管局")
    h = header_row(ws)
    first, end = h + 1, ws.max_row
    assert ws.freeze_panes == f"C{first}"
    assert ws.auto_filter.ref == f"A{h}:L{end}"
    assert ws.column_dimensions["L"].hidden             # the task keys: read back, not printed
    # The office's words and the keys are locked; the bureau's three columns are not, and
    # it may still sort and filter. No password.
    assert ws.protection.sheet and not ws.protection.password
    assert not ws.protection.sort and not ws.protection.autoFilter
    locked = {ws.cell(h, c).value: ws.cell(first, c).protection.locked for c in range(1, 13)}
    assert [k for k, v in locked.items() if not v] == ["进展情况", "状态", "备注"]
    assert ws.print_title_rows == f"${h}:${h}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    dv = ws.data_validations.dataValidation[0]
    assert dv.type == "list" and dv.formula1 == '"未启动,推进中,已完成"'
    assert str(dv.sqref) == f"J{first}:J{end + 20}"      # spare rows for added tasks
    rules = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    lead_rule = rules[f"A{first}:L{end}"][0]
    assert lead_rule.formula == [f'$E{first}="牵头"'] and lead_rule.dxf.font.b
    assert ws[f"E{h}"].value == "本单位角色"
    assert [r.formula for r in rules[f"J{first}:J{end}"]] == [[f'J{first}="已完成"'],
                                                            [f'J{first}="推进中"']]


def test_agency_named_as_formula_is_text(tmp_path):
    ws = write(tmp_path, [hostile_doc()], "=1+1局")
    assert ws["A1"].value == "=1+1局任务清单" and ws["A1"].data_type == "s"
    h = header_row(ws)
    row = list(ws[h + 1])
    assert row[2].value == "@SUM(A1:A2)" and row[2].data_type == "s"
    assert row[6].value == "-2局" and row[6].data_type == "s"
    assert all(c.data_type == "s" for c in ws[h + 1] if isinstance(c.value, str))


@pytest.mark.parametrize("agency", ["区财政局", "新设局", "各镇街"])
def test_every_agency_gets_its_rows(tmp_path, agency):
    p = plan([doc_a(), doc_b()], registry())
    ws = write(tmp_path, [doc_a(), doc_b()], agency)
    assert ws.max_row - header_row(ws) == len(p.tasks[agency])
