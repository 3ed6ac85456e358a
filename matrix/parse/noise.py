"""Rule `noise`: what conversion and web pages put around a document goes.

Conversion leaves `[bookmark: _GoBack]`, page marks (-- 3 --, — 3 —, 第3页 共10页),
scanner footers (扫描全能王 创建); a reprint may write a paragraph's indent as ??. A page
saved from a government site or a news reprint adds its furniture (当前位置：首页 > …,
简体版 繁體版, 【打印】【关闭】, 发布时间, 索引号, 浏览次数, 分享到, 责任编辑) and a lead-in
(日前，X印发《…》。全文如下：). None of it is a title, a measure or an agency; the fields
that describe the document (发文字号：…) are kept as metadata.
"""
from __future__ import annotations

import re

from . import vocab as V
from .state import Line, State

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
NOISE_LINE = re.compile(
    r"^(?:[-—–－~]{1,3}\s*\d{1,4}\s*[-—–－~]{1,3}"                    # -- 3 --, — 3 —
    r"|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"                 # 第3页 共10页
    r"|\d{1,4}\s*/\s*\d{1,4}"                                         # 3 / 10
    r"|(?:扫描全能王|CamScanner)\s*(?:创建|扫描)?"                      # scanner footer
    r"|[·•\-—_=]{3,})$", re.I)                                        # rules drawn with text
# Reprint sites annotate characters with their reading: 經(jīng)貿(mào)委, 區(qū). The reading is
# the site's, not the document's, and it splits names, so it goes (from text and view alike).
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONES}]*[{_TONES}])[a-zü{_TONES}]{{1,6}}[)）]")
QUOTED = re.compile(r"《(?P<title>[^》]+)》")
SPACES = "\u3000\xa0\t \ufeff\u200b"
EMPTY_FIELD = re.compile(r"^\s*[\u4e00-\u9fff][\u4e00-\u9fff ]{1,7}\s*[：:]")
NEXT_FIELD = re.compile(r"(?:[\u3000\xa0\t ]{2,}|[\u3000\t|｜])\s*[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,7}[：:]"
                        # … or one space, before a label a site's field table uses
                        r"|\s(?=(?:主题分类|主题词|发布日期|发布时间|成文日期|发文字号|文号|索引号|发布机构|"
                        r"信息来源|来源|浏览次数|所属机构|文件分类)\s*[：:])")


def is_noise(key: str) -> bool:
    return len(key) <= 40 and bool(NOISE_LINE.match(key))


def _without(line: Line, spans: list[tuple[int, int]]) -> Line:
    text, key, last = [], [], 0
    for s, e in spans:
        text.append(line.text[last:s])
        key.append(line.key[last:s])
        last = e
    return Line(line.no, "".join(text) + line.text[last:], "".join(key) + line.key[last:])


def run(state: State) -> None:
    out: list[Line] = []
    in_body = False          # fields such as 文号： describe the document only above its body
    for line in state.lines:
        if "[bookmark:" in line.key:
            # ASCII only, so the same cut applies to the text and its view.
            line = Line(line.no, BOOKMARK.sub("", line.text), BOOKMARK.sub("", line.key)).strip(SPACES)
            if not line.key:
                continue
        if line.key.startswith("??"):
            # A reprint wrote its indent (two full-width spaces) as ??: ??1.加强… is item 1.
            cut = len(line.key) - len(line.key.lstrip("?"))
            line = _without(line, [(0, cut)]).strip(SPACES)
            if not line.key:
                continue
        if "(" in line.key or "（" in line.key:
            spans = [m.span() for m in PINYIN.finditer(line.key)]
            if spans:
                line = _without(line, spans)
        key = line.key
        if is_noise(key):
            continue
        # Furniture is short and never a sentence: most lines are not asked.
        short = len(key) <= 120 and "。" not in key
        if short and V.FURNITURE.match(key):
            continue
        fields = V.FURNITURE_FIELDS.match(key) if short and not in_body else None
        if fields and not in_body:
            label = re.sub(r"\s+", "", fields.group("label"))
            value = line.text[fields.start("value"):fields.end("value")]
            # 文号：…　　发布日期：… — a line of the site's table holds the next field too.
            value = NEXT_FIELD.split(value, 1)[0]
            if EMPTY_FIELD.match(value):
                value = ""           # 文 号: 文件分类: … — the field is empty, the next one follows
            if value.strip(SPACES):
                state.furniture.setdefault(label, value.strip(SPACES))
            continue
        if len(key) <= 200 and ("如下" in key or "印发" in key or "出台" in key or "发布" in key) \
                and V.REPRINT_LEAD.search(key):
            quoted = QUOTED.search(key)
            if quoted and state.reprint_title is None:
                state.reprint_title = line.text[quoted.start("title"):quoted.end("title")]
            continue
        in_body = in_body or V.starts_structure(key)
        out.append(line)
    state.lines = out
