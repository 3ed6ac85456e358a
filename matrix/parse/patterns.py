"""The shapes of Chinese official documents the parser recognises, named once."""
from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十百零〇"
CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十九 → 29, 一百零五 → 105; None if it is not a numeral."""
    if not s or any(c not in CN_NUM for c in s):
        return None
    total, current = 0, 0
    for c in s:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_VALUES[c]
    return total + current


# Section heading: 一、 at the start of a line, but not "一、二、三产业" (a list of numerals).
SECTION = re.compile(rf"^([{CN_NUM}]{{1,3}})、(?![{CN_NUM}]{{1,3}}、)\s*(.*)$")

# Item markers: （一） (一) 〔一〕, 1. 1． 1、 — a dot not followed by a digit (1.5万户 is text).
ITEM_MARK = rf"(?:[（(〔][{CN_NUM}]{{1,4}}[）)〕]|[（(]\d{{1,2}}[）)]|\d{{1,3}}[.．、](?!\d))"
ITEM = re.compile(rf"^({ITEM_MARK})\s*(.*)$")


def item_style(marker: str) -> str:
    """（一） 'paren', (1) 'paren-arabic', 1. 'arabic': measures use one style per document,
    and the others number sub-points inside a measure."""
    if marker[0].isdigit():
        return "arabic"
    return "paren-arabic" if any(c.isdigit() for c in marker) else "paren"


def item_value(marker: str) -> int | None:
    digits = re.sub(r"[^\d]", "", marker)
    if digits:
        return int(digits)
    return cn_to_int(re.sub(r"[（(〔）)〕]", "", marker))


def normal_marker(marker: str) -> str:
    """（二） for (二) and 〔二〕, 1 for 1. / 1． / 1、: one spelling for ids and columns."""
    if marker[0].isdigit():
        return re.sub(r"\D", "", marker)
    return "（" + marker[1:-1] + "）"


SENTENCE_END = re.compile(r"[。！？!?]")
DOC_KIND = r"(意见|通知|办法|方案|措施|规定|决定|计划|细则|纲要|规划|要点|通告|公告|批复|报告|指引|清单|政策)"
# A document's title line: it ends with the kind of document, perhaps (征求意见稿).
TITLE_LINE = re.compile(rf"{DOC_KIND}(（[^）]*）|\([^)]*\))?$")


def is_heading_only(text: str) -> bool:
    """A heading or an item title on its own line: numbered, short, no full stop."""
    m = SECTION.match(text) or ITEM.match(text)
    return bool(m) and not SENTENCE_END.search(text) and len(text) <= 60


def starts_structure(text: str) -> bool:
    return bool(SECTION.match(text) or ITEM.match(text))


DATE = re.compile(r"(\d{4}|[零〇一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
                  r"\s*([\d一二三四五六七八九十]{1,3})\s*日")
DATE_LINE = re.compile(rf"^{DATE.pattern}\s*(印发|成文|发布|签发)?$")
# A line that is only an office's name: the signature above the date.
ORG_NAME_LINE = re.compile(r"^[\u4e00-\u9fff（）() ]{2,40}(办公厅|办公室|委员会|人民政府|政府|局|厅|委|部)$")
END_MATTER = re.compile(r"^(抄送|抄报|主送|印发|附件|（此件|\(此件|此件|联系人|联系电话)")


def is_end_matter(text: str) -> bool:
    return bool(DATE_LINE.match(text) or END_MATTER.match(text))
