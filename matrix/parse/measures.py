"""Raw items + their notes → Measures with clause-level tasks and whole agency names."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Measure, Task
from ..registry import Registry
from . import notes as N
from . import names as NM
from . import patterns as P
from .structure import RawItem

DEADLINE = re.compile(
    r"(?:(?:到|在|于)?\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:上半年|下半年|年底|底|末)?前"
    r"|(?:到|至)\d{4}\s*年(?:\s*\d{1,2}\s*月)?底?"
    r"|\d{4}\s*年(?:\s*\d{1,2}\s*月)?底"
    r"|年内|当年|持续推进|长期坚持|长期推进|持续实施)")


CLAUSE_BREAK = re.compile(r"[，,；;：:]")


@dataclass
class Conventions:
    """What holds for the whole document while its measures are read in order."""
    first_listed_leads: bool
    registry: Optional[Registry]
    standing: list[str] = field(default_factory=list)   # agencies added to every later task


def title_of(item: RawItem) -> str:
    first = item.parts[0] if item.parts else ""
    m = P.SENTENCE_END.search(first)
    if m:
        title = first[:m.start()]
    else:
        # “实施企业培育工程,着力促进…” is a heading with a subtitle: the title is its head.
        title = CLAUSE_BREAK.split(first, 1)[0]
    # A note closing the title sentence is not part of the title.
    for s, e, _ in N.brackets(title):
        if N.parse_note(s, e, title[s + 1:e - 1]):
            title = title[:s]
            break
    return title.strip(" 　")


def deadlines_in(text: str) -> list[str]:
    # Every form of DEADLINE holds 年, 持续 or 长期; most texts hold none of them.
    if "年" not in text and "持续" not in text and "长期" not in text:
        return []
    return list(dict.fromkeys(m.group(0).replace(" ", "") for m in DEADLINE.finditer(text)))


def names_in(lists: list[str], conv: Conventions, prefix: Optional[str]) -> tuple[list[str], Optional[str]]:
    out = []
    for written in lists:
        names, prefix = NM.resolve(written, conv.registry, prefix)
        out += names
    return out, prefix


def _add(target: list[str], names: list[str], exclude: list[str] = ()) -> None:
    for n in names:
        if n not in target and n not in exclude:
            target.append(n)


def build_measure(item: RawItem, conv: Conventions) -> Measure:
    text = "\n".join(item.parts)
    tasks: list[Task] = []
    cursor = 0
    notes = N.find_notes(text)
    for note in notes:
        lead, prefix = names_in(note.lead, conv, None)
        support, prefix = names_in(note.support, conv, prefix)
        responsible, prefix = names_in(note.responsible, conv, prefix)
        if responsible:
            if lead or not conv.first_listed_leads:
                _add(support, responsible, lead)
            else:
                _add(lead, responsible[:1])
                _add(support, responsible[1:], lead)
        covered = text[cursor:note.start].strip("。；;，, \n")
        cursor = note.end
        # Agencies of a standing instruction take part in this task and all that follow.
        standing_here, _ = names_in(note.standing, conv, prefix)
        _add(conv.standing, standing_here)
        _add(support, conv.standing, lead)
        tasks.append(Task(text=covered, lead=lead, support=support))
    for written in N.standing_lists(_outside_notes(text, notes)):
        found, _ = names_in([written], conv, None)
        _add(conv.standing, found)

    if not tasks and conv.standing:
        tasks.append(Task(text=text, lead=[], support=list(conv.standing)))
    measure_lead: list[str] = []
    measure_support: list[str] = []
    for t in tasks:
        _add(measure_lead, t.lead)
    for t in tasks:
        _add(measure_support, t.support, measure_lead)
    return Measure(
        id=f"{item.section_no}.{item.number}" if item.section_no else item.number,
        section=item.section, number=item.number, title=title_of(item), text=text,
        lead=measure_lead, support=measure_support, deadlines=deadlines_in(text),
        tasks=tasks, line=item.line)


def _outside_notes(text: str, notes: list[N.Note]) -> str:
    """The measure's prose without its notes, for standing instructions written as prose."""
    out, last = [], 0
    for note in notes:
        out.append(text[last:note.start])
        last = note.end
    out.append(text[last:])
    return "".join(out)


def unify_spellings(measures: list[Measure]) -> None:
    """One spelling per agency within a document (各成员单位 → …领导小组各成员单位)."""
    seen = list(dict.fromkeys(a for m in measures for t in m.tasks for a in t.lead + t.support))
    mapping = NM.unify(seen)
    if not mapping:
        return

    def fix(names: list[str]) -> list[str]:
        return list(dict.fromkeys(mapping.get(n, n) for n in names))

    for m in measures:
        m.lead, m.support = fix(m.lead), fix(m.support)
        for t in m.tasks:
            t.lead, t.support = fix(t.lead), fix(t.support)
