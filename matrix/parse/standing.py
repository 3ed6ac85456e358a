"""Rule `standing`: standing instructions — bodies that take part in every later measure.

“以下各项任务均需各县区政府、市开发区管委落实，不再单列”, “…不再做分工，下同”: written
between measures (or in the preamble) they reach the measures after them; inside a note,
that measure too; in a measure's prose, the measures after it.
"""
from __future__ import annotations

from .names import whole_names
from .notes import outside, standing_lists
from .state import State


def run(state: State) -> None:
    active: list[str] = []
    at: dict[int, list] = {}
    for k, line in state.between:
        at.setdefault(k, []).append(line)

    def add(names):
        active.extend(n for n in names if n not in active)

    for k, item in enumerate(state.items):
        for line in at.get(k, ()):
            for written in standing_lists(line.key):
                add(whole_names(state, [written], None, line.key, line.text)[0])
        item.standing = list(active)
        key, text = item.key, item.text
        for _, _, standing in item.roles:
            add(standing)
        for written in standing_lists(outside(key, item.notes)):
            add(whole_names(state, [written], None, key, text)[0])
