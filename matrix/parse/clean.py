"""Conversion noise out, cut sentences whole again.

What PDF/OCR/Word conversion leaves in the seeds: `[bookmark: _GoBack]`, page marks such
as `-- 3 --`, scanner footers (扫描全能王 创建), and page breaks that cut a sentence or even
a word (工业和信 / 息化厅). Each rule is one small function, tested on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as P


@dataclass
class Line:
    no: int       # 1-based line number in the source, for messages
    text: str


BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
NOISE_LINES = [
    re.compile(r"^[-—–－~]{1,3}\s*\d{1,4}\s*[-—–－~]{1,3}$"),         # -- 3 --, — 3 —
    re.compile(r"^第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?$"),        # 第3页 共10页
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),                             # 3 / 10
    re.compile(r"^(扫描全能王|CamScanner)\s*(创建|扫描)?$", re.I),     # scanner footer
    re.compile(r"^[·•\-—_=]{3,}$"),                                     # rules drawn with text
]
SPACES = "\u3000\xa0\t \ufeff"


def strip_noise(text: str) -> list[Line]:
    """Split into lines, remove bookmarks and noise lines, drop blanks; keep line numbers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    out = []
    for no, raw in enumerate(text.split("\n"), 1):
        line = BOOKMARK.sub("", raw).strip(SPACES)
        if not line or any(p.match(line) for p in NOISE_LINES):
            continue
        out.append(Line(no, line))
    return out


# An item that starts after a sentence ends on the same line, as in
# "…降低企业综合融资成本。 　　(六)拓宽融资渠道。" (paragraphs run together by conversion).
MIDLINE_ITEM = re.compile(r"(?<=[。；;！？!?）)])(?:[ \u3000\xa0\t]+(?=" + P.ITEM_MARK + r")"
                          r"|(?=[（(][" + P.CN_NUM + r"]{1,4}[）)]\S))")


def split_run_together(lines: list[Line]) -> list[Line]:
    out = []
    for line in lines:
        for part in MIDLINE_ITEM.split(line.text):
            part = part.strip(SPACES)
            if part:
                out.append(Line(line.no, part))
    return out


TERMINAL = tuple("。；;！!？?：:）)】〕")


def _ends_sentence(text: str) -> bool:
    return text.endswith(TERMINAL)


def _joiner(a: str, b: str) -> str:
    # Latin words and numbers cut at a line end keep one space; CJK joins directly.
    return " " if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else ""


def join_broken(lines: list[Line]) -> list[Line]:
    """Join a line that stops mid-sentence with the next one (a page or line break cut it).

    Headings and numbered items that carry no sentence (“(一)实施企业培育工程,着力…”) end
    without a full stop by design; they and the end matter are never joined.
    """
    out: list[Line] = []
    for line in lines:
        if out:
            prev = out[-1].text
            if (not _ends_sentence(prev) and not P.is_heading_only(prev)
                    and not P.TITLE_LINE.search(prev)
                    and not P.starts_structure(line.text) and not P.is_end_matter(line.text)
                    and not P.is_end_matter(prev)):
                out[-1] = Line(out[-1].no, prev + _joiner(prev, line.text) + line.text)
                continue
        out.append(line)
    return out


def clean(text: str) -> list[Line]:
    return join_broken(split_run_together(strip_noise(text)))
