"""Rule `deadlines`: a measure's time limits (完成时限), as written.

A note's own field (完成时限：2024年底前, 时限要求：长期坚持) wins; otherwise the clear time
limits in the measure's text (2024年底前, 2023年12月底, 2024年上半年). A target year
(到2025年，…) is not a limit, nor a 持续推进 in the body text; 长期坚持 and 持续推进 written
as a limit are the “ongoing” kind (`kind`).
"""
from __future__ import annotations

import calendar
import datetime
import re
from typing import Optional

from . import vocab as V
from .state import State

DATE = "date"
ONGOING = "ongoing"


def kind(deadline: str) -> str:
    return ONGOING if V.ONGOING.match(deadline) and not re.search(r"\d{4}", deadline) else DATE


def due(deadline: str) -> Optional[datetime.date]:
    """The last day a limit allows: 2024年底前 → 2024-12-31, 2025年6月底 → 2025-06-30,
    2024年上半年 → 2024-06-30; None for an ongoing one or one without a year."""
    m = re.search(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?\s*(上半年|下半年|[一二三四]季度)?", deadline)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        month = max(1, min(12, int(m.group(2))))
        day = int(m.group(3)) if m.group(3) else calendar.monthrange(year, month)[1]
        return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    part = m.group(4)
    month = {"上半年": 6, "一季度": 3, "二季度": 6, "三季度": 9}.get(part or "", 12)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def run(state: State) -> None:
    for item in state.items:
        key, text = item.key, item.text
        fields = [n.deadline for n in item.notes if n.deadline]
        if fields:
            found = [state.restore(f, key, text) for f in fields]
        elif "年" in key:
            found = [text[m.start():m.end()].replace(" ", "") for m in V.DEADLINE.finditer(key)]
        else:
            found = []
        item.deadlines = one_each(found)


def one_each(found: list[str]) -> list[str]:
    """Each limit once, in the document's first words for it: 2025年底前 and a later
    2025年12月底前 are the same day, and a bureau is given one deadline, not two."""
    out, days = [], set()
    for d in dict.fromkeys(found):
        day = due(d) if kind(d) == DATE else None
        if day is not None and day in days:
            continue
        days.add(day)
        out.append(d)
    return out
