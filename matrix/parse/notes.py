"""Assignment notes: the bracketed 牵头/责任 notes that say who carries out a measure.

Forms seen in real documents, full- or half-width:
  （牵头单位：A、B；责任单位：C）        labelled
  〔责任单位：A、B〕                      labelled, only 责任单位: first listed leads (setting)
  (A、B牵头,C、D等按职责分工负责)         inline
  （责任单位：A，B。以下任务均需C、D落实，不再单列）   with a standing instruction
A bracket without such a keyword, e.g. “（市民营办）”, is ordinary text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .names import ORG_SUFFIX, split_list

OPEN, CLOSE = "（(〔【[", "）)〕】]"

LABEL = re.compile(r"(牵头单位|牵头部门|主责单位|责任单位|责任部门|配合单位|配合部门|协办单位|"
                   r"参与单位|协同单位)\s*[：:]")
LEAD_LABELS = {"牵头单位", "牵头部门", "主责单位"}
RESPONSIBLE_LABELS = {"责任单位", "责任部门"}
INLINE = re.compile(r"^(?P<lead>.+?)牵头(?:[，,；;、]\s*(?P<support>.*?))?"
                    r"(?:等?(?:按职责分工|按照职责分工|按职责|分别)?(?:负责|配合|参与|落实)+)?$")
STANDING = re.compile(
    r"(?:以下|下列|其他|其余|后续)?(?:各项|所有)?(?:任务|工作|措施)?(?:均|都|也)?(?:需|须|由|要)?"
    r"(?P<names>.+?)(?:均为|为|作为)?(?:责任单位|配合单位)?(?:共同|负责|抓好|认真|切实)*"
    r"(?:落实|负责|参与|配合|承担)?[，,]?\s*(?:以下|下文|后文|后面)?(?:均|都)?"
    r"(?:不再单列|不再列出|不再做分工|不再分工|不再重复列出|下同)")
# STANDING's lazy name group makes a search quadratic in the sentence; it can only match
# where one of these closing words occurs, so a plain search for them screens sentences.
STANDING_END = re.compile(r"不再单列|不再列出|不再做分工|不再分工|不再重复列出|下同")
SENTENCE_SPLIT = re.compile(r"[。；;]")
SPACES = re.compile(r"\s+")
# A document's own statement of the 责任单位 convention wins over the setting.
FIRST_LEADS = re.compile(r"(第一责任单位|排在?第一位?的?(?:单位)?|排名第一的?(?:单位)?|"
                         r"列第一位的?(?:单位)?|首位(?:单位)?)(?:为|是)牵头单位")
NOT_ORDERED = re.compile(r"(排名|排序|排列)不分先后")
# Other fields a note may carry (完成时限：…, 牵头领导：…): a list ends where one begins.
OTHER_FIELD = re.compile(r"(?:[；;，,。]|[ \t\u3000])\s*[\u4e00-\u9fff]{2,8}\s*[：:]")
# “（自治区教育厅负责）”, “（区科技局、区财政局按职责分工负责）”: every listed body is responsible.
RESPONSIBLE_INLINE = re.compile(r"^(?:由)?(?P<names>.+?)等?(?:按职责分工|按照职责分工|按职责|分别)?负责$")


@dataclass
class Note:
    start: int                   # offsets of the bracketed note in the measure text
    end: int
    lead: list[str] = field(default_factory=list)        # agency lists as written
    support: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list) # 责任单位 alone: convention decides
    standing: list[str] = field(default_factory=list)    # lists that apply to later measures


BRACKET_CHAR = re.compile("[" + re.escape(OPEN + CLOSE) + "]")


def brackets(text: str):
    """Top-level bracket groups as (start, end, inner), nesting allowed: 各地(州、市) inside."""
    depth, start = 0, 0
    # Visit only the bracket characters (found in C), not every character of the text.
    for m in BRACKET_CHAR.finditer(text):
        i, c = m.start(), m.group()
        if c in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1, text[start + 1:i]


def standing_lists(text: str) -> list[str]:
    """“以下任务均需各县区政府、市开发区管委落实，不再单列” → ['各县区政府、市开发区管委']."""
    if not STANDING_END.search(text):
        return []
    out = []
    for sentence in SENTENCE_SPLIT.split(text):
        m = STANDING_END.search(sentence) and STANDING.search(sentence)
        if m:
            out.append(m.group("names"))
    return out


def parse_note(start: int, end: int, inner: str) -> Note | None:
    """Read one bracketed note, or None if the bracket is ordinary text."""
    lists = _read_note(inner)
    if lists is None:
        return None
    lead, support, responsible, standing = lists
    return Note(start, end, list(lead), list(support), list(responsible), list(standing))


# The parser reads each note several times (to end a paragraph, to split a measure into
# tasks, to find its title), and a bracket's reading depends on its text alone.
@functools.lru_cache(maxsize=8192)
def _read_note(inner: str) -> tuple[tuple[str, ...], ...] | None:
    body = inner.strip()
    lead: list[str] = []
    support: list[str] = []
    responsible: list[str] = []
    standing: list[str] = []
    if LABEL.search(body):
        labelled = [m for m in LABEL.finditer(body)]
        for i, m in enumerate(labelled):
            stop = labelled[i + 1].start() if i + 1 < len(labelled) else len(body)
            segment = body[m.end():stop]
            other = OTHER_FIELD.search(segment)
            if other and not STANDING_END.search(segment[other.start():]):
                segment = segment[:other.start()]
            # A standing instruction may follow the list after a full stop.
            segment, _, rest = segment.partition("。")
            standing += standing_lists(rest)
            segment = segment.strip("；;，, ")
            label = m.group(1)
            inline = INLINE.match(SPACES.sub("", segment)) if "牵头" in segment else None
            if inline and label not in LEAD_LABELS:
                # 责任单位：A牵头，B、C参与 — the list says itself who leads.
                lead.append(inline.group("lead"))
                if inline.group("support"):
                    support.append(inline.group("support"))
            elif label in LEAD_LABELS:
                lead.append(segment)
            elif label in RESPONSIBLE_LABELS:
                responsible.append(segment)
            else:
                support.append(segment)
        return tuple(lead), tuple(support), tuple(responsible), tuple(standing)
    flat = SPACES.sub("", body)
    if "牵头" in flat and len(flat) <= 400:
        m = INLINE.match(flat)
        if m and m.group("lead"):
            lead.append(m.group("lead"))
            if m.group("support"):
                support.append(m.group("support"))
            return tuple(lead), tuple(support), (), ()
    m = RESPONSIBLE_INLINE.match(flat) if flat.endswith("负责") and len(flat) <= 200 else None
    # Only when every part is a body's name: “（由企业自行负责）” is prose.
    if m and all(ORG_SUFFIX.search(n) for n in split_list(m.group("names")) or [""]):
        return (), (), (m.group("names"),), ()
    return None


# A note written as its own line, without brackets: “牵头单位：市发改委；配合单位：市财政局”.
LABEL_LINE = re.compile(r"(?m)^[ \t\u3000]*" + LABEL.pattern + r".*$")


def find_notes(text: str) -> list[Note]:
    return list(_find_notes(text))


# A one-paragraph measure is read twice, whole: once to see whether it closes, once to
# split it into tasks. The notes of a text depend on the text alone (Notes are not changed
# by their readers).
@functools.lru_cache(maxsize=1024)
def _find_notes(text: str) -> tuple[Note, ...]:
    found = [n for n in (parse_note(s, e, inner) for s, e, inner in brackets(text)) if n]
    if "单位" in text or "部门" in text:
        for m in LABEL_LINE.finditer(text):
            if not any(n.start <= m.start() < n.end for n in found):
                note = parse_note(m.start(), m.end(), m.group(0))
                if note:
                    found.append(note)
        found.sort(key=lambda n: n.start)
    return tuple(found)


def first_listed_leads(document_text: str, default: bool) -> tuple[bool, str | None]:
    """The 责任单位 convention in force: the document's own statement, else the setting."""
    m = FIRST_LEADS.search(document_text)
    if m:
        return True, m.group(0)
    m = NOT_ORDERED.search(document_text)
    if m:
        return False, m.group(0)
    return default, None
