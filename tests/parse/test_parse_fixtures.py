"""Each parser rule against its fixture file (tests/fixtures/parse/<rule>.yaml).

A case gives a text and what the state holds once the chain has run up to and including
that rule (or the later rule `through` names); the key names what is compared (see VIEWS). Adding a style of document is
adding a case here, and a word or a rule in matrix/parse.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from matrix.parse import RULES, run_rules
from matrix.parse.state import Options

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "parse"


def _names(names) -> str:
    return "、".join(names)


def _roles(state):
    return [[f"{_names(lead)} | {_names(support)}".strip() for lead, support, _ in item.roles]
            for item in state.items]


def _note(note) -> dict:
    out = {k: list(getattr(note, k)) for k in ("lead", "support", "responsible", "standing")
           if getattr(note, k)}
    if note.deadline:
        out["deadline"] = note.deadline
    return out


VIEWS = {
    "lines": lambda s: [line.text for line in s.lines],
    "keys": lambda s: [line.key for line in s.lines],
    "furniture": lambda s: s.furniture,
    "reprint_title": lambda s: s.reprint_title,
    "items": lambda s: [item.id for item in s.items],
    "texts": lambda s: [item.text for item in s.items],
    "between": lambda s: [line.text for _, line in s.between],
    "rule": lambda s: s.responsible_rule,
    "notes": lambda s: [[_note(n) for n in item.notes] for item in s.items],
    "roles": _roles,
    "standing": lambda s: [_names(item.standing) for item in s.items],
    "deadlines": lambda s: [item.deadlines for item in s.items],
    "measures": lambda s: [f"{m.id} {m.title} | {_names(m.lead)} | {_names(m.support)}".strip()
                           for m in s.measures],
    "tasks": lambda s: [[f"{t.text} | {_names(t.lead)} | {_names(t.support)}".strip() for t in m.tasks]
                        for m in s.measures],
    "meta": lambda s: {k: v for k, v in s.meta.items()},
    "warnings": lambda s: [w.code for w in s.warnings],
}


def _cases():
    for path in sorted(FIXTURES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield pytest.param(path.stem, case, id=f"{path.stem}-{i + 1}-{case['name']}")


def test_every_rule_has_a_fixture_file():
    assert {name for name, _ in RULES} <= {p.stem for p in FIXTURES.glob("*.yaml")}


@pytest.mark.parametrize("rule,case", list(_cases()))
def test_rule(rule, case):
    options = Options(first_listed_leads=case.get("first_listed_leads", True))
    # A rule whose effect shows only in a later one's work (bare_notes marks what notes
    # reads) names that rule as `through`.
    through = case.get("through", rule)
    assert [n for n, _ in RULES].index(through) >= [n for n, _ in RULES].index(rule), case["name"]
    state = run_rules(case["text"], options, until=through)
    checked = [k for k in VIEWS if k in case]
    assert checked, f"case {case['name']} checks nothing"
    for key in checked:
        want = case[key]
        got = VIEWS[key](state)
        if key == "meta":
            got = {k: got.get(k) for k in want}
            want = {k: (str(v) if k == "date" and v else v) for k, v in want.items()}
        assert got == want, f"{case['name']}: {key}"
