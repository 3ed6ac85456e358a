"""The one state every parser rule reads and adds to, and the small data it holds."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..i18n import _
from ..registry import Registry


@dataclass(frozen=True)
class Line:
    no: int       # 1-based line number in the source, for messages
    text: str     # as the document writes it
    key: str      # the simplified view the rules match on: same length as text

    def cut(self, start: int, end: Optional[int] = None) -> "Line":
        return Line(self.no, self.text[start:end], self.key[start:end])

    def strip(self, chars: str) -> "Line":
        key = self.key
        if not key or (key[0] not in chars and key[-1] not in chars):
            return self
        left = len(key) - len(key.lstrip(chars))
        right = len(key.rstrip(chars))
        return self.cut(left, max(left, right))


def join(a: Line, b: Line, sep: str = "") -> Line:
    return Line(a.no, a.text + sep + b.text, a.key + sep + b.key)


@dataclass(frozen=True)
class Warning:
    """A warning is data: where, what kind, what to tell the user."""
    line: Optional[int]
    code: str
    message: str

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=self.message) \
            if self.line else self.message


@dataclass(frozen=True)
class Note:
    """One assignment note, read off the simplified view; lists are as written there."""
    start: int                   # offsets of the note in the measure text
    end: int
    lead: tuple[str, ...] = ()          # agency lists
    support: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()   # 责任单位 alone: the document's convention decides
    standing: tuple[str, ...] = ()      # lists that apply to this and every later measure
    deadline: Optional[str] = None      # its own 完成时限 (or 长期坚持) as written


@dataclass
class Item:
    """A numbered outline item chosen as a measure, with what the rules find in it."""
    id: str
    number: str
    section: str
    line: int
    lines: list[Line]
    section_lines: tuple[Line, ...] = ()   # the heading and words of a section whose note is its measures'
    notes: list[Note] = field(default_factory=list)
    # Filled by the names rule: per note, whole names (lead, support, standing).
    roles: list[tuple[list[str], list[str], list[str]]] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)   # standing bodies in force as it begins
    deadlines: list[str] = field(default_factory=list)

    key: str = ""                # its lines joined: the simplified view …
    text: str = ""               # … and the text as written

    def __post_init__(self):
        self.key = "\n".join(line.key for line in self.lines)
        self.text = "\n".join(line.text for line in self.lines)


@dataclass
class Options:
    registry: Optional[Registry] = None
    first_listed_leads: bool = True


@dataclass
class State:
    source: str                                   # the text as read
    options: Options
    where: str = "<text>"
    lines: list[Line] = field(default_factory=list)
    unjoined: list[Line] = field(default_factory=list)   # before `joins`: header lines as set
    traditional: bool = False                     # some characters were not simplified
    furniture: dict[str, str] = field(default_factory=dict)   # 发文字号：… on a web page
    reprint_title: Optional[str] = None           # 《…》 of a reprint's lead-in
    tables: list[tuple[int, int]] = field(default_factory=list)   # (header line, rows) read
    table_rows: set[int] = field(default_factory=set)             # lines a table row became
    items: list[Item] = field(default_factory=list)
    # Lines outside any measure, with how many measures came before each.
    between: list[tuple[int, Line]] = field(default_factory=list)
    header: list[Line] = field(default_factory=list)          # lines before the outline
    outline_start: Optional[int] = None           # line number where the outline begins
    responsible_rule: str = "first"               # first | none | all, for 责任单位 lists
    rule_statement: Optional[str] = None          # the document's own words for it
    measures: list = field(default_factory=list)  # model.Measure, made by the last rules
    meta: dict = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)

    def warn(self, line: Optional[int], code: str, message: str) -> None:
        self.warnings.append(Warning(line, code, message))

    def restore(self, s: str, key: str, text: str) -> str:
        """The document's own characters for `s`, a string read off the simplified `key`
        of `text` (a name whose level prefix came from the name before it included)."""
        if not self.traditional or key == text:
            return s
        out, i = [], 0
        while i < len(s):
            for j in range(len(s), i, -1):
                at = key.find(s[i:j])
                if at >= 0:
                    out.append(text[at:at + j - i])
                    i = j
                    break
            else:
                out.append(s[i])
                i += 1
        return "".join(out)
