"""Rule `section_roles`: a section headed by who carries it out gives that role to each
of its measures that has no note of its own.

Work-plan lists group their items by bureau: “一、县农业农村局牵头工作（2项）” then 1.、2.
with no note; or they put the note on the heading: “（三）稳外贸（市商务局牵头，市财政局
配合）”. The nearest such heading above a measure counts.
"""
from __future__ import annotations

from . import notes as N
from . import vocab as V
from .names import note_roles
from .normalize import simplified
from .state import Note, State


def heading_note(heading: str):
    """The note a section heading carries, read off its simplified view, or None."""
    key = heading.strip(" 　。：:")
    tail = V.SECTION_ROLE_TAIL.search(key)
    if tail and tail.start() > 0:
        return N.read(key[:tail.start()])
    spans = list(N.brackets(key))
    if spans and not key[spans[-1][1]:].strip(" 　。：:"):
        return N.read(spans[-1][2])
    return None


def run(state: State) -> None:
    found: dict[tuple, tuple] = {}
    for item in state.items:
        if item.notes or not (item.section or item.section_lines):
            continue
        where = (item.section, tuple(line.no for line in item.section_lines))
        if where not in found:
            found[where] = _roles(state, item.section) or _from_lines(state, item.section_lines)
        roles = found[where]
        if roles is None:
            continue
        lead, support = roles
        end = len(item.text)
        item.notes.append(Note(end, end, lead=tuple(lead), support=tuple(support)))
        item.roles.append((lead, support, []))


def _roles(state: State, section: str):
    for heading in reversed(section.split(" / ")):
        key = simplified(heading)
        note = heading_note(key)
        if note is None:
            continue
        lead, support, _standing = note_roles(state, note, key, heading)
        if lead:
            return lead, support
    return None


def _from_lines(state: State, lines):
    """一、扩大有效投资 / （由市发改委牵头实施） / …: the note in a section's own words."""
    for line in lines:
        for note in N.find(line.key):
            lead, support, _standing = note_roles(state, note, line.key, line.text)
            if lead:
                return lead, support
    return None
