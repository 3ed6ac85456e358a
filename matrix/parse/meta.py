"""Document metadata: title, issuer, 文号, date, status.

Read from the header (before the first section) and the 落款 (signature and date at the
end), never from the body: a 文号 or a date cited inside a sentence belongs to another
document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import patterns as P
from .clean import Line
from ..text import squeeze

DOC_KIND = P.DOC_KIND
TITLE_END = P.TITLE_LINE
PROSE = re.compile(r"[。，,；;：:]")
WRAPPER_QUOTED = re.compile(r"印发.*?《(?P<inner>[^》]+)》.*?的?通知")
WRAPPER_PLAIN = re.compile(rf"印发(?P<inner>.+?{DOC_KIND})的通知$")
# “六安市人民政府办公室关于印发…的通知”: the office that signs, then 关于.
ISSUER_BEFORE_TITLE = re.compile(r"^(?P<org>[\u4e00-\u9fff（）]{2,40}?(?:办公厅|办公室|委员会|人民政府|政府|局|厅|委))(?:关于|印发)")
NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,4}\s*号$")
DRAFT = re.compile(r"征求意见稿|代拟稿|送审稿|讨论稿|草案")
ORG_END = r"(?:人民政府办公厅|办公厅|办公室|委员会|人民政府|局|厅|委|政府)"
ORG_LINE = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}{ORG_END}$")
ISSUER_INLINE = re.compile(rf"(?:^|[。\s])(?P<orgs>[\u4e00-\u9fff]{{4,60}}?{ORG_END})\s*{P.DATE.pattern}")
ONE_ORG = re.compile(r".+?(?:人民政府办公厅|办公厅|办公室|委员会|人民政府(?!办公)|委(?!办公|员会|办)|局|厅(?!.))")
HEADER_FILE = re.compile(r"^(?P<org>.+?)\s*文\s*件$")


@dataclass
class Meta:
    title: str
    issuer: Optional[str]
    number: Optional[str]
    date: Optional[str]
    status: str


def _cn_digit(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4:   # 二〇一九
        return int("".join(str("〇一二三四五六七八九".index(c) if c in "〇一二三四五六七八九" else 0)
                           for c in s.replace("零", "〇")))
    return P.cn_to_int(s) or 0


def iso_date(m: re.Match) -> Optional[str]:
    y, mo, d = (_cn_digit(g) for g in m.group(1, 2, 3))
    if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _drop_draft_mark(title: str) -> str:
    return re.sub(r"(（[^）]*稿）|\([^)]*稿\))$", "", title)


def _title(header: list[str]) -> str:
    for line in header:
        for pattern in (WRAPPER_QUOTED, WRAPPER_PLAIN):
            m = pattern.search(line)
            if m:
                return m.group("inner")
    for i, line in enumerate(header):
        at = line.find("关于")
        if at < 0 or PROSE.search(line[at:]):
            continue
        title = line[at:]
        # A title may wrap over two or three lines (…五年培育 / 成长计划的通知).
        for nxt in header[i + 1:i + 3]:
            if TITLE_END.search(title):
                break
            title += nxt
        return _drop_draft_mark(title)
    for line in header:
        # A line that is a title on its own: ends with the kind of document, no prose marks
        # (武侯区促进楼宇经济高质量发展若干措施 has no 关于).
        if TITLE_END.search(line) and not PROSE.search(_drop_draft_mark(line)) and len(line) <= 60:
            return _drop_draft_mark(line)
    return header[0] if header else ""


def _issuer_before(lines: list[str], index: int) -> Optional[str]:
    """Issuer lines right above a date line (joint issuers may take two or three lines)."""
    orgs = []
    j = index - 1
    while j >= 0 and len(orgs) < 4 and ORG_LINE.match(lines[j]):
        orgs.insert(0, lines[j])
        j -= 1
    return " ".join(orgs) or None


def _issuer_in_header(header: list[str]) -> Optional[str]:
    """The office named where the title starts (X关于…), or on a line of its own above it."""
    for i, t in enumerate(header):
        m = ISSUER_BEFORE_TITLE.match(t.replace(" ", ""))
        if m:
            return m.group("org")
        if "关于" in t:
            above = [h for h in header[:i] if ORG_LINE.match(h.replace(" ", ""))]
            return above[-1].replace(" ", "") if above else None
    return None


def extract(lines: list[Line], first_section_line: Optional[int]) -> Meta:
    texts = [squeeze(line.text) for line in lines]
    cut = len(lines)
    if first_section_line is not None:
        cut = next((i for i, line in enumerate(lines) if line.no >= first_section_line), cut)
    header = texts[:cut] or texts[:5]

    title = squeeze(_title(header))
    status = "draft" if any(DRAFT.search(t) for t in header[:8]) else "final"
    number = next((t.replace(" ", "") for t in header[:12] if NUMBER.match(t.replace(" ", ""))), None)

    issuer, date = None, None
    for i, t in enumerate(texts):
        m = P.DATE_LINE.match(t)
        if m and iso_date(m):
            date = iso_date(m)
            issuer = _issuer_before(texts, i)
            break
    if date is None:
        for t in texts:
            m = ISSUER_INLINE.search(t)
            found = P.DATE.search(t, m.end("orgs")) if m else None
            if found and iso_date(found):
                date = iso_date(found)
                issuer = " ".join(ONE_ORG.findall(m.group("orgs")))
                break
    if issuer is None:
        for t in header[:6]:
            m = HEADER_FILE.match(t)
            if m and ORG_LINE.match(m.group("org").replace(" ", "")):
                issuer = m.group("org").replace(" ", "")
                break
            if t.replace(" ", "") == "文件":
                prev = header[header.index(t) - 1] if header.index(t) else None
                if prev and ORG_LINE.match(prev):
                    issuer = prev
                    break
    if issuer is None:
        issuer = _issuer_in_header(header[:6])
    return Meta(title=title, issuer=issuer, number=number, date=date, status=status)
