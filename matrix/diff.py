"""What changed between two versions of a document, and for whom.

Measures are matched by content, not by number: a new （三） inserted mid-section shifts
the numbers of every later measure, yet none of them has changed. Matching goes
  1. same title (normalised), one to one;
  2. what is left, by similarity of text (notes removed), best pairs first.
Renumbering alone is reported apart and concerns no agency.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .i18n import _
from .text import letters_only
from .model import Document, Measure
from .parse.notes import without_notes
from .words import CHANGE_LABELS, ROLE_WORDS, STATUS_FIELD, STATUS_MESSAGES, STATUS_WORDS

ADDED, REMOVED, MOVED, TEXT, ROLE, DOCUMENT = ("added", "removed", "moved", "text", "agencies",
                                               "document")
LABELS = CHANGE_LABELS
SIMILAR = 0.6



@dataclass
class Change:
    kind: str                       # added | removed | moved | text | agencies | document
    document: str                   # document key (file stem)
    measure: Optional[str]          # id in the new version (old id when removed)
    title: str
    before: str = ""
    after: str = ""
    agencies: list[str] = field(default_factory=list)   # agencies concerned
    role_before: Optional[str] = None   # for ROLE: lead / support / None (not named)
    role_after: Optional[str] = None

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)

    @property
    def is_status(self) -> bool:
        return self.kind == DOCUMENT and self.title == STATUS_FIELD

    def _written(self, value: str) -> str:
        return STATUS_WORDS.get(value, value) if self.is_status else value

    @property
    def written_before(self) -> str:
        """`before` as a workbook or a mail shows it: always in Chinese (征求意见稿, not draft)."""
        return self._written(self.before)

    @property
    def written_after(self) -> str:
        return self._written(self.after)

    @property
    def detail(self) -> str:
        """before → after in a line, in the language of messages (`matrix diff`)."""
        if self.is_status:
            return self._detail(*(_(STATUS_MESSAGES[v]) if v in STATUS_MESSAGES else v
                                  for v in (self.before, self.after)))
        return self._detail(self.before, self.after)

    @property
    def written_detail(self) -> str:
        """before → after in a line as workbooks and mails show it: always in Chinese."""
        return self._detail(self.written_before, self.written_after)

    def _detail(self, before: str, after: str) -> str:
        """For a text edit, only the words that changed."""
        if self.kind in (ROLE, MOVED, DOCUMENT):
            return f"{before or '—'} → {after or '—'}"
        if self.kind == TEXT:
            old, new = changed_words(before, after)
            return f"{old or '—'} → {new or '—'}"
        return ""

    @property
    def takes_away(self) -> bool:
        """The agency concerned no longer has this task."""
        return self.kind == REMOVED or (self.kind == ROLE and self.role_after is None)


@dataclass
class DocumentDiff:
    old: Document
    new: Document
    changes: list[Change] = field(default_factory=list)
    renumbered: list[tuple[str, str]] = field(default_factory=list)   # (old id, new id)
    pairs: list[tuple[Measure, Measure]] = field(default_factory=list)

    @property
    def unrelated(self) -> bool:
        """Few measures in common: probably two different documents, not two versions."""
        most = max(len(self.old.measures), len(self.new.measures))
        return most > 0 and len(self.pairs) < 0.3 * most

    def affected(self) -> list[str]:
        """Agencies whose tasks changed, in order of first mention."""
        return list(dict.fromkeys(a for c in self.changes for a in c.agencies))



def changed_words(before: str, after: str, context: int = 6) -> tuple[str, str]:
    """The passage that differs between two texts, with a few characters around it:
    “…加大对责任人的问责处罚力度…” → “…严肃追究责任人责任…” rather than two whole paragraphs."""
    same = min(len(before), len(after))
    start = 0
    while start < same and before[start] == after[start]:
        start += 1
    end = 0
    while end < same - start and before[-1 - end] == after[-1 - end]:
        end += 1
    lo = max(0, start - context)

    def cut(s: str) -> str:
        hi = min(len(s), len(s) - end + context)
        return ("…" if lo else "") + s[lo:hi] + ("…" if hi < len(s) else "")
    return cut(before), cut(after)


def prose(text: str) -> str:
    """A measure's words without its assignment notes: what a text change is judged on."""
    return letters_only(without_notes(text))


def match(old: list[Measure], new: list[Measure]) -> list[tuple[Measure, Measure]]:
    pairs: dict[int, int] = {}
    titles_old: dict[str, list[int]] = {}
    for i, m in enumerate(old):
        titles_old.setdefault(letters_only(m.title), []).append(i)
    titles_new: dict[str, list[int]] = {}
    for j, m in enumerate(new):
        titles_new.setdefault(letters_only(m.title), []).append(j)
    for t, js in titles_new.items():
        if not t:
            continue        # untitled measures are matched by their text below
        is_ = titles_old.get(t, [])
        for i, j in zip(is_, js):      # repeated titles pair up in order
            pairs[i] = j
    left_old = [i for i in range(len(old)) if i not in pairs]
    left_new = [j for j in range(len(new)) if j not in pairs.values()]
    scored = []
    for i in left_old:
        a = prose(old[i].text)
        for j in left_new:
            sm = difflib.SequenceMatcher(None, a, prose(new[j].text), autojunk=False)
            if sm.real_quick_ratio() >= SIMILAR and sm.quick_ratio() >= SIMILAR:
                r = sm.ratio()
                if r >= SIMILAR:
                    scored.append((r, i, j))
    used_new: set[int] = set()
    for r, i, j in sorted(scored, reverse=True):
        if i not in pairs and j not in used_new:
            pairs[i] = j
            used_new.add(j)
    return [(old[i], new[j]) for i, j in sorted(pairs.items())]


def _moved(pairs: list[tuple[int, int]]) -> set[int]:
    """Old indexes whose relative order changed: those outside a longest increasing run."""
    if not pairs:
        return set()
    seq = [j for _, j in pairs]
    # Longest increasing subsequence (n is small: measures in one document).
    best = [1] * len(seq)
    prev = [-1] * len(seq)
    for k in range(len(seq)):
        for h in range(k):
            if seq[h] < seq[k] and best[h] + 1 > best[k]:
                best[k], prev[k] = best[h] + 1, h
    k = max(range(len(seq)), key=best.__getitem__)
    keep = set()
    while k != -1:
        keep.add(k)
        k = prev[k]
    return {pairs[k][0] for k in range(len(seq)) if k not in keep}


def _roles(m: Measure) -> dict[str, str]:
    return {**{a: "support" for a in m.support}, **{a: "lead" for a in m.lead}}


def diff(old: Document, new: Document, labels: dict | None = None) -> DocumentDiff:
    """What changed from `old` to `new`; roles are written in the office's own words
    (`labels` of config/settings.yaml)."""
    words = {**ROLE_WORDS, **(labels or {}), None: "—"}
    key = new.key
    result = DocumentDiff(old, new)
    for f, cn in (("title", "标题"), ("status", STATUS_FIELD), ("number", "文号"), ("date", "日期"),
                  ("issuer", "发文机关")):
        a, b = getattr(old, f), getattr(new, f)
        if (a or "") != (b or ""):
            result.changes.append(Change(DOCUMENT, key, None, cn, str(a or ""), str(b or "")))
    pairs = match(old.measures, new.measures)
    result.pairs = pairs
    old_index = {id(m): i for i, m in enumerate(old.measures)}
    new_index = {id(m): j for j, m in enumerate(new.measures)}
    moved = _moved([(old_index[id(a)], new_index[id(b)]) for a, b in pairs])
    matched_old = {id(a) for a, _ in pairs}
    matched_new = {id(b) for _, b in pairs}

    for m in old.measures:
        if id(m) not in matched_old:
            result.changes.append(Change(REMOVED, key, m.id, m.title, before=m.title,
                                         agencies=m.agencies()))
    for a, b in pairs:
        if old_index[id(a)] in moved:
            result.changes.append(Change(MOVED, key, b.id, b.title, before=a.id, after=b.id,
                                         agencies=b.agencies()))
        elif a.id != b.id:
            result.renumbered.append((a.id, b.id))
        if prose(a.text) != prose(b.text) or letters_only(a.title) != letters_only(b.title):
            result.changes.append(Change(TEXT, key, b.id, b.title, before=a.text, after=b.text,
                                         agencies=list(dict.fromkeys(a.agencies() + b.agencies()))))
        ra, rb = _roles(a), _roles(b)
        for agency in dict.fromkeys(list(ra) + list(rb)):
            if ra.get(agency) != rb.get(agency):
                result.changes.append(Change(
                    ROLE, key, b.id, b.title, before=f"{agency}：{words[ra.get(agency)]}",
                    after=f"{agency}：{words[rb.get(agency)]}", agencies=[agency],
                    role_before=ra.get(agency), role_after=rb.get(agency)))
    for m in new.measures:
        if id(m) not in matched_new:
            result.changes.append(Change(ADDED, key, m.id, m.title, after=m.title,
                                         agencies=m.agencies()))
    return result


def load_any(path: Path, config) -> Document:
    """Either side of a comparison: a parsed YAML file, or a document parsed on the fly."""
    from . import store
    from .parse import parse_file
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return store.load(path)
    return parse_file(path, config)


def compare(old: Path, new: Path, config) -> DocumentDiff:
    """`matrix diff OLD NEW`: two versions, each parsed or read, compared."""
    return diff(load_any(old, config), load_any(new, config), config.labels)
