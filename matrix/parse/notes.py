"""Assignment notes: where they are in a measure, and who they name in which role.

A note is found in three places: in brackets （…） (…) 〔…〕 【…】; on a line of its own
(牵头单位：A / 配合单位：B / 时限要求：…, consecutive field lines making one note); after a
sentence at the end of a paragraph (…。部门分工：A牵头，B配合。, or unlabelled: …。由市财政局、
农业局负责落实。). Inside, two grammars:

- fields: 牵头单位：A；配合单位：B；完成时限：… — each label gives its role (vocab.ROLE_LABELS);
  people (牵头领导：…) and times (时限要求：…) are fields too, never agencies;
- role verbs: A牵头，B、C参与 / A、B分别牵头，C配合 / A负责 / A、B按职责分工负责 —
  each list takes the role of the verb after it. The same grammar reads a field's value
  (责任单位：A牵头，B参与).

A bracket that is neither (“（市民营办）”, “（由企业自行负责）”) is text. Every function here
reads the simplified view; the names rule restores the document's own characters.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from ..i18n import _
from . import vocab as V
from .state import Note

OPEN, CLOSE = "（(〔【[", "）)〕】]"
BRACKET_CHAR = re.compile("[" + re.escape(OPEN + CLOSE) + "]")
SPACES = re.compile(r"\s+")
SENTENCES = re.compile(r"[。；;]")
SEPS = "，,；;、。 \u3000\n"
FIELD_LINE = re.compile(r"^[ \t\u3000]*[\u4e00-\u9fff]{2,8}\s*[：:]\S")
FIELD = re.compile(r"(?:[；;，,。\n]|[ \t\u3000])\s*(?P<label>[\u4e00-\u9fff]{2,8})\s*[：:]")
PERSON_FIELD = re.compile(r"(?:" + "|".join(sorted(V.PERSON_LABELS, key=len, reverse=True)) +
                          r")\s*[：:][^；;，,。\n]*")
TIME_CLAUSE = re.compile(r"[，,；;]\s*(?P<value>(?:" + V.ONGOING_WORDS + r")[^，,；;。]*|"
                         r"\d{4}\s*年[^，,；;。]{0,12}?(?:前|底|末)[^，,；;。]{0,4})\s*$")

LEAD_VERBS = re.compile(V.LEAD_VERB)
RULE_CLAUSE = re.compile(rf"[，,；;。]?\s*(?:{V.FIRST_LEADS.pattern}|{V.NOT_ORDERED.pattern}|{V.ALL_LEAD.pattern})"
                         r"(?:[，,]?\s*下同)?")
# Cheap screens before the costly patterns: most notes hold no time, rule or field.
_MAYBE_TIME = re.compile("|".join(V.TIME_LABELS) + "|长期|持续|常态")
_LABEL_WORDS = re.compile(r"单位|部门|分工|主体")
_VERB_CHARS = re.compile(r"[牵负配参协落]")
SUPPORT_ONLY = {"配合", "参与", "协助", "协同", "协办", "配合落实", "协同配合", "共同配合", "积极配合", "协助配合"}


def brackets(text: str):
    """Top-level bracket groups as (start, end, inner), nesting allowed: 各地(州、市) inside."""
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[tuple[int, int, str]], Optional[int]]:
    """The top-level bracket groups, and where a bracket opens that never closes (one pass
    for both: every line of every document is scanned)."""
    groups = []
    depth, start = 0, 0
    for m in BRACKET_CHAR.finditer(text):
        i, c = m.start(), m.group()
        if c in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1, text[start + 1:i]))
    return groups, (start if depth else None)


CUT_NAME = re.compile(r"[^、，,；;]*[（(〔【\[][^）)〕】\]、，,；;]*$")
LAST_PIECE = re.compile(r"[^、，,；;]*$")
_SEPARATORS = "、，,；; \n\u3000"


def _whole_part(inner: str) -> str:
    """What is whole of a note cut off: the last name goes unless a separator follows it
    (市税务局、 is whole; 区委宣, 各区、县( are not, nor is 各区 before 县( )."""
    inner = inner.rstrip(" \n\u3000")
    if inner and inner[-1] not in _SEPARATORS:
        inner = LAST_PIECE.sub("", CUT_NAME.sub("", inner))
        last = LAST_PIECE.search(inner.rstrip(_SEPARATORS))
        if last and V.EACH_UNIT.match(last.group(0)):
            inner = inner.rstrip(_SEPARATORS)[:last.start()]
    return inner.rstrip(_SEPARATORS)
_CUT_ROLE = re.compile(r"牵头|配合|负责|参与|协办")


def unclosed(text: str, start: Optional[int] = -1) -> Optional[int]:
    """Where a note opens that the text never closes (a page cut off inside it, or a
    bracket left out): （牵头单位：市政务服务局；责任单位：市市场监管局、 — a bracket whose
    words start with a role label, or name a role, as a note's do. `start`: where the
    scan found the unclosed bracket, if it has been scanned."""
    if start == -1:
        start = _scan(text)[1]
    if start is None:
        return None
    rest = text[start + 1:]
    if not (V.LABEL.match(rest.lstrip()) or _CUT_ROLE.search(rest)):
        return None
    return start


def standing_lists(text: str) -> list[str]:
    """“以下任务均需各县区政府、市开发区管委落实，不再单列” → ['各县区政府、市开发区管委']."""
    if not V.STANDING_END.search(text):
        return []
    out = []
    for sentence in SENTENCES.split(text):
        m = V.STANDING_END.search(sentence) and V.STANDING.search(sentence)
        if m:
            out.append(m.group("names"))
    return out


def _is_body_list(piece: str) -> bool:
    """A list of bodies' names, not prose: it ends with what a body's name ends with
    (“企业自行”, “具体” do not)."""
    names = V.LEADING.sub("", V.TRAILING.sub("", piece.strip(SEPS)))
    return 2 <= len(names) <= 300 and bool(V.ORG_SUFFIX.search(names))


def _verbs(segment: str, default: str) -> Optional[list[tuple[str, str]]]:
    """A list with role verbs → [(names, role)], role lead/support/responsible; the names
    after the last verb take `default` (None: they are not a note)."""
    out: list[tuple[str, str]] = []
    last = 0
    for m in V.ROLE_VERB.finditer(segment):
        names = V.TRAILING.sub("", segment[last:m.start()].strip(SEPS))
        verb = m.group("verb")
        last = m.end()
        if not names:
            continue
        role = V.LEAD if LEAD_VERBS.fullmatch(verb) else V.SUPPORT if verb in SUPPORT_ONLY else V.RESPONSIBLE
        out.append((names, role))
    rest = segment[last:].strip(SEPS)
    if rest:
        out.append((rest, default))
    return out


def _marked(names: str, role: str) -> list[tuple[str, str]]:
    """区住建局（牵头）、区城管局: a role written after a name wins over the list's."""
    if not V.MARKED_ROLE.search(names):
        return [(names, role)]
    out = []
    for part in re.split(r"[、，,]", names):
        m = V.MARKED_ROLE.search(part)
        if m:
            marked = V.LEAD if m.group("role") in ("牵头", "主办") else V.SUPPORT
            out.append((V.MARKED_ROLE.sub("", part), marked))
        elif part.strip():
            out.append((part, role))
    return out


def _assemble(pairs: list[tuple[str, str]], standing: list[str], deadline: Optional[str],
              start: int, end: int) -> Note:
    has_lead = any(role == V.LEAD for _, role in pairs)
    lead, support, responsible = [], [], []
    for names, role in pairs:
        if role == V.LEAD:
            lead.append(names)
        elif role == V.SUPPORT or (role == V.RESPONSIBLE and has_lead):
            support.append(names)
        else:
            responsible.append(names)
    return Note(start, end, tuple(lead), tuple(support), tuple(responsible), tuple(standing), deadline)


def _deadline(body: str) -> Optional[str]:
    if "年" not in body and not _MAYBE_TIME.search(body):
        return None
    m = V.TIME_FIELD.search(body)
    if m:
        return m.group("value").strip(" 。，,")
    m = TIME_CLAUSE.search(body)
    return m.group("value").strip() if m else None


def read(inner: str, start: int = 0, end: int = 0) -> Optional[Note]:
    """One note's inside → Note at those offsets, or None if it is ordinary text."""
    note = _read(inner)
    if note is None or (start, end) == (0, 0):
        return note
    return Note(start, end, note.lead, note.support, note.responsible, note.standing, note.deadline)


# Documents repeat their notes (区经济信息委 leads half of them); a note's reading depends
# on its words alone.
@functools.lru_cache(maxsize=8192)
def _read(inner: str) -> Optional[Note]:
    start = end = 0
    body = inner.strip()
    if "（" in body or "(" in body:
        body = V.RULE_BRACKET.sub("", body)
    ruled = False
    if "牵头单位" in body or "不分先后" in body:
        # “…，排在首位的为牵头单位，下同”: the document's rule, read by `conventions`.
        stripped = RULE_CLAUSE.sub("", body)
        ruled = stripped != body
        body = stripped
    if not body:
        return None
    deadline = _deadline(body)
    standing: list[str] = []
    pairs: list[tuple[str, str]] = []
    labels = list(V.LABEL.finditer(body)) if _LABEL_WORDS.search(body) else []
    if labels:
        for i, m in enumerate(labels):
            stop = labels[i + 1].start() if i + 1 < len(labels) else len(body)
            segment = body[m.end():stop]
            other = FIELD.search(segment) if ("：" in segment or ":" in segment) else None
            if other and not V.ROLE_LABELS.get(other.group("label")) and \
                    not V.STANDING_END.search(segment[other.start():]):
                segment = segment[:other.start()]
            if "年" in segment or "长期" in segment or "持续" in segment:
                segment = TIME_CLAUSE.sub("", segment)
            role = V.ROLE_LABELS[m.group(1)]
            default = V.RESPONSIBLE if role == V.MIXED else role
            if not _VERB_CHARS.search(segment) and not ("下同" in segment or "不再" in segment) \
                    and not SENTENCES.search(segment):
                plain = SPACES.sub("", segment).strip(SEPS)
                if plain:
                    pairs += _marked(plain, default)       # a plain list, the common case
                continue
            for n, sentence in enumerate(s for s in SENTENCES.split(segment) if s.strip(SEPS)):
                if V.STANDING_END.search(sentence):
                    standing += standing_lists(sentence)
                    continue
                if n and role == V.RESPONSIBLE and not V.ROLE_VERB.search(sentence):
                    # “责任单位：A，B。以下…” — a second sentence without a verb is prose.
                    if not _is_body_list(sentence):
                        continue
                for names, r in _verbs(SPACES.sub("", sentence), default) or []:
                    pairs += _marked(names, r)
        if not pairs and not standing:
            return None
        return _assemble(pairs, standing, deadline, start, end)
    flat = SPACES.sub("", PERSON_FIELD.sub("", body))
    if "不再" in flat or "下同" in flat:
        flat, standing = _standing_clause(flat)
    if "：" in flat or ":" in flat:
        flat = V.TIME_FIELD.sub("", flat).strip(SEPS)
    if ruled and not V.ROLE_VERB.search(flat):
        # (市教育局，市委农办，各县（市、区）人民政府，排名第一位为牵头单位，下同): a bare list
        # that states its own rule is a 责任单位 list.
        names = flat.strip(SEPS)
        if names.endswith("下同"):
            names = names[:-2].strip(SEPS)
        if _is_body_list(names) and not V.NOT_AGENCY.search(names):
            return _assemble([(names, V.RESPONSIBLE)], [], deadline, start, end)
        return None
    if len(flat) > 400 or not V.ROLE_VERB.search(flat):
        return None
    # A clause that is only a time (长期坚持, 2024年底前完成) names nobody.
    pairs = [(n, r) for n, r in _verbs(flat, V.SUPPORT) if not V.NOT_AGENCY.search(n)]
    if not pairs or not all(_is_body_list(names) for names, _ in pairs):
        return None
    return _assemble(pairs, standing, deadline, start, end)


_STANDING_OPENS = ("以下", "下列", "其他", "其余", "后续")


def _standing_clause(flat: str) -> tuple[str, list[str]]:
    """(A牵头，B按职责分工负责，以下各项均需各市按职责分工负责，不再列出) → the note without
    its standing instruction, and the instruction's lists."""
    m = V.STANDING_END.search(flat)
    start = max((flat.rfind(w, 0, m.start()) for w in _STANDING_OPENS), default=-1) if m else -1
    if start < 0 or (start and flat[start - 1] not in SEPS):
        return flat, []
    return (flat[:start].rstrip(SEPS) + flat[m.end():]), standing_lists(flat[start:m.end()])


def has_note(key: str) -> bool:
    if not BRACKET_CHAR.search(key) and "：" not in key and ":" not in key and "由" not in key:
        return False
    return bool(find(key))


@functools.lru_cache(maxsize=16384)
def find(text: str) -> tuple[Note, ...]:
    """Every note in a measure's text (its simplified view), in order."""
    found = []
    groups, open_at = _scan(text) if BRACKET_CHAR.search(text) else ([], None)
    for s, e, inner in groups:
        note = read(inner, s, e)
        if note:
            found.append(note)
    cut = unclosed(text, open_at) if open_at is not None else None
    if cut is not None:
        note = read(_whole_part(text[cut + 1:]), cut, len(text))
        if note:
            found.append(note)
    if V.BARE_NOTE in text:
        for m in V.BARE_NOTE_SPAN.finditer(text):
            found.append(Note(m.start(), m.end(), responsible=(m.group(1),)))
        found.sort(key=lambda n: n.start)
    if "由" in text:
        for m in V.VERB_SENTENCE.finditer(text):
            if any(n.start <= m.start("body") < n.end for n in found):
                continue
            note = read(m.group("body"), m.start("body"), m.end("body"))
            if note:
                found.append(note)
        found.sort(key=lambda n: n.start)
    if ("：" in text or ":" in text) and _LABEL_WORDS.search(text):
        for block_start, block_end in _field_blocks(text):
            if any(n.start <= block_start < n.end for n in found):
                continue
            note = read(text[block_start:block_end], block_start, block_end)
            if note:
                found.append(note)
        found.sort(key=lambda n: n.start)
    return tuple(found)


def _field_blocks(text: str):
    """Notes written as fields outside brackets: from a role label at a line's start or
    after a sentence's end to the end of its line, with the field lines right after it
    (配合单位：… / 时限要求：… / 牵头领导：…)."""
    end = -1
    for m in V.LABEL.finditer(text):
        start = m.start()
        if start <= end:
            continue                     # inside the block before (its 配合单位：)
        before = text[:start].rstrip(" \t\u3000")
        if before and before[-1] not in "\n。；;！":
            continue
        line_before = before[before.rfind("\n") + 1:]
        if sum(line_before.count(c) for c in OPEN) > sum(line_before.count(c) for c in CLOSE):
            continue                     # inside a bracket the text cut off before it closed
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end < len(text):
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            if not FIELD_LINE.match(text[end + 1:nxt]):
                break
            end = nxt
        yield start, end


def conventions(document_text: str, default: bool) -> tuple[str, Optional[str]]:
    """What 责任单位 lists mean in this document: 'first' (the first listed leads), 'none'
    (排名不分先后: nobody leads) or 'all' (每个责任单位都牵头); its own words, if it says."""
    ruled = "牵头单位" in document_text      # what both rules end with: most documents say neither
    m = ruled and V.ALL_LEAD.search(document_text)
    if m:
        return "all", m.group(0)
    m = ruled and V.FIRST_LEADS.search(document_text)
    if m:
        return "first", m.group(0)
    m = "不分先后" in document_text and V.NOT_ORDERED.search(document_text)
    if m:
        return "none", m.group(0)
    return ("first" if default else "none"), None


def outside(text: str, notes) -> str:
    """`text` without the spans of its notes."""
    out, last = [], 0
    for note in notes:
        out.append(text[last:note.start])
        last = note.end
    out.append(text[last:])
    return "".join(out)


def without_notes(text: str) -> str:
    """A measure's words without its assignment notes (the notes read on its simplified view)."""
    from .normalize import simplified
    return outside(text, find(simplified(text)))


def run(state) -> None:
    """Rule `notes`: the notes of every measure."""
    for item in state.items:
        item.notes = list(find(item.key))
        if item.notes and item.notes[-1].end == len(item.key) and item.key[-1:] not in CLOSE \
                and unclosed(item.key) is not None:
            state.warn(item.line, "unclosed-note",
                       _("the assignment note of measure {id} is never closed (the text may be "
                         "cut off): read as far as it goes").format(id=item.id))
