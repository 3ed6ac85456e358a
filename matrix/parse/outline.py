"""Rule `outline`: the numbered outline as a tree, and which of its levels are the measures.

Documents nest markers in an order of their own: 一、/（一）/1., 1./（1）/①, or 1、 alone.
The tree is built from the markers as they come (a marker already open is a sibling, a new
one a child), each number continuing its sequence, restarting at 1 under a new parent, or
going on across parents (一、 has 1–4, 二、 5–9). The level whose items carry the
assignment notes is the measure level, decided per document from where the notes are —
never from which marker comes first; with no notes at all, the first level under 一、 is.
End matter (落款, 抄送, 附件) closes the outline; a notice followed by the document it
issues gives two outlines, and the one that assigns is read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..i18n import _
from . import notes as N
from . import vocab as V
from .state import Item, Line, State


@dataclass
class Node:
    style: str
    marker: str
    value: int
    head: Line                    # the whole numbered line
    rest: Line                    # the line without its marker
    depth: int
    body: list[Line] = field(default_factory=list)     # paragraphs before the first child
    children: list["Node"] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)     # a closing note after the last child
    parent: Optional["Node"] = None
    _noted: Optional[bool] = None
    _heads: Optional[bool] = None
    _below: Optional[bool] = None

    @property
    def own(self) -> list[Line]:
        return [self.rest] + self.body + self.tail

    def noted(self) -> bool:
        # Asked several times per node (to choose the level, the outline, the measures).
        if self._noted is None:
            self._noted = any(N.has_note(line.key) for line in self.own)
        return self._noted

    def heads_section(self) -> bool:
        """一、推进科技创新（由市科技局牵头实施） over measures with no note of their own:
        the note is the section's, passed down by `section_roles`; the heading is no measure."""
        if self._heads is None:
            self._heads = self.depth == 0 and self.style == V.STYLE_SECTION and \
                len(self.children) >= 2 and any(N.has_note(line.key) for line in [self.rest, *self.body]) \
                and not self.noted_below()
        return self._heads

    def assigns(self) -> bool:
        """Whether its notes make it a measure: not when its sub-points carry their own (the
        note is then its section's) or it heads a section of unnoted measures."""
        return self.noted() and not self.heads_section() and not self.noted_below()

    def noted_below(self) -> bool:
        if self._below is None:
            self._below = any(c.noted() or c.noted_below() for c in self.children)
        return self._below

    def descendants(self):
        for c in self.children:
            yield c
            yield from c.descendants()


@dataclass
class Part:
    roots: list[Node] = field(default_factory=list)
    first_line: int = 0


def _numbered(line: Line) -> Optional[tuple[str, str, int, Line]]:
    key = line.key
    m = V.SECTION.match(key)
    if m:
        marker = key[:m.start(2)].rstrip()
        value = V.cn_to_int(m.group(1)) or 0
        return V.STYLE_SECTION, marker, value, line.cut(m.start(2))
    m = V.ITEM.match(key)
    if m:
        marker = m.group(1)
        return V.marker_style(marker), marker, V.marker_value(marker), line.cut(m.start(2))
    return None


class _Builder:
    """Reads cleaned lines into outline parts; plain lines go to the deepest open item."""

    def __init__(self, state: State):
        self.state = state
        self.parts: list[Part] = []
        self.part: Optional[Part] = None
        self.stack: list[Node] = []
        self.last_of_style: dict[str, int] = {}
        self.ended = False
        self.loose: list[Line] = []       # lines in no item (preamble, end matter)

    def _new_part(self, line: Line) -> None:
        self.part = Part(first_line=line.no)
        self.parts.append(self.part)
        self.stack, self.last_of_style, self.ended = [], {}, False

    def _attach(self, node: Node) -> None:
        if self.stack:
            node.parent = self.stack[-1]
            self.stack[-1].children.append(node)
        else:
            self.part.roots.append(node)
        self.stack.append(node)
        self.last_of_style[node.style] = node.value

    def _opens(self, line: Line, value: int, heading_like: bool) -> bool:
        """Whether an outline may begin at this number, not 1: a document whose first page
        was lost starts at 二、; a task table may go on from another (序号 135 onwards); a
        page cut from the middle of a document ((四)…（教育部负责）) has an item that
        carries its own note."""
        return (value <= 3 and heading_like) or line.no in self.state.table_rows \
            or N.has_note(line.key)

    def numbered(self, line: Line, style: str, marker: str, value: int, rest: Line) -> bool:
        """Take a numbered line into the outline, or say it is text."""
        heading_like = V.is_heading_only(line.key)
        if self.part is None:
            if not (value == 1 or self._opens(line, value, heading_like)):
                return False
            self._new_part(line)
        elif self.ended:
            root = self.stack[0] if self.stack else None
            if root is not None and style == root.style and value == root.value + 1:
                pass                     # the outline goes on after a line like 联系人：
            elif value == 1:
                self._new_part(line)     # the document a notice issues, after its 落款
            else:
                return False
        elif style == V.STYLE_SECTION and self.part.roots[0].style != V.STYLE_SECTION:
            if value != 1:
                return False
            self._new_part(line)         # a notice numbered 1. 2. before the document's 一、
        open_at = next((i for i in range(len(self.stack) - 1, -1, -1)
                        if self.stack[i].style == style), None)
        if open_at is not None:
            sibling = self.stack[open_at]
            expected = sibling.value + 1
            kind = "heading" if style == V.STYLE_SECTION else "item"
            gap = expected < value <= expected + 2 and (heading_like or kind == "item")
            # A task table's rows keep the numbers it gives them (3, then 68 and 69).
            listed = line.no in self.state.table_rows and value > sibling.value
            if value != expected and not gap and not listed and (value != 1 or open_at == 0):
                message = (_("heading {marker} out of sequence after {previous}, kept as text")
                           if kind == "heading" else
                           _("item {marker} out of sequence after {previous}, kept as text"))
                self.state.warn(line.no, "out-of-sequence",
                                message.format(marker=marker, previous=sibling.marker))
                return False
            if gap:
                message = (_("heading {marker} follows heading {previous}: a heading may be missing")
                           if kind == "heading" else
                           _("item {marker} follows item {previous}: an item may be missing"))
                self.state.warn(line.no, "numbering-gap",
                                message.format(marker=marker, previous=sibling.marker))
            del self.stack[open_at:]
        else:
            if style == V.STYLE_SECTION and self.stack:
                return False             # 一、 only ever heads the outline
            going_on = self.last_of_style.get(style)
            if value != 1 and not (going_on is not None and value == going_on + 1):
                if not (not self.part.roots and self._opens(line, value, heading_like)
                        or line.no in self.state.table_rows):
                    return False
        self._attach(Node(style, marker, value, line, rest, len(self.stack)))
        self.ended = False
        return True

    def plain(self, line: Line) -> None:
        if self.stack and not self.ended:
            self.stack[-1].body.append(line)
        else:
            self.loose.append(line)

    def end(self) -> None:
        self.ended = True
        del self.stack[1:]


def build(state: State) -> tuple[list[Part], _Builder]:
    b = _Builder(state)
    lines = state.lines
    for i, line in enumerate(lines):
        key = line.key
        signature = i + 1 < len(lines) and V.DATE_LINE.match(lines[i + 1].key) and V.ORG_NAME_LINE.match(key)
        if V.is_end_matter(key) or signature:
            b.end()
            b.loose.append(line)
            continue
        found = _numbered(line)
        if found and b.numbered(line, *found):
            continue
        b.plain(line)
    return b.parts, b


def _note_only(line: Line) -> bool:
    notes = N.find(line.key)
    return len(notes) == 1 and not line.key[:notes[0].start].strip() and \
        not line.key[notes[0].end:].strip("。；; \u3000\t")


def lift_closing_notes(parts: list[Part]) -> None:
    """1.完善预案体系 / (1)…(4) / (责任单位：…) on its own line: a note that closes a group
    of sub-points, none of which has its own, is the group's — where that is how the
    document writes (more such groups than groups whose sub-points carry notes)."""
    closing, noted_groups = [], 0
    for part in parts:
        for root in part.roots:
            for node in [root, *root.descendants()]:
                if len(node.children) < 2:
                    continue
                last = node.children[-1]
                noted = [c for c in node.children if c.noted()]
                if noted == [last] and not last.children and last.body and _note_only(last.body[-1]) \
                        and not any(N.has_note(line.key) for line in [last.rest, *last.body[:-1]]):
                    closing.append(node)
                elif len(noted) >= 2:
                    noted_groups += 1
    if len(closing) <= noted_groups:
        return
    for node in closing:
        last = node.children[-1]
        node.tail.append(last.body.pop())
        last._noted = node._noted = None
        node._below = node._heads = None


def _depth_counts(part: Part) -> dict[int, int]:
    counts: dict[int, int] = {}
    for root in part.roots:
        for node in [root, *root.descendants()]:
            if node.assigns():
                counts[node.depth] = counts.get(node.depth, 0) + 1
    return counts


def measure_depth(part: Part) -> int:
    """The depth of the measures: where most notes are; with none, under 一、 if anything
    is numbered there, else the top."""
    counts = _depth_counts(part)
    if counts:
        return max(sorted(counts), key=lambda d: (counts[d], d))   # a tie: the deeper level, the one above holds it
    if part.roots and part.roots[0].style == V.STYLE_SECTION and any(r.children for r in part.roots):
        return 1
    return 0


def _score(part: Part) -> tuple[int, int]:
    nodes = sum(1 + sum(1 for _ in r.descendants()) for r in part.roots)
    return sum(_depth_counts(part).values()), nodes


def _title(rest: str) -> str:
    return V.SENTENCE_END.split(rest, 1)[0].strip("。 ")


def _flatten(node: Node) -> list[tuple[Line, bool]]:
    """A subtree's lines in order, each marked True where it heads a numbered sub-point."""
    out = [(line, False) for line in node.body]
    for c in node.children:
        out.append((c.head, True))
        out += _flatten(c)
    out += [(line, False) for line in node.tail]
    return out


def _closes(key: str) -> bool:
    """A paragraph that ends with an assignment note closes what it says."""
    notes = N.find(key)
    return bool(notes) and not key[notes[-1].end:].strip("。；; \u3000\t")


def _item(node: Node, state: State) -> tuple[Item, list[Line]]:
    path = []
    p: Optional[Node] = node
    while p is not None:
        path.insert(0, p)
        p = p.parent
    ident = ".".join(V.normal_marker(n.marker) for n in path)
    section = " / ".join(_title(n.rest.text) for n in path[:-1])
    lines = [(node.rest, False)] + _flatten(node)
    # Prose after the last note of a measure (a section's closing words) is not its text;
    # fields (时限要求：…) and numbered sub-points are.
    closing = [i for i, (line, _) in enumerate(lines) if _closes(line.key)]
    keep = len(lines)
    if closing:
        while keep - 1 > closing[-1]:
            line, numbered = lines[keep - 1]
            if numbered or N.FIELD_LINE.match(line.key):
                break
            keep -= 1
        for line, _numbered in lines[keep:]:
            state.warn(line.no, "stray-text", _("text after the last assignment note of a measure "
                                                "belongs to no measure: {text}…").format(text=line.text[:30]))
    above = next((p for p in reversed(path[:-1]) if p.noted()), None)
    item = Item(id=ident, number=V.normal_marker(node.marker), section=section, line=node.head.no,
                lines=[line for line, _ in lines[:keep]],
                section_lines=tuple([above.rest, *above.body]) if above else ())
    return item, [line for line, _ in lines[keep:]]


def _from_table(part: Part, state: State) -> bool:
    return bool(state.table_rows) and any(
        n.head.no in state.table_rows for r in part.roots for n in [r, *r.descendants()])


def _annexed(parts: list[Part], part: Part, state: State) -> Optional[Part]:
    """The document's own measures, when the part that assigns is an annexed task table
    (实施方案 + 附件 分工表): the other part with most numbered items, if it has no notes."""
    if not _from_table(part, state):
        return None
    prose = [p for p in parts if p is not part and not _from_table(p, state)]
    best = max(prose, key=lambda p: _score(p)[1], default=None)
    if best is None or _score(best)[0] or _score(best)[1] < 2:
        return None
    return best


def _similar(a: str, b: str) -> float:
    a, b = set(a), set(b)
    return len(a & b) / max(1, min(len(a), len(b)))


def _assign_from_table(items: list[Item], rows: list[Item], state: State) -> None:
    """Each table row's note goes to the measure it names: by title, else by its number."""
    titles = [_title(it.lines[0].key) for it in items]
    by_number = {it.number: it for it in items}
    for row in rows:
        first = row.lines[0]
        notes = N.find(first.key)
        if not notes:
            continue
        title = _title(first.key[:notes[-1].start])
        scores = [1.0 if t == title else _similar(t, title) for t in titles]
        best = max(range(len(items)), key=scores.__getitem__, default=None)
        target = items[best] if best is not None and scores[best] >= 0.7 else None
        if target is None and len(rows) == len(items):
            target = by_number.get(row.number)
        if target is None:
            state.warn(first.no, "annex-unmatched",
                       _("table row {number} names no measure of the document: {title}… "
                         "(its assignment is not used)").format(number=row.number, title=title[:20]))
            continue
        note = first.cut(notes[-1].start, notes[-1].end)
        items[items.index(target)] = Item(target.id, target.number, target.section, target.line,
                                          target.lines + [note])


def run(state: State) -> None:
    parts, b = build(state)
    lift_closing_notes(parts)
    if not parts:
        state.between = [(0, line) for line in b.loose]
        state.header = list(b.loose)
        return
    part = max(parts, key=_score)
    own = _annexed(parts, part, state)
    rows: list[Item] = []
    if own is not None:
        rows, _between = _select(part, state, parts, b)
        part = own
    state.items, state.between = _select(part, state, parts, b)
    state.outline_start = part.first_line
    state.header = [line for line in state.lines if line.no < part.first_line]
    if rows:
        _assign_from_table(state.items, rows, state)


def _select(part: Part, state: State, parts, b) -> tuple[list[Item], list[tuple[int, Line]]]:
    """The measures of `part`, and every other line placed by how many measures precede it."""
    depth = measure_depth(part)
    items: list[Item] = []
    between: list[tuple[int, Line]] = []
    styles: dict[str, int] = {}
    for r in part.roots:
        for n in [r, *r.descendants()]:
            if n.depth == depth and n.noted():
                styles[n.style] = styles.get(n.style, 0) + 1
    measure_style = max(styles, key=styles.get) if styles else None
    in_part = {id(n) for r in part.roots for n in [r, *r.descendants()]}
    other_lines = sorted(
        [line for line in b.loose] +
        [line for p in parts if p is not part for r in p.roots
         for n in [r, *r.descendants()] if id(n) not in in_part for line in [n.head, *n.body]],
        key=lambda line: line.no)

    def walk(node: Node) -> None:
        # A section numbered one level deeper than the rest (一、 has 1.–11.; 二、 has （一）
        # holding 12.–13.): where an item has no note but its children carry theirs, they are
        # the measures.
        deeper = node.depth == depth and not node.noted() and node.style != measure_style and \
            any(c.noted() and c.style == measure_style for c in node.children)
        if not deeper and (node.depth == depth or (node.depth < depth and node.assigns()
                                                   and not node.noted_below())):
            item, stray = _item(node, state)
            items.append(item)
            between.extend((len(items), line) for line in stray)
            return
        between.extend((len(items), line) for line in node.own)
        for child in node.children:
            if deeper and child.style == measure_style:
                item, stray = _item(child, state)
                items.append(item)
                between.extend((len(items), line) for line in stray)
                continue
            walk(child)

    for root in part.roots:
        walk(root)
    # Lines outside the chosen outline, placed by where they stand.
    firsts = [it.line for it in items]
    for line in other_lines:
        between.append((sum(1 for f in firsts if f < line.no), line))
    between.sort(key=lambda e: (e[0], e[1].no))
    return items, between
