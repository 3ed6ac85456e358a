"""config/overrides.suggested.yaml: the top suggestion per measure, in the overrides
format, for the clerk to check and copy into overrides.yaml. `build` never reads it."""
from __future__ import annotations

import datetime
from typing import Optional, Sequence

import yaml

from . import Suggestion

FILE = "overrides.suggested.yaml"

_HEAD = """\
# 系统建议的分工：由 matrix suggest --draft 于 {day} 生成，build 不读取本文件。
# 请逐条核对：确认的条目复制到 overrides.yaml 的 overrides: 之下（可改动单位），
# 不合适的删去。每条的 note 说明它是建议及其依据，并入后会显示在工作簿的批注中。
"""


def _item(key: str, value) -> str:
    # PyYAML quotes what needs quoting (as in a flow list, the strictest place); one line
    # per key, lists in brackets.
    flow = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=10_000)
    return f"{key}: {flow.strip()[1:-1]}"


def _one_line(text: str) -> str:
    # Comment lines carry document words: a line break there would end the comment.
    return " ".join(text.split())


def draft(suggestions: Sequence[Suggestion], day: Optional[datetime.date] = None) -> str:
    out = [_HEAD.format(day=(day or datetime.date.today()).isoformat()), "overrides:"]
    none = []
    for s in suggestions:
        if not s.lead:
            none.append(s)
            continue
        best = s.lead[0]
        others = "；".join(f"{c.agency} {c.score:.2f}" for c in s.lead)
        out.append(f"  # 候选：{_one_line(others)}")
        entry = [("document", s.document), ("measure", s.measure), ("title", s.title),
                 ("lead", [best.agency])]
        if s.support:
            entry.append(("support", [c.agency for c in s.support]))
        entry.append(("note", f"系统建议（{best.score:.2f}），请核对：{best.reason}"))
        for i, (k, v) in enumerate(entry):
            out.append(("  - " if i == 0 else "    ") + _item(k, v))
    if len(out) == 2:
        out[-1] = "overrides: []"
    if none:
        out.append("")
        out.append("# 以下措施没有可靠依据，请人工分工：")
        out += [f"#   {_one_line(f'{s.document} {s.measure} {s.title}')}" for s in none]
    return "\n".join(out) + "\n"
