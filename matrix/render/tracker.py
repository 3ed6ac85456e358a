"""DIR/tracker.xlsx, the 督办台账: 台账 (every task and where it stands), 未报送 (who has not
reported this round), 通报 (who is behind, on top), 历史 (each round's word on each task).

The colours of 台账 are formulas over its cells, like the matrix's: change the 基准日期 in
B2 or a task's 状态, and they follow. Dates are real dates (shown YYYY-MM-DD), so a date
the clerk types into B2 compares as the written ones do, in Excel, WPS and LibreOffice.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

from . import paper, styles
from .cells import SheetWriter, Stylist, formula_text, saving
from .workbook import CHART_AGENCIES, CHART_ROW_HEIGHT, CHART_ROWS, _agency_chart
from .. import words

from ..words import (HISTORY_COLUMNS, HISTORY_SHEET, LEDGER_COLUMNS, LEDGER_SHEET,
                     REPORT_COLUMNS, REPORT_DOC_COLUMNS, REPORT_SHEET, SILENT_COLUMNS,
                     SILENT_SHEET)

# 任务内容 takes what the page has left: the narrower it is, the taller (and more) the
# printed pages.
LEDGER_RULES = [(7, 9, 0), (5, 8, 0), (7, 9, 0), (30, 30, 4), (7, 9, 0), (4.5, 5, 0),
                (5, 7, 0), (10, 10, 0), (6, 6, 0), (9, 9, 1), (5, 5, 0), (10, 10, 0),
                (5, 5, 0)]
LEDGER_HEADER_ROW = 5
OVERDUE_FILL, DUE_SOON_FILL, SILENT_FILL = "FFC7CE", "FFEB9C", "DDEBF7"   # 红, 黄, 蓝


def write_tracker(standing, history, target: Path, registry) -> Path:
    wb = Workbook(write_only=True)
    stylist = Stylist()
    sheets = [SheetWriter(wb.create_sheet(n), stylist)
              for n in (LEDGER_SHEET, SILENT_SHEET, REPORT_SHEET, HISTORY_SHEET)]
    with saving(wb, target, when=standing.today.isoformat()):
        _ledger(sheets[0], standing)
        _silent(sheets[1], standing, registry)
        _report(sheets[2], standing)
        _history(sheets[3], standing, history)
    return target


def _ledger(w: SheetWriter, s) -> None:
    rows = []
    for t in s.tasks:
        now = s.this_round.get((t.agency, t.key))
        last = s.latest.get((t.agency, t.key))
        soon = t.due - datetime.timedelta(days=s.warn_days) if t.due else None
        sent = datetime.date.fromisoformat(now.received[:10]) if now else None
        rows.append([t.document, t.ref, t.title, t.text, t.agency, t.role, t.deadlines,
                     t.due, last.state if last else "", last.progress if last else "",
                     last.note if last else "", sent, s.warning(t), soon])
    # Dates are measured as they show: YYYY-MM-DD.
    widths = paper.widths(LEDGER_RULES, [LEDGER_COLUMNS, *([v.isoformat() if isinstance(
        v, datetime.date) else v for v in r[:-1]] for r in rows)])
    w.start([*widths, 10.5], freeze=f"E{LEDGER_HEADER_ROW + 1}")
    w.ws.column_dimensions[get_column_letter(len(widths) + 1)].hidden = True
    alerts = s.alerts
    paper.set_up(w.ws, widths, f"督办台账（{s.round}）", repeat_cols="A:B",
                 footer=f"图例：红底＝{alerts['overdue']}；黄底＝{alerts['due_soon']}"
                        f"（{s.warn_days} 天内到期）；蓝底＝本轮{alerts['silent']}")
    w.ws.print_title_rows = f"{LEDGER_HEADER_ROW}:{LEDGER_HEADER_ROW}"
    w.append([w.text(f"督办台账（{s.round}）", styles.TITLE)], height=26)
    w.append([w.text("基准日期", styles.SUBTITLE), w.date(s.today, styles.SUBTITLE_DATE), None,
              w.text(f"本轮 {s.round}；共 {len(s.tasks)} 项任务。改动基准日期或状态，颜色随之变化。",
                     styles.SUBTITLE)])
    w.append([w.text("图例", styles.SUBTITLE),
              w.text(alerts["overdue"], styles.legend_look(OVERDUE_FILL)),
              w.text(alerts["due_soon"], styles.legend_look(DUE_SOON_FILL)),
              w.text(f"本轮{alerts['silent']}", styles.legend_look(SILENT_FILL)),
              w.text(f"{alerts['due_soon']}：{s.warn_days} 天内到期", styles.SUBTITLE)], height=30)
    # The day shows whole across 序号 and 措施 (序号 alone is too narrow for it); the
    # formulas still read B2.
    w.ws.merged_cells = MultiCellRange("B2:C2")
    w.blank()
    w.append([w.text(h, styles.HEADER) for h in [*LEDGER_COLUMNS, "临期日"]], height=30)
    looks = [styles.CELL_WRAP, styles.CELL_CENTER, styles.CELL_WRAP, styles.CELL_WRAP,
             styles.CELL_WRAP, styles.CELL_CENTER, styles.CELL_WRAP, styles.DATE,
             styles.CELL_CENTER, styles.CELL_WRAP, styles.CELL_WRAP, styles.DATE,
             styles.CELL_CENTER, styles.DATE]
    for r in rows:
        w.append([w.date(v, look) if look is styles.DATE else w.text(v, look)
                  for v, look in zip(r, looks)])
    first, end = LEDGER_HEADER_ROW + 1, max(w.row, LEDGER_HEADER_ROW + 1)
    last = get_column_letter(len(LEDGER_COLUMNS))
    w.ws.auto_filter.ref = f"A{LEDGER_HEADER_ROW}:{last}{end}"
    due, state, sent = (get_column_letter(LEDGER_COLUMNS.index(h) + 1)
                        for h in ("到期日", "状态", "报送日期"))
    soon = get_column_letter(len(LEDGER_COLUMNS) + 1)
    done = formula_text(words.DONE)
    area = f"A{first}:{last}{end}"
    cf = w.ws.conditional_formatting
    cf.add(area, FormulaRule(formula=[f'AND(${due}{first}<>"",${due}{first}<$B$2,'
                                      f'${state}{first}<>{done})'],
                             fill=styles.fill(OVERDUE_FILL), stopIfTrue=True))
    cf.add(area, FormulaRule(formula=[f'AND(${soon}{first}<>"",${soon}{first}<=$B$2,'
                                      f'${state}{first}<>{done})'],
                             fill=styles.fill(DUE_SOON_FILL), stopIfTrue=True))
    cf.add(area, FormulaRule(formula=[f'AND(${sent}{first}="",${state}{first}<>{done})'],
                             fill=styles.fill(SILENT_FILL)))


def _silent(w: SheetWriter, s, registry) -> None:
    rows = []
    for a in s.silent():
        reported = sorted({r.round for (ag, _), r in s.latest.items() if ag == a})
        rows.append([a, str(sum(1 for t in s.tasks if t.agency == a)), registry.email(a) or "",
                     reported[-1] if reported else "从未报送"])
    widths = paper.widths([(16, 40, 1), (7, 7, 0), (16, 30, 0), (12, 12, 0)],
                          [SILENT_COLUMNS, *rows])
    w.start(widths, freeze="A4")
    paper.set_up(w.ws, widths, f"本轮未报送单位（{s.round}）")
    w.ws.print_title_rows = "3:3"
    w.append([w.text(f"本轮未报送单位（{s.round}）：共 {len(rows)} 个", styles.TITLE)], height=26)
    w.blank()
    w.append([w.text(h, styles.HEADER) for h in SILENT_COLUMNS], height=22)
    for r in rows:
        w.append([w.text(r[0], styles.CELL_WRAP), w.number(int(r[1])),
                  w.text(r[2], styles.CELL_WRAP), w.text(r[3], styles.CELL_CENTER)])


def laggards(s) -> list[tuple[str, dict]]:
    """Each bureau's counts, the furthest behind first: most overdue, then most unreported,
    then the smallest share done."""
    counts = [(a, s.counts(a)) for a in s.agencies()]
    return sorted(counts, key=lambda x: (-x[1]["overdue"], -x[1]["silent"],
                                         x[1][words.DONE] / max(1, x[1]["tasks"]), x[0]))


def _report(w: SheetWriter, s) -> None:
    rows = laggards(s)
    widths = paper.widths([(16, 40, 1), *[(7, 7, 0)] * 7], [REPORT_COLUMNS, *([a] for a, _ in rows)])
    w.start(widths)
    paper.set_up(w.ws, widths, f"任务落实情况通报（{s.round}）")
    w.append([w.text(f"任务落实情况通报（{s.round}）", styles.TITLE)], height=26)
    w.append([w.text(f"截至 {s.today.isoformat()}；按逾期、未报送任务数从多到少排列。",
                     styles.SUBTITLE)])
    w.append([w.text("已完成、推进中、未启动按最近一次报送的状态计，从未报送的任务不计入；"
                     "逾期、未报送与状态交叉计数。", styles.SUBTITLE)])
    # The furthest behind as a chart, on a page of its own before the table (whose
    # headings repeat on the pages it takes), then the table from a new page.
    shown = min(len(rows), CHART_AGENCIES)
    table = w.row + (CHART_ROWS + 1 if shown else 0) + 3     # the table's first row
    if shown:
        at = w.append([w.text(f"一、逾期和未报送最多的 {shown} 个单位", styles.SECTION)])
        most = max([max(c["overdue"], c["silent"]) for _, c in rows[:shown]] or [1])
        # Side by side, not stacked: a task can be both 逾期 and 未报送.
        w.ws.add_chart(_agency_chart(w.ws, "逾期和未报送任务数", table - 1, table,
                                     table + shown - 1, 6, most, stacked=False), f"A{at + 1}")
        for _ in range(CHART_ROWS):
            w.append([], height=CHART_ROW_HEIGHT)
    section = w.append([w.text(f"{'二' if shown else '一'}、各单位", styles.SECTION)])
    if shown:
        paper.page_break_before(w.ws, section)
    top = w.append([w.text(h, styles.HEADER) for h in REPORT_COLUMNS], height=22)
    assert top + 1 == table, "the chart was drawn for this layout"
    w.ws.print_title_rows = f"{top}:{top}"
    done, ongoing, idle = words.DONE, words.ONGOING, words.NOT_STARTED
    for a, c in rows:
        w.append([w.text(a, styles.CELL_WRAP), w.number(c["tasks"]), w.number(c[done]),
                  w.number(c[ongoing]), w.number(c[idle]), w.number(c["overdue"]),
                  w.number(c["silent"]), w.number(c["due_soon"])])
    w.blank()
    w.append([w.text(f"{'三' if shown else '二'}、各文件", styles.SECTION)])
    w.append([w.text(h, styles.HEADER) for h in REPORT_DOC_COLUMNS], height=22)
    for doc in dict.fromkeys(t.document for t in s.tasks):
        mine = [t for t in s.tasks if t.document == doc]
        n_done = sum(1 for t in mine if s.state(t) == done)
        w.append([w.text(doc, styles.CELL_WRAP), w.number(len(mine)), w.number(n_done),
                  w.number(n_done / len(mine), styles.PERCENT)])


def _received(text: str):
    """When a report came in (as the database keeps it, ISO) as a date and time."""
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def _history(w: SheetWriter, s, history) -> None:
    by_key = {(t.agency, t.key): t for t in s.tasks}
    rows = []
    for r in history:
        t = by_key.get((r.agency, r.task))
        rows.append([r.round, r.agency, t.document if t else "（已不在本次生成中）",
                     t.ref if t else "", t.title if t else "", r.state, r.progress, r.note,
                     _received(r.received)])
    widths = paper.widths([(7, 7, 0), (8, 14, 0), (8, 14, 0), (6, 9, 0), (8, 14, 0),
                           (6.5, 6.5, 0), (20, 20, 1), (8, 8, 0), (10, 17, 0)],
                          [HISTORY_COLUMNS, *([*r[:-1], "0000-00-00 00:00"] for r in rows)])
    w.start(widths, freeze="A4")
    paper.set_up(w.ws, widths, "各轮报送记录", repeat_cols="A:B")
    w.ws.print_title_rows = "3:3"
    w.append([w.text("各轮报送记录", styles.TITLE)], height=26)
    w.blank()
    w.append([w.text(h, styles.HEADER) for h in HISTORY_COLUMNS], height=22)
    for r in rows:
        w.append([w.text(v, styles.CELL_WRAP if i in (1, 2, 4, 6, 7) else styles.CELL_CENTER)
                  for i, v in enumerate(r[:-1])] + [w.moment(r[-1])])
    w.ws.auto_filter.ref = f"A3:{get_column_letter(len(HISTORY_COLUMNS))}{max(w.row, 3)}"
