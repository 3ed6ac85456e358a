"""Rule `measures`: outline items with their notes, names and limits → Measures.

Each note is a clause (Task) covering the text since the note before it; an agency that
leads any clause leads the measure; bodies of a standing instruction support every clause
from where it is in force.
"""
from __future__ import annotations

from ..model import Measure, Task
from . import notes as N
from . import vocab as V
from .state import Item, State

MAX_HEADING = 20     # 1.加大财政支持：对… — a heading before a colon is this short


def title_key(first: str) -> str:
    """A measure's title from its first line (simplified view)."""
    m = V.SENTENCE_END.search(first)
    # “实施企业培育工程,着力促进…” is a heading with a subtitle: the title is its head.
    title = first[:m.start()] if m else V.CLAUSE_BREAK.split(first, 1)[0]
    # A note closing the title sentence is not part of the title.
    for s, e, inner in N.brackets(title):
        if N.read(inner):
            title = title[:s]
            break
    colon = min((i for i in (title.find("："), title.find(":")) if i > 0), default=-1)
    if 0 < colon <= MAX_HEADING and not V.CLAUSE_BREAK.search(title[:colon].replace("：", "")):
        title = title[:colon]
    return title.strip(" 　")


def _add(target: list[str], names, exclude=()) -> None:
    for n in names:
        if n not in target and n not in exclude:
            target.append(n)


def measure(item: Item, state: State) -> Measure:
    text = item.text
    tasks: list[Task] = []
    running = list(item.standing)
    cursor = 0
    for note, (lead, support, standing) in zip(item.notes, item.roles):
        covered = text[cursor:note.start].strip("。；;，, \n")
        cursor = note.end
        _add(running, standing)
        support = list(support)
        _add(support, running, lead)
        tasks.append(Task(text=covered, lead=list(lead), support=support))
    if not tasks and item.standing:
        tasks.append(Task(text=text, lead=[], support=list(item.standing)))
    lead: list[str] = []
    support: list[str] = []
    for t in tasks:
        _add(lead, t.lead)
    for t in tasks:
        _add(support, t.support, lead)
    first = item.lines[0] if item.lines else None
    title = state.restore(title_key(first.key), first.key, first.text) if first else ""
    return Measure(id=item.id, section=item.section, number=item.number, title=title, text=text,
                   lead=lead, support=support, deadlines=list(item.deadlines), tasks=tasks,
                   line=item.line)


def run(state: State) -> None:
    state.measures = [measure(item, state) for item in state.items]
