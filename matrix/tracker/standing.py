"""Where every task stands on a day: the tasks of the current build, the bureaus' latest
reports, and the warnings a 督查室 gives (逾期, 临期, 未报送).

The tasks are those the workbooks were built from (the parsed documents, overrides
applied, as `build` counts them), each with the key its workbook row carries.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .. import corpus
from ..build import overridden, roots
from ..config import Config
from ..errors import MatrixError
from ..i18n import _
from ..layout import Layout
from ..model import LEAD
from ..parse.deadlines import DATE, due, kind
from ..render.tasks import plan as make_plan
from ..prepare import prepare
from .db import Report
from ..words import DONE, NOT_STARTED, ONGOING



@dataclass(frozen=True)
class Tracked:
    agency: str
    key: str
    document: str             # its sheet name in matrix.xlsx
    ref: str                  # 序号 as in the agency's list
    title: str
    text: str
    role: str                 # the office's word: 牵头 / 配合
    deadlines: str            # as written
    due: Optional[datetime.date]     # the last day; None: ongoing or none given


@dataclass
class Standing:
    today: datetime.date
    round: str
    tasks: list[Tracked]
    latest: dict[tuple[str, str], Report]        # (agency, key) → latest report, any round
    this_round: dict[tuple[str, str], Report]    # the same, in this round only
    warn_days: int
    alerts: dict[str, str]       # the office's words: 逾期, 临期, 未报送
    notes: list[str] = field(default_factory=list)

    def state(self, t: Tracked) -> str:
        r = self.latest.get((t.agency, t.key))
        return r.state if r else ""

    def warning(self, t: Tracked) -> str:
        """逾期 (past its day, not done), 临期 (due within warn_days), 未报送 (no report this
        round); the first that applies."""
        done = self.state(t) == DONE
        if t.due and not done and t.due < self.today:
            return self.alerts["overdue"]
        if t.due and not done and (t.due - self.today).days <= self.warn_days:
            return self.alerts["due_soon"]
        if (t.agency, t.key) not in self.this_round and not done:
            return self.alerts["silent"]
        return ""

    def agencies(self) -> list[str]:
        return list(dict.fromkeys(t.agency for t in self.tasks))

    def silent(self) -> list[str]:
        """Bureaus with tasks and no report this round."""
        reported = {a for a, _ in self.this_round}
        return [a for a in self.agencies() if a not in reported]

    def counts(self, agency: str) -> dict[str, int]:
        """Its tasks by the 状态 last reported (a task never reported has none), and those
        逾期, 临期 and 未报送 this round, which cut across the 状态."""
        mine = [t for t in self.tasks if t.agency == agency]
        out = {DONE: 0, ONGOING: 0, NOT_STARTED: 0, "overdue": 0, "due_soon": 0, "silent": 0,
               "tasks": len(mine)}
        for t in mine:
            # A task never reported has no 状态 to count: it shows under 未报送 only.
            if self.state(t):
                out[self.state(t)] = out.get(self.state(t), 0) + 1
            w = self.warning(t)
            if w == self.alerts["overdue"]:
                out["overdue"] += 1
            elif w == self.alerts["due_soon"]:
                out["due_soon"] += 1
            if (t.agency, t.key) not in self.this_round:
                out["silent"] += 1
        return out


def due_date(deadlines: list[str], year: Optional[int], today: datetime.date
             ) -> Optional[datetime.date]:
    """The last day the task's limits allow: the latest of them. 2024年底前 → 2024-12-31;
    6月底前 in the document's year; 每月/每季度 → the end of the current month/quarter;
    长期坚持, 持续推进 → None (ongoing: never overdue)."""
    days = []
    for d in deadlines:
        if kind(d) != DATE:
            continue
        day = due(d)
        if day is None and year:
            day = due(f"{year}年{d}")
        if day is None and re.search(r"每(个)?月", d):
            day = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        if day is None and re.search(r"每(个)?季度?", d):
            month = (today.month - 1) // 3 * 3 + 3
            day = datetime.date(today.year, month, calendar.monthrange(today.year, month)[1])
        if day:
            days.append(day)
    return max(days) if days else None


def tracked_tasks(config: Config, out_dir: Path, today: datetime.date,
                  labels: tuple[str, str]) -> tuple[list[Tracked], list[str]]:
    """Every (agency, task) of the current build, as its workbook shows it."""
    measures = Layout(out_dir).measures
    if not measures.is_dir():
        raise MatrixError(_("nothing built yet: run `matrix run` first"), str(measures))
    found = corpus.load([measures], roots(config), set_aside=False, folder=measures,
                        prefer=overridden(config))
    plan = make_plan(prepare(found.documents, config).documents, config.registry)
    out = []
    for agency in plan.agencies:
        for t in plan.tasks.get(agency, []):
            dp = plan.docs[t.doc]
            year = int(dp.doc.date[:4]) if dp.doc.date and dp.doc.date[:4].isdigit() else None
            out.append(Tracked(agency=agency, key=t.row.key(dp.doc.key), document=dp.sheet,
                               ref=t.row.ref, title=t.row.measure.title, text=t.row.text,
                               role=labels[0] if t.role == LEAD else labels[1],
                               deadlines="；".join(t.row.deadlines),
                               due=due_date(t.row.deadlines, year, today)))
    return out, found.notes + [str(e) for e in found.errors]
