"""Documents → the rows every workbook shows, computed once and shared by all writers.

A measure is one row. When a measure carries more than one assignment note (clause-level
tasks), each task gets its own row under it, so a bureau is given exactly the words it is
answerable for. An agency's task list holds the clause rows that name it, plus the measure
row when it is named for the measure as a whole and in none of its clauses.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Optional

from ..model import LEAD, SUPPORT, Document, Measure
from ..registry import Registry
from typing import TYPE_CHECKING
if TYPE_CHECKING:  # only for the annotation; prepare imports the parser
    from ..prepare import ChangeSet
from .titles import document_names
from ..words import CHANGES_SHEET, SUMMARY_SHEET, UNASSIGNED_SHEET


def fits_columns(agencies: int) -> bool:
    from .cells import MAX_COLUMNS
    from ..words import DOC_COLUMNS
    return len(DOC_COLUMNS) + agencies <= MAX_COLUMNS


def _unique(names) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True, slots=True)
class Row:
    """One table row of a document sheet (a measure, or one clause task of it)."""
    measure: Measure
    task: int                   # 0: the measure itself; 1, 2, …: its clause tasks
    text: str
    lead: list[str]
    support: list[str]
    deadlines: list[str]

    @property
    def is_task(self) -> bool:
        return self.task > 0

    @property
    def number(self) -> str:
        """序号 as shown in the document sheet: （三）, and （三）-2 for its second clause."""
        return f"{self.measure.number}-{self.task}" if self.task else self.measure.number

    @property
    def ref(self) -> str:
        """序号 in an agency list, which has no 章节 column: 二.（三）-2."""
        return f"{self.measure.id}-{self.task}" if self.task else self.measure.id

    def key(self, document: str) -> str:
        """The task's key, which a returned workbook is read back by: from the document's
        name and the task's words, so it survives renumbering and rebuilds (a task whose
        words a revision changed is a new task)."""
        text = "\x1f".join((document, self.measure.title, self.text))
        # Digits in groups: no Latin letter in a workbook, and no spreadsheet reads it as
        # a number (which would drop its leading zeros).
        digits = str(int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:13], 16)).zfill(16)
        return "-".join(digits[i:i + 4] for i in range(0, 16, 4))

    def role_of(self, agency: str) -> Optional[str]:
        if agency in self.lead:
            return LEAD
        if agency in self.support:
            return SUPPORT
        return None

    def agencies(self) -> list[str]:
        return _unique(self.lead + self.support)


@dataclass(frozen=True, slots=True)
class AgencyTask:
    doc: int                    # index into Plan.docs
    row: Row
    role: str                   # LEAD or SUPPORT


@dataclass(frozen=True, slots=True)
class DocPlan:
    doc: Document
    sheet: str                  # its name in matrix.xlsx and in the agencies' 文件 column
    rows: list[Row]
    agencies: list[str]         # its agency columns, registry order then first appearance
    measures: int = 0
    unassigned: list[Row] = field(default_factory=list)   # measure rows without a lead

    @property
    def assigned(self) -> int:
        return self.measures - len(self.unassigned)

    @property
    def columns(self) -> list[str]:
        """The agencies that get a column of their own in its sheet: all of them, unless
        they would run past a sheet's last column; then none (the 牵头单位 and 配合单位
        cells still name every one)."""
        return self.agencies if fits_columns(len(self.agencies)) else []


@dataclass(frozen=True)
class Plan:
    """The assignment table: every document's rows and every agency's tasks, made once
    (by `plan`) and never changed; the workbooks, `matrix agencies`, the index and the
    mails all count from it."""
    docs: list[DocPlan]
    agencies: list[str]                         # every agency, registry order then first seen
    tasks: dict[str, list[AgencyTask]]          # agency → its rows, in document order
    unknown: list[str]                          # agencies not in the registry
    changes: Optional["ChangeSet"] = None       # what revisions changed (see matrix.revise)
    # agency → task key → (状态, 进展情况, 备注) it last reported (matrix.tracker): its
    # workbook comes pre-filled, so the bureau updates rather than retypes.
    reported: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict)

    _counts: dict[tuple[str, Optional[int]], list[int]] = field(default_factory=dict,
                                                                repr=False)

    def counts(self, agency: str, doc: Optional[int] = None) -> tuple[int, int]:
        """(lead, support) rows of `agency`, in one document or (doc None) in all."""
        if not self._counts:
            # Tallied once: the summary asks for every agency × document pair.
            for a, tasks in self.tasks.items():
                for t in tasks:
                    i = 0 if t.role == LEAD else 1
                    for key in ((a, t.doc), (a, None)):
                        self._counts.setdefault(key, [0, 0])[i] += 1
        lead, support = self._counts.get((agency, doc), (0, 0))
        return lead, support

    @property
    def measures(self) -> int:
        return sum(d.measures for d in self.docs)

    @property
    def unassigned(self) -> int:
        return sum(len(d.unassigned) for d in self.docs)


def _canonical(names: list[str], registry: Registry) -> list[str]:
    return _unique(registry.canonical(n) for n in names)


def _task_deadlines(text: str, measure: Measure) -> list[str]:
    """The measure's deadlines this clause mentions, else all of them (a bureau needs a date)."""
    own = [d for d in measure.deadlines if d and d in text]
    return own or list(measure.deadlines)


def measure_rows(m: Measure, registry: Registry) -> list[Row]:
    tasks = [(t.text, _canonical(t.lead, registry), _canonical(t.support, registry))
             for t in m.tasks]
    lead = _canonical(m.lead, registry) or _unique(a for _, ls, _ in tasks for a in ls)
    support = _canonical(m.support, registry) or _unique(a for _, _, ss in tasks for a in ss)
    support = [a for a in support if a not in lead]
    rows = [Row(m, 0, m.text, lead, support, list(m.deadlines))]
    if len(tasks) > 1:
        for i, (text, ls, ss) in enumerate(tasks, 1):
            rows.append(Row(m, i, text, ls, [a for a in ss if a not in ls],
                            _task_deadlines(text, m)))
    return rows


def order_agencies(names: list[str], registry: Registry) -> list[str]:
    """Registry order first, then the order in which they were first seen."""
    first = {a: i for i, a in enumerate(_unique(names))}
    return sorted(first, key=lambda a: (registry.order(a), first[a]))


def _agency_rows(rows: list[Row]) -> list[tuple[Row, str, str]]:
    """(row, agency, role) for one measure's rows: clause rows, then what only the measure names."""
    out = []
    in_tasks: set[str] = set()
    for row in rows[1:]:
        for a in row.agencies():
            out.append((row, a, row.role_of(a)))
            in_tasks.add(a)
    head = rows[0]
    for a in head.agencies():
        if a not in in_tasks:
            out.append((head, a, head.role_of(a)))
    return out


def plan(docs: list[Document], registry: Registry, changes: Optional["ChangeSet"] = None,
         reported: Optional[dict[str, dict[str, tuple[str, str, str]]]] = None) -> Plan:
    """The assignment table of `docs`; `changes`, what revisions changed, and `reported`,
    what each bureau last reported (for its pre-filled workbook), travel with it."""
    names = document_names(docs, reserved=(SUMMARY_SHEET, UNASSIGNED_SHEET, CHANGES_SHEET))
    doc_plans: list[DocPlan] = []
    tasks: dict[str, list[AgencyTask]] = {}
    seen: list[str] = []
    for i, (doc, sheet) in enumerate(zip(docs, names)):
        rows: list[Row] = []
        unassigned: list[Row] = []
        doc_agencies: list[str] = []
        for m in doc.measures:
            mrows = measure_rows(m, registry)
            rows.extend(mrows)
            if m.needs_lead and not mrows[0].lead:
                unassigned.append(mrows[0])
            for row, agency, role in _agency_rows(mrows):
                tasks.setdefault(agency, []).append(AgencyTask(i, row, role))
            for row in mrows:
                doc_agencies.extend(row.agencies())
        seen.extend(doc_agencies)
        doc_plans.append(DocPlan(doc=doc, sheet=sheet, rows=rows,
                                 agencies=order_agencies(doc_agencies, registry),
                                 measures=len(doc.measures), unassigned=unassigned))
    agencies = order_agencies(seen, registry)
    unknown = [a for a in agencies if not registry.knows(a)]
    return Plan(docs=doc_plans, agencies=agencies, tasks={a: tasks[a] for a in agencies},
                unknown=unknown, changes=changes, reported=dict(reported or {}))


def subplan(plan: Plan, indices: list[int]) -> Plan:
    """The part of `plan` that covers the documents at `indices`: the same rows and sheet
    names (an agency workbook's 文件 column names the sheet in its group's matrix)."""
    where = {old: new for new, old in enumerate(indices)}
    tasks: dict[str, list[AgencyTask]] = {}
    for a in plan.agencies:
        mine = [AgencyTask(where[t.doc], t.row, t.role) for t in plan.tasks[a] if t.doc in where]
        if mine:
            tasks[a] = mine
    changes = None
    if plan.changes:
        from ..prepare import ChangeSet
        changes = ChangeSet({where[i]: d for i, d in plan.changes.diffs.items() if i in where})
    unknown = set(plan.unknown)
    return Plan(docs=[plan.docs[i] for i in indices], agencies=list(tasks), tasks=tasks,
                unknown=[a for a in tasks if a in unknown], changes=changes,
                reported=plan.reported)
