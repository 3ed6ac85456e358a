"""Rule `meta`: title, issuer, 文号, date and status.

Read from the header (before the outline) and the 落款 (signature and date), never from
the body: a 文号 or a date cited inside a sentence belongs to another document. A notice
that issues a document (关于印发X的通知) is titled by X — the whole of X, also when X
quotes another document (…贯彻落实《中共中央 国务院关于…的意见》三年行动方案).
"""
from __future__ import annotations

import re
from typing import Optional

from . import vocab as V
from .state import State
from ..i18n import _
from ..text import squeeze

PROSE = re.compile(r"[。，,；;：:]")
WRAPPER = re.compile(r"(?:印发|转发)(?P<inner>.+?)的?(?:通知|函)$")
WHOLE_QUOTE = re.compile(r"^《(?P<inner>[^《》]+)》$")
# “六安市人民政府办公室关于印发…的通知”: the office that signs, then 关于.
ISSUER_BEFORE_TITLE = re.compile(r"^(?P<org>[\u4e00-\u9fff（）]{2,40}?(?:办公厅|办公室|委员会|人民政府|政府|局|厅|委))(?:关于|印发)")
ORG_LINE = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}{V.ORG_END}$")
ISSUER_INLINE = re.compile(rf"(?:^|[。\s])(?P<orgs>[\u4e00-\u9fff]{{4,60}}?{V.ORG_END})\s*{V.DATE.pattern}")
ONE_ORG = re.compile(r".+?(?:人民政府办公厅|办公厅|办公室|委员会(?!办公)|人民政府(?!办公)|委(?!办公|员会|办)|局|厅(?!.))")
HEADER_FILE = re.compile(r"^(?P<org>.+?)\s*文\s*件$")
SALUTATION = re.compile(r"^各.{1,60}[：:]$")
# A notice's closing words (特此通知) end with 通知 but are no title.
CLOSING = re.compile(r"^(?:特此|此)(?:通知|公告|通告|函告|函复|批复|复)[。.]?$")
# A 文号 read out of a run-together line of a site's table keeps nothing before its label:
# 发布机构区人民政府办公室文号某政办〔2024〕1号 → 某政办〔2024〕1号.
NUMBER_LABEL = re.compile(r"^.*(?:文号|字号|编号)[：:]?")
ISO = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
CN_ZERO = str.maketrans({"○": "〇", "Ｏ": "〇", "O": "〇", "0": "〇", "零": "〇"})


def _cn_digit(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4:   # 二〇一九, 二○二三
        digits = "〇一二三四五六七八九"
        return int("".join(str(digits.index(c)) if c in digits else "0" for c in s.translate(CN_ZERO)))
    return V.cn_to_int(s) or 0


def iso_date(m: re.Match) -> Optional[str]:
    y, mo, d = (_cn_digit(g) for g in m.group(1, 2, 3))
    if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _drop_draft_mark(title: str) -> str:
    return V.DRAFT_MARK.sub("", title)


def _inner(title: str) -> str:
    """关于印发X的通知 → X; 《X》 → X; any other title as it is."""
    m = WRAPPER.search(title)
    if m:
        inner = m.group("inner").strip()
        whole = WHOLE_QUOTE.match(inner)
        return whole.group("inner") if whole else inner
    return title


def _is_title_part(line: str) -> bool:
    return bool(line) and len(line) <= 40 and not PROSE.search(line) and not V.DOC_NUMBER.match(line) \
        and not V.DATE_LINE.match(line)


TRAILING_NUMBER = re.compile(r"\s*[（(]\s*(?P<number>[\u4e00-\u9fff]{1,12}[〔\[［]\s*\d{4}\s*[〕\]］]\s*第?\s*\d{1,4}\s*号)\s*[）)]$")
ANNEX = re.compile(r"^附件\s*\d*\s*[：:]?$")
LOOSE = re.compile(r"[《》〈〉\s]")


def _own_line(inner: str, below: list[str]) -> str:
    """The issued document's own title line, if the header has it: its spelling wins
    (2006年《政府工作报告》… where the notice wrote 2006年政府工作报告…)."""
    want = LOOSE.sub("", inner)
    for line in below:
        if LOOSE.sub("", line) == want:
            return line
    # A notice that issues two (A和B): the text that follows is the one whose title it shows.
    for line in below:
        own = LOOSE.sub("", line)
        if len(own) >= 6 and V.TITLE_LINE.search(own) and any(
                want.startswith(own + j) or want.endswith(j + own) for j in "和及、与"):
            return line
    return inner


def _title(header: list[str]) -> str:
    header = [TRAILING_NUMBER.sub("", h) for h in header]
    for i, line in enumerate(header):
        at = min((a for a in (line.find("关于"), line.find("印发")) if a >= 0), default=-1)
        if at < 0 or PROSE.search(line[at:]) or len(line) > 120:
            continue
        if at and line[:at].rstrip().endswith(("：", ":")):
            pass             # a site's headline: 某区奖励政策:关于…
        elif at and not ISSUER_BEFORE_TITLE.match(line):
            at = 0           # 苏州市关于…: a place, not the office that signs, heads the title
        title = line[at:]
        # A title may wrap over two or three lines (…五年培育 / 成长计划的通知).
        for nxt in header[i + 1:i + 3]:
            if V.TITLE_LINE.search(title) or not _is_title_part(nxt):
                break
            title += nxt
        if not V.TITLE_LINE.search(_drop_draft_mark(title)) and "印发" not in title:
            continue
        inner = _inner(_drop_draft_mark(title))
        if inner != title and not inner.startswith("关于"):
            return _own_line(inner, header[i + 1:])
        return _drop_draft_mark(inner)
    for i, line in enumerate(header):
        # A line that is a title on its own: ends with the kind of document, no prose marks
        # (武侯区促进楼宇经济高质量发展若干措施 has no 关于), perhaps wrapped from the line above.
        if V.TITLE_LINE.search(line) and not PROSE.search(_drop_draft_mark(line)) and len(line) <= 60 \
                and not SALUTATION.match(line) and not CLOSING.match(line):
            title = line
            if i and _is_title_part(header[i - 1]) and not V.TITLE_LINE.search(header[i - 1]) \
                    and not ORG_LINE.match(header[i - 1]) and len(header[i - 1]) >= 6:
                title = header[i - 1] + title
            return _drop_draft_mark(_inner(title))
    return ""


def _first_line(header: list[str]) -> str:
    """The last resort: the first line that is no 文号, date, salutation or office."""
    for line in header:
        plain = line.replace(" ", "")
        if plain and plain != "文件" and not ANNEX.match(plain) and len(plain) <= 60 and "。" not in plain and not (
                V.DOC_NUMBER.match(plain) or V.DATE_LINE.match(plain) or SALUTATION.match(plain)
                or CLOSING.match(plain)
                or ORG_LINE.match(plain)):
            return line
    return ""


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


def _furniture_date(value: str) -> Optional[str]:
    m = V.DATE.search(value)
    if m:
        return iso_date(m)
    m = ISO.search(value)
    if m and 1949 <= int(m.group(1)) <= 2100 and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


QUOTE = re.compile(r"(《[^》]*(?:》|$)|^[^《]*》)")


def _squeeze(s: str) -> str:
    """Spaces out, but for the one inside a quoted title (《中共中央 国务院关于…》)."""
    if "《" not in s and "》" not in s:
        return squeeze(s)
    return "".join(p if p.startswith("《") or p.endswith("》") else squeeze(p) for p in QUOTE.split(s))


def run(state: State) -> None:
    lines = state.unjoined or state.lines
    cut = len(lines)
    if state.outline_start is not None:
        cut = next((i for i, line in enumerate(lines) if line.no >= state.outline_start), cut)
    # Only the header and the lines around a date are read: the body is left as it is.
    wanted = set(range(min(cut, 60) or min(len(lines), 5))) | {len(lines) - 1}
    for i, line in enumerate(lines):
        if "日" in line.key and "年" in line.key:
            wanted.update(range(max(0, i - 4), i + 1))
    keys = [_squeeze(line.key) if i in wanted else "" for i, line in enumerate(lines)]
    texts = [_squeeze(line.text) if i in wanted else "" for i, line in enumerate(lines)]
    header = keys[:cut] or keys[:5]
    key_all, text_all = "\n".join(keys), "\n".join(texts)

    def own(s: Optional[str]) -> Optional[str]:
        return state.restore(s, key_all, text_all) if s else s

    furniture = state.furniture
    title = _squeeze(_title(header))
    if not title:
        title = _inner(furniture.get("标题") or furniture.get("名称") or furniture.get("文件名称")
                       or state.reprint_title or "")
        title = title and _drop_draft_mark(_squeeze(title))
        title = title or own(_squeeze(_first_line(header)))
    else:
        title = own(title)
    status = "draft" if any(V.DRAFT.search(t) for t in header[:10]) else "final"
    number = next((t.replace(" ", "") for t in header[:20] if V.DOC_NUMBER.match(t.replace(" ", ""))), None)
    if number is None:
        for t in header[:20]:
            m = V.DOC_NUMBER_IN.search(V.CITED.sub("", t))
            if m:
                number = NUMBER_LABEL.sub("", m.group(0).replace(" ", ""))
                break
    number = own(number) or next((furniture[k] for k in ("发文字号", "发布文号", "文件编号", "文号")
                                  if furniture.get(k)), None)

    issuer, date, restored = None, None, False
    for i, t in enumerate(keys):
        m = V.DATE_LINE.match(t)
        if m and iso_date(m):
            date = iso_date(m)
            issuer = _issuer_before(keys, i)
            if issuer:
                span_k, span_t = "\n".join(keys[max(0, i - 4):i]), "\n".join(texts[max(0, i - 4):i])
                issuer, restored = state.restore(issuer, span_k, span_t), True
            break
    if issuer is None and len(keys) > 1 and ORG_LINE.match(keys[-1]):
        # Signed at the end without a date (a site's table page): the last lines' office.
        issuer = _issuer_before(keys, len(keys))
        if issuer:
            issuer, restored = state.restore(issuer, key_all, text_all), True
    if date is None:
        for t in keys:
            m = ISSUER_INLINE.search(t)
            found = V.DATE.search(t, m.end("orgs")) if m else None
            if found and iso_date(found):
                date = iso_date(found)
                issuer = " ".join(ONE_ORG.findall(m.group("orgs")))
                break
    if issuer is None:
        for i, t in enumerate(header[:6]):
            m = HEADER_FILE.match(t)
            if m and ORG_LINE.match(m.group("org").replace(" ", "")):
                issuer = m.group("org").replace(" ", "")
                break
            if t.replace(" ", "") == "文件" and i and ORG_LINE.match(header[i - 1]):
                issuer = header[i - 1]
                break
    if issuer is None:
        issuer = _issuer_in_header(header[:20])
    issuer = (issuer if restored else own(issuer)) or furniture.get("发文机关") or furniture.get("发布机构") or furniture.get("发文单位")
    if date is None:
        for label in ("成文日期", "发布日期"):
            if furniture.get(label):
                date = _furniture_date(simplified_digits(furniture[label]))
                if date:
                    break
    state.meta = {"title": title, "issuer": issuer, "number": number, "date": date, "status": status}
    if not title:
        state.warn(None, "no-title", _("no title found"))


def simplified_digits(s: str) -> str:
    from .normalize import simplified
    return simplified(s)
