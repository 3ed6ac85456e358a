"""Rule `joins`: paragraphs run together are split, lines cut by a page or a wrap joined.

“…降低企业综合融资成本。 　　(六)拓宽融资渠道。” holds two paragraphs; “工业和信 / 息化厅”
is one word cut by a page break; a PDF wraps a title or a name over two lines.
"""
from __future__ import annotations

import re

from . import vocab as V
from .state import Line, State, join

# An item that starts after a sentence ends on the same line.
MIDLINE_ITEM = re.compile(r"(?<=[。；;！？!?）)])(?:[ \u3000\xa0\t]+(?=" + V.ITEM_MARK + r")"
                          r"|(?=[（(][" + V.CN_NUM + r"]{1,4}[）)]\S))")
# A whole document saved as one line (a site that dropped its line breaks): its items
# follow a sentence's end or a closing note with no space (…人群。1、…负责）2、…), and a
# section's （一） follows its heading's words. Only in a line this long.
RUN_TOGETHER = 300
LONG_LINE_ITEM = re.compile(r"(?<=[。；;）)])(?=\d{1,2}(?:、|[．.](?!\d)))"
                            r"|(?<=[\u4e00-\u9fff。；;）)])(?=[（(][" + V.CN_NUM + r"]{1,3}[）)][\u4e00-\u9fff])")
TERMINAL = tuple("。；;！!？?：:）)】〕")
# A line that starts with a field of its own (配合单位：…, 时限要求：…) is never glued on.
FIELD_START = re.compile(r"^[\u4e00-\u9fff]{2,8}\s*[：:]")
SPACES = "\u3000\xa0\t \ufeff"


_EITHER = re.compile(f"{MIDLINE_ITEM.pattern}|{LONG_LINE_ITEM.pattern}")


def split_run_together(lines: list[Line]) -> list[Line]:
    out = []
    for line in lines:
        last = 0
        found = MIDLINE_ITEM if len(line.key) < RUN_TOGETHER else _EITHER
        for m in found.finditer(line.key):
            part = line.cut(last, m.start()).strip(SPACES)
            if part.key:
                out.append(part)
            last = m.end()
        part = line.cut(last).strip(SPACES) if last else line
        if part.key:
            out.append(part)
    return out


def _joiner(a: str, b: str) -> str:
    # Latin words and numbers cut at a line end keep one space; CJK joins directly.
    return " " if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else ""


def join_broken(lines: list[Line]) -> list[Line]:
    """Join a line that stops mid-sentence with the next one.

    Headings and numbered items that carry no sentence (“(一)实施企业培育工程,着力…”) end
    without a full stop by design; they, title lines, field lines and the end matter are
    never joined.
    """
    out: list[Line] = []
    for i, line in enumerate(lines):
        signature = V.ORG_NAME_LINE.match(line.key) and i + 1 < len(lines) and V.DATE_LINE.match(lines[i + 1].key)
        if out and not signature:
            prev = out[-1].key
            if (not prev.endswith(TERMINAL) and not V.is_heading_only(prev)
                    and not V.TITLE_LINE.search(prev)
                    and not V.starts_structure(line.key) and not V.is_end_matter(line.key)
                    and not V.is_end_matter(prev) and not FIELD_START.match(line.key)):
                out[-1] = join(out[-1], line, _joiner(prev, line.key))
                continue
        out.append(line)
    return out


def run(state: State) -> None:
    # The header is read line by line as it was set (issuer, 文 件, 文号 each on a line).
    state.unjoined = list(state.lines)
    state.lines = join_broken(split_run_together(state.lines))
