"""Rule `bare_notes`: “……最高不超过500万元。（市工信委、市财政局）” — a bracket of agency
names alone closing a paragraph is a 责任单位 note, in a document that writes its notes no
other way.

A bracket of names is ordinary text in most documents (（市民营办） after a name, （以下简称
市工信委）), so it counts only where the document has no note with a label or a role verb and
at least two paragraphs end so. The bracket is marked in the simplified view (`V.BARE_NOTE`
for its opening, the same length), so every later rule finds the note where it is.
"""
from __future__ import annotations

import re
from typing import Optional

from . import notes as N
from . import vocab as V
from .state import Line, State

_PIECES = re.compile(r"[、，,]")
_PROSE = re.compile(r"简称|称为|包括|含|以下|即|指|如|等$")


def closing_list(key: str, registry=None) -> Optional[int]:
    """Where the bracket of names that ends `key` opens, or None."""
    if not key.rstrip("。；; \u3000\t").endswith(("）", ")")):
        return None
    spans = list(N.brackets(key))
    if not spans:
        return None
    start, end, inner = spans[-1]
    if key[end:].strip("。；; \u3000\t") or _PROSE.search(inner):
        return None
    pieces = [p.strip() for p in _PIECES.split(N.BRACKET_CHAR.sub("", inner))]
    if not pieces or not (V.LEVEL.match(pieces[0]) or V.STANDALONE.match(pieces[0])
                          or (registry is not None and registry.knows(pieces[0]))):
        return None
    if not all(3 <= len(p) <= 30 and V.ORG_SUFFIX.search(p) and not V.NOT_AGENCY.search(p) for p in pieces):
        return None
    return start


def run(state: State) -> None:
    if any(N.has_note(line.key) for line in state.lines):
        return
    found = [(i, at) for i, line in enumerate(state.lines)
             if (at := closing_list(line.key, state.options.registry)) is not None]
    if len(found) < 2:
        return
    for i, at in found:
        line = state.lines[i]
        state.lines[i] = Line(line.no, line.text, line.key[:at] + V.BARE_NOTE + line.key[at + 1:])
