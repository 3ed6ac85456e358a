"""agencies/<agency>.xlsx: what one bureau receives, its tasks across all documents.

The last three columns are the bureau's to fill in (进展情况, 状态, 备注); its lead tasks
and the state it reports are highlighted by formula rules, so they follow its edits.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import LEAD
from . import paper, styles
from .cells import LINE_HEIGHT, SheetWriter, Stylist, formula_text, saving, wrapped_lines
from .tasks import AgencyTask, Plan
from .workbook import change_note, comment
from .. import words

# Rows left open under the list so a bureau can add tasks and still get the drop-down.
SPARE_ROWS = 20


def source_line(doc) -> str:
    parts = [p for p in (doc.issuer, doc.number, doc.date) if p]
    tail = f"（{'，'.join(parts)}）" if parts else ""
    return f"《{doc.title}》{tail}"


def _header_height(headers: list[str], widths: list[float]) -> float:
    """Tall enough for each heading wrapped in its column."""
    return max(30, max(wrapped_lines(h, w) for h, w in zip(headers, widths)) * LINE_HEIGHT + 6)


def write_agency_sheet(w: SheetWriter, plan: Plan, agency: str, tasks: list[AgencyTask],
                       generated: str, labels: tuple[str, str]) -> None:
    lead_label, support_label = labels
    marks = {id(t): [c.label for c in plan.changes.marks(t.doc, t.row.measure.id, agency)]
             for t in tasks} if plan.changes else {}
    headers = list(words.AGENCY_COLUMNS)
    if any(marks.values()):
        headers.insert(headers.index("序号") + 1, words.AGENCY_CHANGE_COLUMN)
    col = {h: i for i, h in enumerate(headers)}          # 0-based positions
    letter = {h: get_column_letter(i + 1) for h, i in col.items()}
    doc_ids = list(dict.fromkeys(t.doc for t in tasks))

    rows = []
    for t in tasks:
        row = t.row
        values = {"文件": plan.docs[t.doc].sheet, "序号": row.ref,
                  words.AGENCY_CHANGE_COLUMN: "、".join(marks.get(id(t), [])),
                  "措施": row.measure.title, "任务内容": row.text,
                  "本单位角色": lead_label if t.role == LEAD else support_label,
                  "其他牵头单位": "、".join(a for a in row.lead if a != agency),
                  "配合单位": "、".join(a for a in row.support if a != agency),
                  "完成时限": "；".join(row.deadlines)}
        rows.append((t, [values.get(h) for h in headers]))
    widths = paper.widths([styles.AGENCY_RULES[h] for h in headers],
                          [headers, *(v for _, v in rows)])
    visible = list(widths)
    key_col = len(headers)                          # 0-based, after 备注
    headers.append(words.AGENCY_KEY_COLUMN)
    widths.append(styles.AGENCY_KEY_WIDTH)
    doc_keys = {i: plan.docs[i].doc.key for i in doc_ids}
    said_before = plan.reported.get(agency, {})
    for t, values in rows:
        key = t.row.key(doc_keys[t.doc])
        values.append(key)
        if key in said_before:
            state, progress, note = said_before[key]
            values[col["状态"]], values[col["进展情况"]], values[col["备注"]] = \
                state or None, progress or None, note or None
    header_row = 4 + len(doc_ids) + 2
    w.start(widths, freeze=f"{letter['措施']}{header_row + 1}")
    w.ws.column_dimensions[get_column_letter(key_col + 1)].hidden = True
    said = [f"橙底粗体＝本单位{lead_label}的任务"]
    if words.AGENCY_CHANGE_COLUMN in col:
        said.append("紫底＝本次文件修订新增或修改")
    paper.set_up(w.ws, visible, f"{agency}任务清单", footer="图例：" + "；".join(said),
                 repeat_cols=f"A:{letter['序号']}")

    n_lead = sum(t.role == LEAD for t in tasks)
    w.append([w.text(f"{agency}任务清单", styles.TITLE)], height=26)
    w.append([w.text(f"生成日期：{generated}　　共 {len(tasks)} 项：{lead_label} {n_lead} 项，"
                     f"{support_label} {len(tasks) - n_lead} 项", styles.SUBTITLE)])
    w.append([w.text("来源文件：", styles.SUBTITLE)])
    for n, i in enumerate(doc_ids, 1):
        w.append([w.text(f"{n}. {source_line(plan.docs[i].doc)}", styles.SUBTITLE)])
    # Every mark the list uses, explained where it prints.
    legend = [w.text("图例", styles.SUBTITLE)] + [None] * (len(headers) - 1)
    legend[col["措施"]] = w.text(f"本单位{lead_label}", styles.legend_look(styles.LEAD_ROW_FILL))
    if words.AGENCY_CHANGE_COLUMN in col:
        legend[col["任务内容"]] = w.text("本次修订新增或修改（见“变更”列）",
                                     styles.legend_look(styles.CHANGED_FILL))
    w.append(legend, height=30)
    w.blank()
    at = w.append([w.text(h, styles.HEADER) for h in headers],
                  height=_header_height(headers, widths))
    assert at == header_row, "the frozen panes were set for this layout"

    wrap_center = ("序号", "本单位角色")
    for t, values in rows:
        cells = []
        for h, v in zip(headers, values):
            if h in ("序号", words.AGENCY_CHANGE_COLUMN) and marks.get(id(t)):
                cells.append(w.text(v, styles.CHANGED))
            elif h in words.FILL_IN_COLUMNS:
                cells.append(w.text(v, styles.FILL_IN_CENTER if h == "状态" else styles.FILL_IN))
            else:
                cells.append(w.text(v, styles.CELL_CENTER if h in wrap_center or h == "状态"
                                    else styles.CELL_WRAP))
        if marks.get(id(t)):
            # What changed, in full, for the screen; the 变更 column says it on paper.
            cells[col["序号"]].comment = comment(change_note(
                plan.changes.marks(t.doc, t.row.measure.id, agency)))
        w.append(cells)

    first, end = header_row + 1, max(w.row, header_row + 1)
    last = get_column_letter(len(headers))
    w.ws.auto_filter.ref = f"A{header_row}:{last}{end}"
    w.ws.print_title_rows = f"{header_row}:{header_row}"
    # What the office wrote is locked, so a bureau cannot change a task or its key by
    # mistake; it fills in 进展情况, 状态 and 备注, and may still sort, filter and widen.
    # No password: a bureau that must change more can lift it (审阅 → 撤销工作表保护).
    protection = w.ws.protection
    protection.sheet = True
    protection.sort = protection.autoFilter = False          # False: allowed
    protection.formatColumns = protection.formatRows = protection.insertRows = False
    state, role = letter["状态"], letter["本单位角色"]
    dv = DataValidation(type="list", formula1='"' + ",".join(words.STATES) + '"',
                        allow_blank=True, showErrorMessage=True, errorTitle="状态",
                        error="请从列表中选择：" + "、".join(words.STATES))
    dv.add(f"{state}{first}:{state}{end + SPARE_ROWS}")
    w.ws.data_validations.append(dv)
    cf = w.ws.conditional_formatting
    # Rules added first win: the change mark and the reported state show over the
    # lead-row colour, so a changed lead task is still violet on paper.
    if words.AGENCY_CHANGE_COLUMN in col:
        change = letter[words.AGENCY_CHANGE_COLUMN]
        cf.add(f"{letter['序号']}{first}:{change}{end}",
               FormulaRule(formula=[f'${change}{first}<>""'],
                           fill=styles.fill(styles.CHANGED_FILL), stopIfTrue=True))
    states = f"{state}{first}:{state}{end}"
    cf.add(states, FormulaRule(formula=[f'{state}{first}="已完成"'],
                               fill=styles.fill(styles.DONE_FILL), stopIfTrue=True))
    cf.add(states, FormulaRule(formula=[f'{state}{first}="推进中"'],
                               fill=styles.fill(styles.ONGOING_FILL), stopIfTrue=True))
    cf.add(f"A{first}:{last}{end}",
           FormulaRule(formula=[f"${role}{first}={formula_text(lead_label)}"],
                       fill=styles.fill(styles.LEAD_ROW_FILL), font=styles.bold_font()))


# Bump when the layout of agency workbooks changes, so unchanged content is still rewritten.
LAYOUT = 3


def content_key(plan: Plan, agency: str, labels: dict[str, str]) -> str:
    """A hash of everything an agency's workbook says, but the day it was generated.

    Equal keys mean an equal workbook: the build skips rewriting it, so its bytes (and
    the sha256 `matrix mail` logs) stay the same and the bureau is not sent it again.
    (Not the code version, unlike matrix.xlsx sheets: an upgrade must not re-send every
    list; bump LAYOUT when the workbook's look changes. One repr hashed at once: a
    province asks this for 80,000 task rows.)
    """
    parts: list = [LAYOUT, agency, words.role_labels(labels)]
    sources: dict[int, tuple[str, str]] = {}
    # A row is in the list of every agency it names: its text is hashed once per plan.
    rows: dict[int, bytes] = plan.__dict__.setdefault("_row_digests", {})
    for t in plan.tasks.get(agency, []):
        row = t.row
        source = sources.get(t.doc)
        if source is None:
            dp = plan.docs[t.doc]
            source = sources[t.doc] = (dp.sheet, source_line(dp.doc))
        digest = rows.get(id(row))
        if digest is None:
            digest = rows[id(row)] = hashlib.sha1(repr((
                row.ref, row.measure.title, row.text, row.lead, row.support,
                row.deadlines)).encode("utf-8")).digest()
        marks = [c.label for c in plan.changes.marks(t.doc, row.measure.id, agency)] \
            if plan.changes else []
        parts.append((source, digest, t.role, marks))
    for i, c in (plan.changes.dropped(agency) if plan.changes else []):
        parts.append((plan.docs[i].sheet, c.measure, c.title, c.label, c.before, c.after))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def prefill_key(plan: Plan, agency: str) -> str:
    """A hash of what the agency's workbook comes pre-filled with (its last reports). Not
    part of content_key: a list pre-filled anew is rewritten, but it is the same task
    list, and `matrix mail`, which matches on content_key, does not send it again."""
    return reports_key(plan.reported.get(agency, {}))


def reports_key(said: dict) -> str:
    """The hash prefill_key takes of one agency's last reports (task key → report)."""
    items = sorted(said.items())
    return hashlib.sha256(repr(items).encode("utf-8")).hexdigest() if items else ""


def write_agency(plan: Plan, agency: str, target: Path, labels: dict[str, str],
                 generated: str) -> Path:
    """Write one agency's workbook atomically; returns the path written.

    A bureau a revision took every task from gets only the list of what it lost: it has
    nothing to report on, and its first sheet says so.
    """
    roles = words.role_labels(labels)
    wb = Workbook(write_only=True)
    stylist = Stylist()
    tasks = plan.tasks.get(agency, [])
    dropped = plan.changes.dropped(agency) if plan.changes else []
    w = SheetWriter(wb.create_sheet(words.AGENCY_SHEET), stylist) if tasks or not dropped \
        else None
    gone = SheetWriter(wb.create_sheet(words.DROPPED_SHEET), stylist) if dropped else None
    # Whose list this is, in the file itself: `matrix collect` reads it back whatever the
    # bureau renames the file to.
    wb.properties.subject = agency
    wb.properties.keywords = words.AGENCY_BOOK_KEYWORD
    wb.properties.description = f"生成日期 {generated}"       # the build it came from
    with saving(wb, target, when=generated):
        if w:
            write_agency_sheet(w, plan, agency, tasks, generated, roles)
        if gone:
            write_dropped_sheet(gone, plan, dropped, agency, generated,
                                only=w is None)
    return target


def write_dropped_sheet(w: SheetWriter, plan: Plan, dropped, agency: str, generated: str,
                        only: bool = False) -> None:
    """Tasks the bureau had before the revision and no longer has."""
    rows = [[plan.docs[i].sheet, c.measure, c.title, c.label, c.written_before, c.written_after]
            for i, c in dropped]
    widths = paper.widths(styles.DROPPED_RULES, [words.DROPPED_COLUMNS, *rows])
    w.start(widths, freeze="A5")
    paper.set_up(w.ws, widths, f"{agency}：{words.DROPPED_TITLE}", repeat_cols="A:B")
    w.ws.print_title_rows = "4:4"
    w.append([w.text(f"{agency}：{words.DROPPED_TITLE}", styles.TITLE)], height=26)
    w.append([w.text(f"生成日期：{generated}　　共 {len(rows)} 项。"
                     + (words.DROPPED_ONLY_NOTE if only else ""), styles.SUBTITLE)])
    w.blank()
    w.append([w.text(h, styles.HEADER) for h in words.DROPPED_COLUMNS], height=22)
    for r in rows:
        w.append([w.text(r[0], styles.CELL_WRAP), w.text(r[1], styles.CELL_CENTER),
                  w.text(r[2], styles.CELL_WRAP), w.text(r[3], styles.CELL_CENTER),
                  w.text(r[4], styles.CELL_WRAP), w.text(r[5], styles.CELL_WRAP)])
