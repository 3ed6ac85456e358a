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
from . import styles
from .cells import SheetWriter, Stylist, formula_text, saving
from .tasks import AgencyTask, Plan
from .workbook import change_note, comment

# Rows left open under the list so a bureau can add tasks and still get the drop-down.
SPARE_ROWS = 20


def source_line(doc) -> str:
    parts = [p for p in (doc.issuer, doc.number, doc.date) if p]
    tail = f"（{'，'.join(parts)}）" if parts else ""
    return f"《{doc.title}》{tail}"


def write_agency_sheet(w: SheetWriter, plan: Plan, agency: str, tasks: list[AgencyTask],
                       generated: str, labels: tuple[str, str]) -> None:
    lead_label, support_label = labels
    ncols = len(styles.AGENCY_COLUMNS)
    last = get_column_letter(ncols)
    doc_ids = list(dict.fromkeys(t.doc for t in tasks))
    header_row = 4 + len(doc_ids) + 1
    w.start(styles.AGENCY_WIDTHS, freeze=f"C{header_row + 1}")

    n_lead = sum(t.role == LEAD for t in tasks)
    w.append([w.text(f"{agency}任务清单", styles.TITLE)], height=26)
    w.append([w.text(f"生成日期：{generated}　　共 {len(tasks)} 项：{lead_label} {n_lead} 项，"
                     f"{support_label} {len(tasks) - n_lead} 项", styles.SUBTITLE)])
    w.append([w.text("来源文件：", styles.SUBTITLE)])
    for n, i in enumerate(doc_ids, 1):
        w.append([w.text(f"{n}. {source_line(plan.docs[i].doc)}", styles.SUBTITLE)])
    w.blank()
    at = w.append([w.text(h, styles.HEADER) for h in styles.AGENCY_COLUMNS], height=30)
    assert at == header_row, "the frozen panes were set for this layout"

    for t in tasks:
        row, dp = t.row, plan.docs[t.doc]
        others = [a for a in row.lead if a != agency]
        support = [a for a in row.support if a != agency]
        changed = plan.changes.marks(t.doc, row.measure.id, agency) if plan.changes else []
        ref = w.text(row.ref, styles.CHANGED if changed else styles.CELL_CENTER)
        if changed:
            # New or changed for this bureau in the latest revision: say what changed.
            ref.comment = comment(change_note(changed))
        w.append([w.text(dp.sheet, styles.CELL_WRAP),
                  ref,
                  w.text(row.measure.title, styles.CELL_WRAP),
                  w.text(row.text, styles.CELL_WRAP),
                  w.text(lead_label if t.role == LEAD else support_label, styles.CELL_CENTER),
                  w.text("、".join(others), styles.CELL_WRAP),
                  w.text("、".join(support), styles.CELL_WRAP),
                  w.text("；".join(row.deadlines), styles.CELL_WRAP),
                  w.text(None, styles.CELL_WRAP),
                  w.text(None, styles.CELL_CENTER),
                  w.text(None, styles.CELL_WRAP)])

    first, end = header_row + 1, max(w.row, header_row + 1)
    w.ws.auto_filter.ref = f"A{header_row}:{last}{end}"
    w.ws.print_title_rows = f"{header_row}:{header_row}"
    state = get_column_letter(styles.COL_STATE)
    role = get_column_letter(styles.COL_ROLE)
    dv = DataValidation(type="list", formula1='"' + ",".join(styles.STATES) + '"',
                        allow_blank=True, showErrorMessage=True, errorTitle="状态",
                        error="请从列表中选择：" + "、".join(styles.STATES))
    dv.add(f"{state}{first}:{state}{end + SPARE_ROWS}")
    w.ws.data_validations.append(dv)
    cf = w.ws.conditional_formatting
    # The reported state shows over the lead-row colour, so state rules come first.
    states = f"{state}{first}:{state}{end}"
    cf.add(states, FormulaRule(formula=[f'{state}{first}="已完成"'],
                               fill=styles.fill(styles.DONE_FILL), stopIfTrue=True))
    cf.add(states, FormulaRule(formula=[f'{state}{first}="推进中"'],
                               fill=styles.fill(styles.ONGOING_FILL), stopIfTrue=True))
    cf.add(f"A{first}:{last}{end}",
           FormulaRule(formula=[f"${role}{first}={formula_text(lead_label)}"],
                       fill=styles.fill(styles.LEAD_ROW_FILL), font=styles.bold_font()))


# Bump when the layout of agency workbooks changes, so unchanged content is still rewritten.
LAYOUT = 1


def content_key(plan: Plan, agency: str, labels: dict[str, str]) -> str:
    """A hash of everything an agency's workbook says, but the day it was generated.

    Equal keys mean an equal workbook: the build skips rewriting it, so its bytes (and
    the sha256 `matrix mail` logs) stay the same and the bureau is not sent it again.
    (Not the code version, unlike matrix.xlsx sheets: an upgrade must not re-send every
    list; bump LAYOUT when the workbook's look changes. One repr hashed at once: a
    province asks this for 80,000 task rows.)
    """
    parts: list = [LAYOUT, agency, styles.role_labels(labels)]
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


def write_agency(plan: Plan, agency: str, target: Path, labels: dict[str, str],
                 generated: str) -> Path:
    """Write one agency's workbook atomically; returns the path written."""
    roles = styles.role_labels(labels)
    wb = Workbook(write_only=True)
    stylist = Stylist()
    w = SheetWriter(wb.create_sheet(styles.AGENCY_SHEET), stylist)
    dropped = plan.changes.dropped(agency) if plan.changes else []
    gone = SheetWriter(wb.create_sheet(styles.DROPPED_SHEET), stylist) if dropped else None
    with saving(wb, target, when=generated):
        write_agency_sheet(w, plan, agency, plan.tasks.get(agency, []), generated, roles)
        if gone:
            write_dropped_sheet(gone, plan, dropped)
    return target


def write_dropped_sheet(w: SheetWriter, plan: Plan, dropped) -> None:
    """Tasks the bureau had before the revision and no longer has."""
    w.start(styles.DROPPED_WIDTHS, freeze="A4")
    w.append([w.text(styles.DROPPED_TITLE, styles.TITLE)], height=26)
    w.blank()
    w.append([w.text(h, styles.HEADER) for h in styles.DROPPED_COLUMNS], height=22)
    for i, c in dropped:
        w.append([w.text(plan.docs[i].sheet, styles.CELL_WRAP), w.text(c.measure, styles.CELL_CENTER),
                  w.text(c.title, styles.CELL_WRAP), w.text(c.label, styles.CELL_CENTER),
                  w.text(c.written_before, styles.CELL_WRAP),
                  w.text(c.written_after, styles.CELL_WRAP)])
