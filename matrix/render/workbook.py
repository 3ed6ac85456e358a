"""matrix.xlsx: 总览 first, one sheet per document in input order, then 未分配, and 变更
after a revision.

Each sheet has its own writer function taking the shared `Plan`.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from . import paper, reuse, styles
from .cells import LINE_HEIGHT, MAX_COLUMNS, SheetWriter, Stylist, formula_text, quote_sheet, saving, wrapped_lines
from .tasks import DocPlan, Plan
from .. import words
from typing import TYPE_CHECKING
if TYPE_CHECKING:       # the type only: suggestions are made before rendering
    from ..suggest import Suggestion

# Document sheet layout: a header block, a legend, then the table.
DOC_HEADER_ROW = 6               # the table's column headings
DOC_FIRST_ROW = DOC_HEADER_ROW + 1
# 总览 counts each agency's tasks per document for up to this many documents: past it, two
# columns a document print across dozens of pages, and cost documents × agencies cells
# (at 5 000 documents, 2 million). Each document's sheet still has its own counts.
SUMMARY_SPLIT_MOST = 50
SUMMARY_LINK = styles.Look(border=True, wrap=True, color="0563C1")   # 总览 → a document sheet


def doc_row_number(index: int) -> int:
    """Sheet row of the `index`-th (0-based) table row of a document sheet."""
    return DOC_FIRST_ROW + index


def _header_height(names: list[str], per_line: int = 3) -> float:
    """Tall enough for agency names wrapped a few characters a line in narrow columns."""
    lines = max([1, *((len(n) + per_line - 1) // per_line for n in names)])
    return min(15 * lines + 6, 160)


def comment(text: str) -> Comment:
    return Comment(text, words.COMMENT_AUTHOR, width=300, height=120)


def change_note(changes) -> str:
    return "本次修订：" + "；".join(c.label + (f"（{c.written_detail}）" if c.written_detail
                                              else "") for c in changes)


def _override_cells(w: SheetWriter, row, lead_cell, support_cell):
    """Cells an override set: marked in colour, with a comment naming the override."""
    m = row.measure
    if row.is_task or not m.override:
        return lead_cell, support_cell
    note = f"人工修正（config/overrides.yaml）：{m.override}"
    if m.exempt and not m.lead:
        lead_cell = w.text("（不分配）", styles.OVERRIDDEN)
        lead_cell.comment = comment(note)
    if "lead" in m.override_fields:
        lead_cell = w.text(lead_cell.value, styles.OVERRIDDEN)
        lead_cell.comment = comment(note)
    if "support" in m.override_fields:
        support_cell = w.text(support_cell.value, styles.OVERRIDDEN)
        support_cell.comment = comment(note)
    return lead_cell, support_cell


def _doc_legend(w: SheetWriter, labels: tuple[str, str], changed: bool,
                overridden: bool) -> tuple[list, str]:
    """The legend row of a document sheet, and the same in words for the printed footer:
    every mark the sheet uses, and only those."""
    lead_label, support_label = labels
    cells = [w.text("图例", styles.SUBTITLE), None,
             w.text("无牵头、无配合", styles.legend_look(styles.UNASSIGNED_FILL)),
             w.text("有配合、无牵头", styles.legend_look(styles.SUPPORT_ONLY_FILL)),
             w.text(lead_label, styles.legend_look(styles.LEAD_MARK_FILL)),
             w.text(support_label, styles.legend_look(styles.SUPPORT_MARK_FILL)), None]
    said = ["红底＝无牵头、无配合单位", "黄底＝有配合、无牵头单位",
            f"绿底＝{lead_label}", f"蓝底＝{support_label}"]
    if changed:
        cells[1] = w.text("本次修订变更", styles.legend_look(styles.CHANGED_FILL))
        said.append("紫底序号＝本次修订变更（见“变更”工作表）")
    if overridden:
        cells[6] = w.text("人工修正", styles.OVERRIDDEN)
        said.append("紫色粗体＝人工修正")
    return cells, "图例：" + "；".join(said)


def write_document_sheet(w: SheetWriter, dp: DocPlan, labels: tuple[str, str],
                         changes=None, doc_index: int = 0) -> None:
    lead_label, support_label = labels
    doc = dp.doc
    fixed = len(words.DOC_COLUMNS)
    ncols = fixed + len(dp.columns)
    last = get_column_letter(ncols)
    table = [[r.number, r.measure.section, r.measure.title, None, "、".join(r.lead),
              "、".join(r.support), "；".join(r.deadlines)] for r in dp.rows]
    # Alone, the table fits one page; with agency columns it fills the first page of a
    # printout at full size, and the agency block follows on pages of its own.
    budget = paper.PAGE_UNITS if not dp.columns else paper.FULL_PAGE_UNITS
    widths = [*paper.widths(styles.DOC_RULES, [words.DOC_COLUMNS, *table], budget),
              *[styles.AGENCY_COL_WIDTH] * len(dp.columns)]
    w.start(widths, freeze=f"D{DOC_FIRST_ROW}")
    marked = {i: changes.for_measure(doc_index, r.measure.id)
              for i, r in enumerate(dp.rows) if not r.is_task} if changes else {}
    marked = {i: c for i, c in marked.items() if c}
    overridden = any(r.measure.override for r in dp.rows if not r.is_task)
    legend, footer = _doc_legend(w, labels, bool(marked), overridden)
    # On paper the header block is the printed page header, on every page; the rows
    # above the table are for the screen (their text would be cut on later pages).
    paper.set_up(w.ws, widths, doc.title, repeat_cols="A:C", footer=footer,
                 left="　".join(x for x in (doc.issuer, doc.number) if x),
                 right="　".join(x for x in (doc.date, words.status_word(doc.status)) if x))
    w.ws.print_title_rows = f"{DOC_HEADER_ROW}:{DOC_HEADER_ROW}"
    if dp.columns and not paper.fits(widths):
        paper.column_break_after(w.ws, fixed)

    # Header block: everything the office cites about the document.
    w.append([w.text(doc.title, styles.TITLE)], height=26)
    w.append([w.text(f"发文单位：{doc.issuer or '—'}　　文号：{doc.number or '—'}",
                     styles.SUBTITLE)])
    w.append([w.text(f"成文日期：{doc.date or '—'}　　状态：{words.status_word(doc.status)}"
                     f"　　措施 {dp.measures} 项，未分配 {len(dp.unassigned)} 项"
                     + ("" if dp.columns or not dp.agencies else
                        f"　　涉及单位 {len(dp.agencies)} 个，超出表格列数上限，不逐单位列出，"
                        "见“牵头单位”“配合单位”两列"), styles.SUBTITLE)])
    w.append(legend, height=30)
    w.blank()
    header = [w.text(h, styles.HEADER) for h in [*words.DOC_COLUMNS, *dp.columns]]
    at = w.append(header, height=_header_height(dp.columns))
    assert at == DOC_HEADER_ROW, "the 未分配 links rely on this layout"

    # One cell per mark, shared by every row: cells are only read when written, and the
    # agency block (rows × agencies, mostly empty) is most of the cells of the workbook.
    marks = {"lead": w.text(lead_label, styles.CELL_CENTER),
             "support": w.text(support_label, styles.CELL_CENTER),
             None: w.text(None, styles.CELL_CENTER)}
    for i, row in enumerate(dp.rows):
        context = styles.TASK_CONTEXT if row.is_task else styles.CELL_WRAP
        changed = marked.get(i)
        number = w.text(row.number, styles.CHANGED if changed else styles.CELL_CENTER)
        if changed:
            number.comment = comment(change_note(changed))
        lead_cell, support_cell = _override_cells(
            w, row, w.text("、".join(row.lead), styles.CELL_WRAP),
            w.text("、".join(row.support), styles.CELL_WRAP))
        cells = [number,
                 w.text(row.measure.section, context),
                 w.text(row.measure.title, context),
                 w.text(row.text, styles.CELL_WRAP),
                 lead_cell,
                 support_cell,
                 w.text("；".join(row.deadlines), styles.CELL_WRAP)]
        cells.extend(marks[row.role_of(agency)] for agency in dp.columns)
        w.append(cells)
    if not dp.rows:
        w.append([w.text("（未识别出措施）", styles.SUBTITLE)])
        return

    first, end = DOC_FIRST_ROW, w.row
    w.ws.auto_filter.ref = f"A{DOC_HEADER_ROW}:{last}{end}"
    # A changed row's 序号 stays violet whatever colour the row's state gives the rest.
    keep = [f"A{doc_row_number(i)}" for i in marked]
    _document_rules(w.ws, first, end, fixed, ncols, labels, keep)
    w.ws.print_area = f"A{DOC_HEADER_ROW}:{last}{end}"


def _document_rules(ws, first: int, end: int, fixed: int, ncols: int,
                    labels: tuple[str, str], keep: list[str] = ()) -> None:
    """Live highlighting: formulas over the cells, so a clerk's edits update it at once.
    Rules added earlier take priority; `keep` are cells whose own fill must show."""
    lead_label, support_label = (formula_text(x) for x in labels)
    cf = ws.conditional_formatting
    if keep:
        cf.add(" ".join(keep), FormulaRule(formula=["TRUE"], fill=styles.fill(styles.CHANGED_FILL),
                                           stopIfTrue=True))
    lead_col = get_column_letter(styles.COL_LEAD)
    support_col = get_column_letter(styles.COL_SUPPORT)
    # A row counts as led when 牵头单位 is filled or a 牵头 mark is typed in an agency column.
    no_lead = [f'TRIM(${lead_col}{first})=""']
    no_support = [f'TRIM(${support_col}{first})=""']
    if ncols > fixed:
        first_agency, last_agency = get_column_letter(fixed + 1), get_column_letter(ncols)
        marks = f"${first_agency}{first}:${last_agency}{first}"
        no_lead.append(f"COUNTIF({marks},{lead_label})=0")
        no_support.append(f"COUNTIF({marks},{support_label})=0")
        # Role marks first: rules added earlier take priority.
        area = f"{first_agency}{first}:{last_agency}{end}"
        cf.add(area, FormulaRule(formula=[f"{first_agency}{first}={lead_label}"],
                                 fill=styles.fill(styles.LEAD_MARK_FILL), stopIfTrue=True))
        cf.add(area, FormulaRule(formula=[f"{first_agency}{first}={support_label}"],
                                 fill=styles.fill(styles.SUPPORT_MARK_FILL), stopIfTrue=True))
        dv = DataValidation(type="list", formula1=f'"{labels[0]},{labels[1]}"', allow_blank=True,
                            showErrorMessage=True, errorTitle="角色",
                            error=f"请填写“{labels[0]}”或“{labels[1]}”，或留空。")
        dv.add(area)
        ws.data_validations.append(dv)
    table = f"A{first}:{get_column_letter(fixed)}{end}"
    unassigned = f"AND({','.join(no_lead + no_support)})"
    support_only = f"AND({','.join(no_lead)},NOT(AND({','.join(no_support)})))"
    cf.add(table, FormulaRule(formula=[unassigned], fill=styles.fill(styles.UNASSIGNED_FILL)))
    cf.add(table, FormulaRule(formula=[support_only], fill=styles.fill(styles.SUPPORT_ONLY_FILL)))


# 总览's columns: names, then two count columns a document (牵头, 配合), then the totals.
# The first table puts 成文日期 and 状态 in the second and third.
SUMMARY_RULES = (12, 24, 0)
SUMMARY_DATE, SUMMARY_STATUS, SUMMARY_COUNT = 11, 10, 6
# Agencies one chart shows: more would not fit a page at a readable bar height.
CHART_AGENCIES = 20
CHART_ROWS = 30                  # rows a chart's page takes (it is at most 15 cm)
CHART_ROW_HEIGHT = 15            # points: 30 rows of it are a little more than the chart


def _summary_widths(plan: Plan, ndocs: int) -> list[float]:
    """Names as wide as they need, but narrowed first when that keeps the page whole."""
    names = [[dp.sheet] for dp in plan.docs] + [[a] for a in plan.agencies]
    first = paper.widths([SUMMARY_RULES], [["文件"], *names])[0]
    counts = [SUMMARY_COUNT] * (max(6, 2 * ndocs + 4) - 2)
    rest = SUMMARY_DATE + SUMMARY_STATUS + sum(counts)
    first = max(SUMMARY_RULES[0], min(first, paper.PAGE_UNITS - rest))
    return [first, SUMMARY_DATE, SUMMARY_STATUS, *counts]


def write_summary_sheet(w: SheetWriter, plan: Plan, generated: str, labels: tuple[str, str],
                        flag_unknown: bool) -> None:
    ndocs = len(plan.docs)
    # Two count columns a document, for up to SUMMARY_SPLIT_MOST documents; past that, the
    # totals only (each document's sheet has its own counts).
    split = plan.docs if ndocs <= SUMMARY_SPLIT_MOST and 2 * ndocs + 6 <= MAX_COLUMNS else []
    nsplit = len(split)
    widths = _summary_widths(plan, nsplit)
    w.start(widths)
    paper.set_up(w.ws, widths, "任务分工总览", repeat_cols="A:A")
    w.append([w.text("任务分工总览", styles.TITLE)], height=26)
    w.append([w.text(f"生成日期：{generated}　　文件 {ndocs} 份，措施 {plan.measures} 项，"
                     f"涉及单位 {len(plan.agencies)} 个，未分配措施 {plan.unassigned} 项",
                     styles.SUBTITLE)])
    w.blank()

    w.append([w.text("一、各文件措施分配情况", styles.SECTION)])
    w.append([w.text(h, styles.HEADER) for h in ["文件", "成文日期", "状态", "措施", "已分配",
                                                 "未分配"]], height=30)
    for dp in plan.docs:
        # The sheet name, not the title: two documents may share a title.
        w.append([w.link(dp.sheet, dp.sheet, "A1", SUMMARY_LINK),
                  w.text(dp.doc.date or "", styles.CELL_CENTER),
                  w.text(words.status_word(dp.doc.status), styles.CELL_CENTER),
                  w.number(dp.measures), w.number(dp.assigned), w.number(len(dp.unassigned))])
    w.blank()

    # Then the charts, each on a page of its own, before the agency table: that table's
    # headings repeat on the pages it takes, and a chart page must not carry them.
    nagencies = len(plan.agencies)
    parts = math.ceil(nagencies / CHART_AGENCIES)
    first_agency = w.row + 1 + parts * CHART_ROWS + 3     # where the table's rows will be
    lead_col = 2 + 2 * nsplit
    most = max([sum(plan.counts(a)) for a in plan.agencies] or [1])
    for k in range(parts):
        at = w.append([w.text("二、各单位任务数图" if k == 0 else None, styles.SECTION)])
        paper.page_break_before(w.ws, at)
        lo = first_agency + k * CHART_AGENCIES
        hi = min(first_agency + nagencies - 1, lo + CHART_AGENCIES - 1)
        title = "各单位任务数" + (f"（{k + 1}/{parts}）" if parts > 1 else "")
        w.ws.add_chart(_agency_chart(w.ws, title, first_agency - 1, lo, hi, lead_col, most),
                       f"A{at + 1}")
        for _ in range(CHART_ROWS - 1):          # the rows the chart covers
            w.append([], height=CHART_ROW_HEIGHT)

    section = w.append([w.text(f"{'三' if parts else '二'}、各单位任务数（{labels[0]} / {labels[1]}）"
                               + ("" if nsplit == ndocs else
                                  f"：文件超过 {SUMMARY_SPLIT_MOST} 份，只列合计，各文件的数目见其"
                                  "工作表（或用 --group-by 按年份、发文单位或文件夹分组）"),
                               styles.SECTION)])
    paper.page_break_before(w.ws, section)
    top_height = max(48, 6 + LINE_HEIGHT * max(
        [1, *(wrapped_lines(dp.sheet, widths[1 + 2 * i] + widths[2 + 2 * i])
              for i, dp in enumerate(split))]))
    top = agency_counts_head(w, [dp.sheet for dp in split], labels, flag_unknown,
                             min(top_height, 160))
    assert w.row + 1 == first_agency or not parts, "the charts were drawn for this layout"
    unknown = set(plan.unknown) if flag_unknown else set()
    for agency in plan.agencies:
        agency_counts_row(w, agency, [plan.counts(agency, i) for i in range(nsplit)],
                          plan.counts(agency), agency in unknown, flag_unknown)
    w.ws.print_title_rows = f"{top}:{top + 1}"


def agency_counts_head(w: SheetWriter, parts: list[str], labels: tuple[str, str],
                       flag_unknown: bool, height: float) -> int:
    """The two heading rows of a table of agency counts: 单位, a lead / support pair for
    each part (document or group), 合计 (lead, support, 小计), 备注. Returns the first."""
    note = [w.text("备注", styles.HEADER)] if flag_unknown else []
    top = w.append([w.text("单位", styles.HEADER),
                    *[c for name in parts for c in (w.text(name, styles.HEADER),
                                                    w.text(None, styles.HEADER))],
                    w.text("合计", styles.HEADER), w.text(None, styles.HEADER),
                    w.text(None, styles.HEADER), *note], height=height)
    sub = [w.text(None, styles.HEADER)]
    for _ in parts:
        sub += [w.text(labels[0], styles.HEADER), w.text(labels[1], styles.HEADER)]
    sub += [w.text(labels[0], styles.HEADER), w.text(labels[1], styles.HEADER),
            w.text("小计", styles.HEADER)]
    if flag_unknown:
        sub.append(w.text(None, styles.HEADER))
    w.append(sub)
    # Collected, then set at once: adding one by one checks each against all (n²).
    merged = [f"A{top}:A{top + 1}"]
    for j in range(len(parts) + 1):
        c1 = get_column_letter(2 + 2 * j)
        c2 = get_column_letter(3 + 2 * j + (1 if j == len(parts) else 0))
        merged.append(f"{c1}{top}:{c2}{top}")
    if flag_unknown:
        c = get_column_letter(2 * len(parts) + 5)
        merged.append(f"{c}{top}:{c}{top + 1}")
    w.ws.merged_cells = MultiCellRange(" ".join(merged))
    return top


def agency_counts_row(w: SheetWriter, agency: str, parts: list[tuple[int, int]],
                      total: tuple[int, int], unknown: bool, flag_unknown: bool) -> None:
    """One agency's row under agency_counts_head: a part's zero is left blank."""
    cells = [w.text(agency, styles.CELL_WRAP)]
    for lead, support in parts:
        cells += [w.number(lead or None), w.number(support or None)]
    lead, support = total
    cells += [w.number(lead), w.number(support), w.number(lead + support)]
    if flag_unknown:
        cells.append(w.text("不在单位名录" if unknown else None, styles.CELL))
    w.append(cells)


def _axis_step(most: int) -> int:
    """A whole-number step giving about five gridlines up to `most`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if most / step <= 6:
            return step
    return max(1, most // 5)


def _agency_chart(ws, title: str, heading: int, lo: int, hi: int, lead_col: int,
                  most: int, stacked: bool = True) -> BarChart:
    """Horizontal bars (stacked, or side by side) of two columns from lead_col for the
    agencies in rows lo–hi; the legend names the colours by the column headings."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked" if stacked else "clustered"
    chart.overlap = 100 if stacked else 0
    chart.gapWidth = 60
    chart.title = title
    for col in (lead_col, lead_col + 1):
        series = Series(Reference(ws, min_col=col, min_row=lo, max_row=hi), title_from_data=False)
        series.tx = SeriesLabel(strRef=StrRef(f"{quote_sheet(ws.title)}!"
                                              f"${get_column_letter(col)}${heading}"))
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=1, min_row=lo, max_row=hi))
    chart.x_axis.scaling.orientation = "maxMin"     # first agency at the top, as in the table
    chart.x_axis.delete = False
    chart.x_axis.tickLblSkip = 1                    # every agency named, none skipped for room
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = _axis_step(max(1, most))    # whole numbers: these are counts
    chart.y_axis.number_format = "0"
    chart.legend.position = "b"
    chart.width = 24
    chart.height = min(paper.PAGE_HEIGHT_CM, 0.6 * (hi - lo + 1) + 3)
    return chart


def _suggested(s: Optional[Suggestion]) -> tuple[str, str]:
    """The candidates, one a line with its score, and why the first is proposed."""
    if s is None or not s.lead:
        return "", ""
    names = "\n".join(f"{c.agency}（{c.score:.2f}）" for c in s.lead)
    return names, s.lead[0].reason


def write_unassigned_sheet(w: SheetWriter, plan: Plan,
                           suggestions: Optional[dict[tuple[str, str], Suggestion]] = None) -> None:
    suggestions = suggestions or {}
    rows = []
    for dp in plan.docs:
        index = {id(r): i for i, r in enumerate(dp.rows)}
        for row in dp.unassigned:
            rows.append((dp, row, doc_row_number(index[id(row)]),
                         _suggested(suggestions.get((dp.doc.key, row.measure.id)))))
    widths = paper.widths(styles.UNASSIGNED_RULES, [
        words.UNASSIGNED_COLUMNS, *([dp.sheet, row.measure.section, row.number,
                                      row.measure.title, "、".join(row.support), *sug,
                                      f"第 {at} 行"]
                                     for dp, row, at, sug in rows)])
    w.start(widths, freeze="A5")
    paper.set_up(w.ws, widths, "未分配措施（无牵头单位）", repeat_cols="A:C")
    w.ws.print_title_rows = "4:4"
    w.append([w.text("未分配措施（无牵头单位）", styles.TITLE)], height=26)
    w.append([w.text(f"共 {plan.unassigned} 项。点击“位置”跳到文件工作表中的该行；"
                     "在那里填入牵头单位后，该行的高亮会自动消失。", styles.SUBTITLE)])
    w.append([w.text(words.SUGGESTED_NOTE, styles.SUBTITLE)])
    w.append([w.text(h, styles.HEADER) for h in words.UNASSIGNED_COLUMNS], height=22)
    for dp, row, at, (names, reason) in rows:
        w.append([w.text(dp.sheet, styles.CELL_WRAP),
                  w.text(row.measure.section, styles.CELL_WRAP),
                  w.text(row.number, styles.CELL_CENTER),
                  w.text(row.measure.title, styles.CELL_WRAP),
                  w.text("、".join(row.support), styles.CELL_WRAP),
                  w.text(names, styles.CELL_WRAP),
                  w.text(reason, styles.CELL_WRAP),
                  w.link(f"第 {at} 行", dp.sheet, f"A{at}")])
    if w.row > 4:
        w.ws.auto_filter.ref = f"A4:{get_column_letter(len(words.UNASSIGNED_COLUMNS))}{w.row}"


def write_changes_sheet(w: SheetWriter, plan: Plan) -> None:
    """变更: every change the latest revisions made, and the agencies each one concerns."""
    all_changes = plan.changes.all() if plan.changes else []
    # 征求意见稿 → 正式文件, never draft → final: a workbook is all Chinese.
    rows = [[c.label, plan.docs[i].sheet, c.measure or "", c.title, c.written_before,
             c.written_after, "、".join(c.agencies)] for i, c in all_changes]
    widths = paper.widths(styles.CHANGES_RULES, [words.CHANGES_COLUMNS, *rows])
    w.start(widths, freeze="A5")
    paper.set_up(w.ws, widths, "文件修订变更", repeat_cols="A:C")
    w.ws.print_title_rows = "4:4"
    w.append([w.text("文件修订变更", styles.TITLE)], height=26)
    w.append([w.text(f"与上一版本相比共 {len(all_changes)} 处变更（措施按内容比对，"
                     "仅因插入或删除而重新编号的不计）。", styles.SUBTITLE)])
    w.blank()
    w.append([w.text(h, styles.HEADER) for h in words.CHANGES_COLUMNS], height=22)
    looks = [styles.CELL_CENTER, styles.CELL_WRAP, styles.CELL_CENTER, *[styles.CELL_WRAP] * 4]
    for r in rows:
        w.append([w.text(v, look) for v, look in zip(r, looks)])
    if w.row > 4:
        w.ws.auto_filter.ref = f"A4:{get_column_letter(len(words.CHANGES_COLUMNS))}{w.row}"


# Every look matrix.xlsx uses, registered first and in this order, so that their style
# indices, and the conditional formats' colours, are the same in every build: the
# document sheets of the previous build can then be carried over (reuse.py).
FIXED_LOOKS = [styles.TITLE, styles.SUBTITLE, styles.SECTION, styles.HEADER, SUMMARY_LINK,
               styles.CELL_CENTER, styles.NUMBER, styles.CELL_WRAP, styles.CELL,
               *(styles.legend_look(f) for f in (styles.UNASSIGNED_FILL, styles.SUPPORT_ONLY_FILL,
                                                  styles.LEAD_MARK_FILL, styles.SUPPORT_MARK_FILL,
                                                  styles.CHANGED_FILL)),
               styles.CHANGED, styles.TASK_CONTEXT, styles.OVERRIDDEN]
FIXED_FILLS = [styles.LEAD_MARK_FILL, styles.SUPPORT_MARK_FILL, styles.UNASSIGNED_FILL,
               styles.SUPPORT_ONLY_FILL, styles.CHANGED_FILL]


def fixed_styles(wb, stylist: Stylist) -> int:
    """Register FIXED_LOOKS and the rule colours; returns how many styles are fixed."""
    ws = wb.worksheets[0]
    for look in FIXED_LOOKS:
        stylist.index(look, ws)
    for colour in FIXED_FILLS:       # as FormulaRule(fill=…) makes them
        wb._differential_styles.add(DifferentialStyle(fill=styles.fill(colour)))
    return len(wb._cell_styles)


def document_sheet_key(dp: DocPlan, labels: tuple[str, str], changes, index: int) -> Optional[str]:
    """Everything a document sheet shows, hashed (with the code drawing it); None for a
    sheet marked with changes, which has comments and is always drawn anew."""
    if changes and changes.diffs.get(index) and changes.diffs[index].changes:
        return None
    # The texts are in the document; the rows add what the registry made of its names.
    rows = [(r.number, r.is_task, r.lead, r.support, r.deadlines) for r in dp.rows]
    return reuse.sheet_key("document", labels, repr(dp.doc), dp.columns, dp.measures,
                           len(dp.unassigned), rows)


def _book_names(ws) -> dict:
    """What of a sheet lives in the workbook part: the names of its filter and print ranges."""
    return {"filter": ws.auto_filter.ref, "title_rows": ws.print_title_rows,
            "title_cols": ws.print_title_cols, "area": ws.print_area}


def _set_book_names(ws, names: dict) -> None:
    ws.auto_filter.ref = names["filter"]
    if names["title_rows"]:
        ws.print_title_rows = names["title_rows"]
    if names["title_cols"]:
        ws.print_title_cols = names["title_cols"]
    if names["area"]:
        ws.print_area = names["area"]


def write_matrix(plan: Plan, target: Path, labels: dict[str, str], generated: str,
                 flag_unknown: bool = True,
                 suggestions: Optional[dict[tuple[str, str], Suggestion]] = None) -> Path:
    """Write matrix.xlsx atomically; returns the path written.

    Document sheets the previous build drew from the same content are carried over from
    the old file rather than drawn again (reuse.py).
    """
    roles = words.role_labels(labels)
    target = Path(target)
    wb = Workbook(write_only=True)
    stylist = Stylist()
    summary = SheetWriter(wb.create_sheet(words.SUMMARY_SHEET), stylist)
    doc_writers = [SheetWriter(wb.create_sheet(dp.sheet), stylist) for dp in plan.docs]
    unassigned = SheetWriter(wb.create_sheet(words.UNASSIGNED_SHEET), stylist)
    changes = SheetWriter(wb.create_sheet(words.CHANGES_SHEET), stylist) if plan.changes else None
    fixed = fixed_styles(wb, stylist)
    fixed_rules = len(wb._differential_styles.styles)
    previous = reuse.Previous(target)
    carried: dict[str, str] = {}          # member of the new file → member of the old one
    state: dict[str, dict] = {}           # what the next build may carry over
    with saving(wb, target, lambda tmp: reuse.splice(tmp, target, carried) if carried else None,
                when=generated):
        write_summary_sheet(summary, plan, generated, roles, flag_unknown)
        summary.close()
        for i, (w, dp) in enumerate(zip(doc_writers, plan.docs)):
            key = document_sheet_key(dp, roles, plan.changes, i)
            member = f"xl/worksheets/sheet{i + 2}.xml"        # summary is sheet1
            old = previous.get(key)
            if old:
                # A stand-in with what the workbook part needs (filter and print titles).
                _set_book_names(w.ws, old["names"])
                carried[member] = old["member"]
                state[key] = {**old, "member": member}
            else:
                w.fixed_styles = fixed
                write_document_sheet(w, dp, roles, plan.changes, i)
            w.close()
            if (key and not old and not w.unfixed and not w.own_parts()
                    and len(wb._differential_styles.styles) == fixed_rules):
                state[key] = {"member": member, "names": _book_names(w.ws)}
        write_unassigned_sheet(unassigned, plan, suggestions)
        if changes:
            write_changes_sheet(changes, plan)
        reuse.forget(target)
    reuse.save_state(target, state)
    return target
