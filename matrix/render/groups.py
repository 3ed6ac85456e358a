"""matrix.xlsx when the matrix is split by group (`build --group-by`): it sums up the
groups, each of which has its own matrix in DIR/matrices/.

总览: each group's documents and measures, with the file that holds its matrix.
各单位任务数: each agency's tasks (lead / support) per group and in all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from openpyxl import Workbook

from . import paper, reuse, styles
from .cells import LINE_HEIGHT, MAX_COLUMNS, SheetWriter, Stylist, saving, wrapped_lines
from .tasks import Plan
from .workbook import agency_counts_head, agency_counts_row
from .. import words

# (least, most, share) per column of the groups table: 分组, 文件, 措施, 已分配, 未分配, 单位, 工作簿
GROUP_RULES = [(10, 30, 0), (6, 8, 0), (6, 8, 0), (7, 8, 0), (7, 8, 0), (9, 9, 0), (16, 40, 0)]
COUNT = 6
NOTE = 12
AGENCY_RULE = (12, 24, 0)


def write_groups_summary(groups: Sequence[tuple[str, Path, Plan]], whole: Plan, target: Path,
                         labels: dict[str, str], generated: str,
                         flag_unknown: bool = True) -> Path:
    """Write `target` (matrix.xlsx) summing up `groups`: (name, its matrix file, its plan)."""
    roles = words.role_labels(labels)
    target = Path(target)
    wb = Workbook(write_only=True)
    stylist = Stylist()
    summary = SheetWriter(wb.create_sheet(words.SUMMARY_SHEET), stylist)
    agencies = SheetWriter(wb.create_sheet(words.GROUP_AGENCY_SHEET), stylist)
    with saving(wb, target, when=generated):
        _groups_sheet(summary, groups, whole, target, generated)
        _agencies_sheet(agencies, groups, whole, roles, flag_unknown)
        reuse.forget(target)          # no sheet of a one-matrix build is carried into this
    return target


def _groups_sheet(w: SheetWriter, groups, whole: Plan, target: Path, generated: str) -> None:
    rows = [[name, None, None, None, None, None, _shown(path, target)]
            for name, path, _ in groups]
    widths = paper.widths(GROUP_RULES, [words.GROUP_COLUMNS, *rows])
    w.start(widths, freeze="A6")
    paper.set_up(w.ws, widths, "任务分工总览", repeat_cols="A:A")
    w.ws.print_title_rows = "5:5"
    w.append([w.text("任务分工总览", styles.TITLE)], height=26)
    w.append([w.text(f"生成日期：{generated}　　分 {len(groups)} 组，文件 {len(whole.docs)} 份，"
                     f"措施 {whole.measures} 项，涉及单位 {len(whole.agencies)} 个，"
                     f"未分配措施 {whole.unassigned} 项", styles.SUBTITLE)])
    w.append([w.text(f"各组的任务分工表见“工作簿”一列所列文件；各单位在各组的任务数见工作表"
                     f"“{words.GROUP_AGENCY_SHEET}”。", styles.SUBTITLE)])
    w.append([w.text("各组措施分配情况", styles.SECTION)])
    w.append([w.text(h, styles.HEADER) for h in words.GROUP_COLUMNS], height=30)
    for name, path, plan in groups:
        w.append([w.text(name, styles.CELL_WRAP), w.number(len(plan.docs)),
                  w.number(plan.measures), w.number(plan.measures - plan.unassigned),
                  w.number(plan.unassigned), w.number(len(plan.agencies)),
                  w.text(_shown(path, target), styles.CELL_WRAP)])
    w.append([w.text("合计", styles.HEADER), w.number(len(whole.docs)), w.number(whole.measures),
              w.number(whole.measures - whole.unassigned), w.number(whole.unassigned),
              w.number(len(whole.agencies)), w.text(None, styles.CELL)])
    w.close()


def _agencies_sheet(w: SheetWriter, groups, whole: Plan, roles: tuple[str, str],
                    flag_unknown: bool) -> None:
    """Each agency's lead / support rows per group (while they fit a sheet), then in all."""
    split = list(groups) if 2 * len(groups) + 6 <= MAX_COLUMNS else []
    name_width = paper.widths([AGENCY_RULE], [["单位"], *([a] for a in whole.agencies)])[0]
    widths = [name_width, *[COUNT] * (2 * len(split) + 3), *([NOTE] if flag_unknown else [])]
    w.start(widths, freeze="B4")
    paper.set_up(w.ws, widths, "各单位任务数", repeat_cols="A:A")
    title = "各单位任务数（" + roles[0] + " / " + roles[1] + "）" + (
        "" if len(split) == len(groups) else "：分组过多，只列合计")
    w.append([w.text(title, styles.SECTION)], height=22)
    # A long issuer's name wraps in its two columns: the heading row is as high as it needs.
    height = max(30, 6 + LINE_HEIGHT * max(
        [1, *(wrapped_lines(name, 2 * COUNT) for name, _, _ in split)]))
    top = agency_counts_head(w, [name for name, _, _ in split], roles, flag_unknown,
                             min(height, 160))
    unknown = set(whole.unknown) if flag_unknown else set()
    for agency in whole.agencies:
        agency_counts_row(w, agency, [plan.counts(agency) for _, _, plan in split],
                          whole.counts(agency), agency in unknown, flag_unknown)
    w.ws.print_title_rows = f"{top}:{top + 1}"
    w.close()


def _shown(path: Path, target: Path) -> str:
    """The group's file as the clerk finds it from matrix.xlsx: matrices/2023年.xlsx."""
    try:
        return Path(path).relative_to(Path(target).parent).as_posix()
    except ValueError:
        return str(path)
