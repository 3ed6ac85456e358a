"""Rule `tables`: a task table (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限) → numbered
lines with their notes, which the outline and note rules then read like any measure.

Tables arrive in six shapes: rows of cells between tabs (as the .docx, .xlsx, .csv, web
page and PDF readers write them, or as pasted from Excel), cells between `|`, cells
separated by spaces under a spaced header, one cell per line (a table flattened by a web
page or a copy from a PDF, perhaps each closed by `|`), and records of `label: | value |`
lines, and tables drawn with box characters (┌─┬─┐ │ │ ├─┼─┤) as old text files and
some reprints have them. The header is found by its words (`vocab.COLUMN_WORDS`)
in either character set and any column order, also when spread over two rows. Each row
becomes “1.任务（牵头单位：A；配合单位：B；完成时限：…）”, so that names in cells go
through the same name rules as notes, and a table never needs a second model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from . import vocab as V
from .normalize import simplified
from ..text import chinese_number
from .state import Line, State

PIPE = re.compile(r"\s*[|｜]\s*")
RULE_ROW = re.compile(r"^[\s|｜:：\-—=+]+$")       # |---|---| under a Markdown header
SPACED = re.compile(r"[ \u3000]+")
_SCREEN = ("序号", "任务", "单位", "部门", "措施", "事项", "内容", "时限", "领导", "工作")
# A table flattened into records, a field per line: “重点工作: | 135.… |”, “牵头单位: | … |”.
RECORD = re.compile(r"^(?P<label>[\u4e00-\u9fff、 ]{2,16}?)\s*[:：]\s*[|｜]\s*(?P<value>.*?)\s*[|｜]?$")
RECORD_COLUMNS = [V.NUMBER, V.TASK, V.LEAD, V.SUPPORT, V.RESPONSIBLE, V.TIME, V.PERSON, V.OTHER]
# A cell that is a time: 2024年…, 全年, 年内, 每季度, 长期.
TIME_WORDS = re.compile(r"^\d{4}\s*年|季度|年底|年末|月底|年内|全年|上半年|下半年|每年|每月|长期|持续")
LABELS = {V.LEAD: "牵头单位", V.SUPPORT: "配合单位", V.RESPONSIBLE: "责任单位", V.TIME: "完成时限"}


@dataclass
class Cell:
    text: str
    key: str


@dataclass
class Row:
    no: int
    cells: dict[int, list[Cell]] = field(default_factory=dict)   # column → its lines
    raw: list[Cell] = field(default_factory=list)    # a flattened row's cells, as they came

    def get(self, col: int, key: bool = False) -> list[str]:
        return [c.key if key else c.text for c in self.cells.get(col, []) if c.key.strip()]


def _cells(line: Line, sep: str) -> list[Cell]:
    if sep == "|":
        text, key = line.text.strip(" |｜"), line.key.strip(" |｜")
        spans = [(m.start(), m.end()) for m in PIPE.finditer(key)]
    elif sep == " ":
        text, key = line.text, line.key
        spans = [(m.start(), m.end()) for m in SPACED.finditer(key)]
    else:
        text, key = line.text, line.key
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(sep), key)]
    out, last = [], 0
    for s, e in spans + [(len(key), len(key))]:
        out.append(Cell(text[last:s].strip(), key[last:s].strip()))
        last = e
    return out


def _kinds(cells: list[Cell]) -> Optional[list[Optional[str]]]:
    """A header row's column kinds, or None if the row is no task-table header."""
    if len(cells) < 2:
        return None
    kinds = [V.column_kind(c.key) if c.key else None for c in cells]
    named = [k for k, c in zip(kinds, cells) if c.key]
    if not named or any(k is None for k in named) or len(named) < 2:
        return None
    if V.TASK not in named or not any(k in V.AGENCY_COLUMNS for k in named):
        return None
    return kinds


def _merge_header(upper: list[Optional[str]], lower_cells: list[Cell]) -> Optional[list[Optional[str]]]:
    """The second row of a two-row header (责任单位 over 牵头单位 | 配合单位)."""
    lower = [V.column_kind(c.key) if c.key else None for c in lower_cells]
    if not any(lower) or any(k is None and c.key for k, c in zip(lower, lower_cells)):
        return None
    width = max(len(upper), len(lower))
    return [(lower[i] if i < len(lower) and lower[i] else upper[i] if i < len(upper) else None)
            for i in range(width)]


def _columns(kinds: list[Optional[str]]) -> list[Optional[str]]:
    """Name each column's role; a later task column is detail, a 责任单位 column beside a
    牵头 column is the support."""
    out, seen_task = [], False
    has_lead = V.LEAD in kinds
    for k in kinds:
        if k == V.TASK:
            k = V.DETAIL if seen_task else V.TASK
            seen_task = True
        elif k == V.RESPONSIBLE and has_lead:
            k = V.SUPPORT
        out.append(k)
    return out


# --- what a cell holds, when the shape does not say which column it is in ---------------

def _cell_type(key: str) -> str:
    if V.ROW_NUMBER.match(key):
        return V.NUMBER
    if len(key) <= 9 and V.PERSON_TITLE.match(key):
        return V.PERSON                  # 周阳市长, 王某副县长: a leader, not a body
    if len(key) <= 24 and (V.DEADLINE.search(key) or V.ONGOING.match(key) or TIME_WORDS.search(key)):
        return V.TIME
    if _agency_list(key) or _closed_list(key):
        return "agencies"
    return V.TASK


def _closed_list(key: str) -> bool:
    """A cell's list of bodies closed with 。 (区工信局、区住建局、各乡镇人民政府。): every
    name of it ends as a body's name does, which no sentence's parts all do."""
    stripped = key.rstrip("。；; ")
    return stripped != key and "。" not in stripped and all(
        V.ORG_SUFFIX.search(p) for p in re.split(r"[、，,]", stripped) if p)


def _agency_list(key: str) -> bool:
    if "。" in key or len(key) > 200:
        return False
    parts = [p for p in re.split(r"[、，,；;/／\s]+", V.STARRED.sub("", key)) if p]
    return bool(parts) and all(2 <= len(p) <= 30 and (V.ORG_SUFFIX.search(p) or V.TRAILING.search(p)
                                                      or p.startswith("各"))
                               for p in parts)


def _place(row: Row, columns: list[Optional[str]], cell: Cell, last: list[int]) -> None:
    """Put one cell of a flattened row in the first column after the last one filled that
    takes what it holds; a second line of text goes on with the text before it."""
    kind = _cell_type(cell.key)
    task_col = next((i for i, k in enumerate(columns) if k == V.TASK), None)
    if kind == "agencies" and task_col is not None and task_col > last[0] and not row.cells.get(task_col) \
            and all(columns[i] not in V.AGENCY_COLUMNS for i in range(last[0] + 1, task_col)):
        kind = V.TASK        # the task comes first: 建立…服务咨询机构 is a task, not a body
    accepts = {V.NUMBER: (V.NUMBER,), V.TIME: (V.TIME,), "agencies": V.AGENCY_COLUMNS,
               V.PERSON: (V.PERSON,),
               V.TASK: (V.TASK, V.DETAIL, V.NOTE_COL, V.SECTION_COL, V.PERSON, V.OTHER, None)}[kind]
    prev = last[0]
    later = columns[prev + 1:]
    # A progress report's words (已完成…, 基本完成, 序时推进) in a table that has such a
    # column: that column, also where a merged 牵头单位 cell left nothing between.
    if kind in (V.TASK, V.TIME) and V.OTHER in later and prev >= 0 \
            and V.PROGRESS_CELL.match(cell.key):
        col = prev + 1 + later.index(V.OTHER)
        row.cells.setdefault(col, []).append(cell)
        last[0] = col
        return
    if prev >= 0 and columns[prev] in (V.OTHER, V.NOTE_COL) and (
            kind == V.TASK or (kind == V.TIME and V.TIME not in later)):
        row.cells[prev].append(cell)          # the progress report goes on (截至6月底…)
        return
    # A short name after the task, where a column of people follows: the person (叶林).
    if kind == V.TASK and V.PERSON in later and len(cell.key) <= 6 and not re.search(r"[，,。；;]", cell.key) \
            and prev >= 0 and columns[prev] in (V.TASK, V.DETAIL):
        col = prev + 1 + later.index(V.PERSON)
        row.cells.setdefault(col, []).append(cell)
        last[0] = col
        return
    if prev >= 0 and columns[prev] in (V.TASK, V.DETAIL) and kind == V.TASK:
        row.cells.setdefault(prev, []).append(cell)
        return
    if prev >= 0 and columns[prev] in V.AGENCY_COLUMNS and kind == "agencies" \
            and row.cells.get(prev) and row.cells[prev][-1].key.endswith(tuple("、，,")):
        row.cells[prev].append(cell)
        return
    for col in range(prev + 1, len(columns)):
        if columns[col] in accepts:
            row.cells.setdefault(col, []).append(cell)
            last[0] = col
            return
    # Nothing after it takes it: it is more of the text.
    text_cols = [i for i, k in enumerate(columns) if k in (V.TASK, V.DETAIL)]
    if text_cols:
        row.cells.setdefault(text_cols[-1], []).append(cell)


# --- the six shapes --------------------------------------------------------------------

class _Reader:
    def __init__(self, state: State):
        self.state = state
        self.raw: Optional[list[str]] = None
        self.seen: dict[int, Line] = {}      # a header's line is read again as the table's

    def raw_line(self, line: Line) -> Line:
        """The line as written, tabs included: `normalize` trimmed the empty cells at its ends."""
        if line.no in self.seen:
            return self.seen[line.no]
        if self.raw is None:
            self.raw = self.state.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        text = self.raw[line.no - 1] if 0 < line.no <= len(self.raw) else line.text
        text = text.replace("\u3000", " ")
        self.seen[line.no] = Line(line.no, text, simplified(text))
        return self.seen[line.no]

    def header(self, lines: list[Line], i: int):
        """(shape, columns, rows start) when a task-table header begins at line i."""
        key = lines[i].key
        if ":" in key[:17] or "：" in key[:17]:
            m = RECORD.match(key)
            if m and V.column_kind(m.group("label")) == V.TASK and any(
                    (r := RECORD.match(lines[j].key)) and V.column_kind(r.group("label")) in V.AGENCY_COLUMNS
                    for j in range(i + 1, min(i + 5, len(lines)))):
                return "record", RECORD_COLUMNS, i
        if len(key) > 160 or not any(w in key for w in _SCREEN):
            return None
        for sep in (V.CELL_SEP, "|"):
            if sep in key or (sep == "|" and "｜" in key):
                line = self.raw_line(lines[i]) if sep == V.CELL_SEP else lines[i]
                kinds = _kinds(_cells(line, sep))
                if kinds:
                    j = i + 1
                    while j < len(lines) and RULE_ROW.match(lines[j].key):
                        j += 1
                    if j < len(lines):
                        nxt = self.raw_line(lines[j]) if sep == V.CELL_SEP else lines[j]
                        merged = _merge_header(kinds, _cells(nxt, sep))
                        if merged:
                            kinds, j = merged, j + 1
                    return sep, _columns(kinds), j
        if SPACED.search(key.strip(" |｜│")):
            kinds = _kinds(_cells(lines[i], " "))
            if kinds and len(kinds) >= 3:
                return " ", _columns(kinds), i + 1
            return None
        # One header word per line (perhaps each closed by a bar).
        kinds, j = [], i
        while j < len(lines) and len(kinds) < 12:
            k = V.column_kind(lines[j].key) if len(lines[j].key) <= 14 else None
            if k is None:
                break
            kinds.append(k)
            j += 1
        if len(kinds) >= 3 and V.TASK in kinds and any(k in V.AGENCY_COLUMNS for k in kinds):
            return "\n", _columns(kinds), j
        return None

    def delimited(self, lines: list[Line], start: int, sep: str, columns) -> tuple[list, int]:
        rows: list = []
        j = start
        while j < len(lines):
            key = lines[j].key
            if sep == V.CELL_SEP and sep not in key:
                key = self.raw_line(lines[j]).key      # its only other cell was empty
            if not (sep in key or (sep == "|" and "｜" in key)):
                # A section heading between rows, written across the table as one line.
                nxt = lines[j + 1].key if j + 1 < len(lines) else ""
                if V.is_heading_only(key) and (sep in nxt or (sep == "|" and "｜" in nxt)):
                    rows.append(("section", lines[j]))
                    j += 1
                    continue
                break
            if RULE_ROW.match(key):
                j += 1
                continue
            line = self.raw_line(lines[j]) if sep == V.CELL_SEP else lines[j]
            cells = _cells(line, sep)
            row = Row(line.no)
            for col, cell in enumerate(cells[:len(columns)]):
                parts = zip(cell.text.split(V.CELL_BREAK), cell.key.split(V.CELL_BREAK))
                row.cells[col] = [Cell(t.strip(), k.strip()) for t, k in parts if k.strip()]
            rows.append(row)
            j += 1
        return rows, j

    def records(self, lines: list[Line], start: int) -> tuple[list, int]:
        """Records of “label: | value |” lines, each beginning at its task field; a line
        without a label goes on with the field before it."""
        rows: list = []
        col = None
        j = start
        while j < len(lines):
            line = lines[j]
            m = RECORD.match(line.key)
            if m:
                kind = V.column_kind(m.group("label"))
                if kind == V.TASK:
                    rows.append(Row(line.no))
                col = RECORD_COLUMNS.index(kind) if kind in RECORD_COLUMNS else RECORD_COLUMNS.index(V.OTHER)
                value = line.cut(m.start("value"), m.end("value"))
            elif rows and not V.is_end_matter(line.key):
                value = line.strip(" |｜")
            else:
                break
            if rows and col is not None and value.key:
                rows[-1].cells.setdefault(col, []).append(Cell(value.text, value.key))
            j += 1
        for row in rows:
            # The task's own number (135.统筹…) is its 序号.
            task = row.cells.get(1)
            if task:
                m = re.match(r"^(\d{1,4})[.．、]\s*", task[0].key)
                if m:
                    row.cells[0] = [Cell(m.group(1), m.group(1))]
                    task[0] = Cell(task[0].text[m.end():], task[0].key[m.end():])
        return rows, j

    def flattened(self, lines: list[Line], start: int, sep: str, columns) -> tuple[list, int]:
        """Rows of a table flattened into text: each row begins with its 序号; a line that
        is no cell (the document's own text again) ends the table."""
        rows: list = []
        numbered = V.NUMBER in columns
        last = [-1]
        j = start
        while j < len(lines):
            line = lines[j]
            key = line.key
            if V.is_end_matter(key) or self.header(lines, j) or (
                    V.ORG_NAME_LINE.match(key) and (j + 1 == len(lines) or V.DATE_LINE.match(lines[j + 1].key))):
                break                 # the signature (and its date) closes the table
            barred = sep == "\n" and key.endswith(("|", "｜", "│"))
            if barred:
                line = line.strip(" |｜│\u3000")     # a cell per line, each closed by a bar
                key = line.key
                if not key:
                    j += 1                           # a bar alone: the row's border
                    continue
            cells = _cells(line, " ") if sep == " " else [Cell(line.text, key)]
            first = cells[0].key
            section = V.SECTION.match(key) and not V.ROW_NUMBER.match(first) or \
                (V.SECTION.match(first) and len(cells) == 1 and not _agency_list(key))
            # (Sections with no row between them follow one another: 二、 三、 … 六、.)
            if section and (not rows or isinstance(rows[-1], tuple) or rows[-1].cells):
                rows.append(("section", line))
                last = [-1]
                j += 1
                continue
            starts = numbered and V.ROW_NUMBER.match(first) and _cell_type(first) == V.NUMBER \
                and not _far_from(first, rows, columns)
            # No 序号 column: a task that opens with its own number (2.始终坚持…) begins the
            # next row, once this one has its task.
            task_starts = not numbered and bool(rows) and isinstance(rows[-1], Row) and \
                bool(V.ITEM.match(key)) and any(columns[c] == V.TASK for c in rows[-1].cells)
            if starts or task_starts or not numbered and not rows:
                row = Row(line.no)
                rows.append(row)
                # A row begun by its task: the columns before it (牵头领导) were merged.
                last = [columns.index(V.TASK) - 1 if task_starts else -1]
            elif not rows or isinstance(rows[-1], tuple):
                break
            else:
                row = rows[-1]
                # The document's prose again: a long sentence once the row has its agencies
                # (a cell closed by its bar is a cell, however long).
                if sep == "\n" and not barred and "。" in key and len(key) > 60 and \
                        any(columns[c] in V.AGENCY_COLUMNS for c in row.cells) and \
                        not _closed_list(key):
                    break
            for cell in cells:
                if cell.key:
                    _place(row, columns, cell, last)
                    row.raw.append(cell)
            j += 1
        for row in rows:
            # As many cells as columns, and agencies where the agency columns are: each is
            # in its own column (a place, 纸坊街道, is no agency for being in a row that has
            # one). A merged cell left out makes the row shorter: read by what cells hold.
            if isinstance(row, Row) and len(row.raw) == len(columns) and sep == "\n" and all(
                    _fits(c.key, k) for c, k in zip(row.raw, columns)):
                row.cells = {i: [c] for i, c in enumerate(row.raw)}
        return rows, j


def _fits(key: str, column: Optional[str]) -> bool:
    """Whether a cell may be the one of its column, by what it holds."""
    kind = _cell_type(key)
    if column in V.AGENCY_COLUMNS:
        return kind == "agencies"
    if column in (V.TASK, V.NUMBER, V.PERSON):
        return kind == column or (column == V.TASK and kind == V.TIME)
    return True


def _far_from(first: str, rows: list, columns: list) -> bool:
    """A number that is not the next row's but a cell of this one: 2024 under 建设时间 or
    300 under 投资金额 after row 1, where such a column is still to come. (Rows may skip
    numbers, 3 then 68: a decomposition lists its own items only.)"""
    row = next((r for r in reversed(rows) if isinstance(r, Row)), None)
    if row is None or not row.raw:
        return False
    last, this = row.raw[0].key.strip("、.．"), first.strip("、.．")
    # The column the next cell would be in, counting the row's cells as they came.
    at = len(row.raw)
    takes_numbers = at < len(columns) and columns[at] in (V.OTHER, V.TIME, V.NOTE_COL, V.DETAIL, None)
    return last.isdigit() and this.isdigit() and takes_numbers and not 0 < int(this) - int(last) <= 2


BOX_CHARS = "│┃├┤┼┌┐└┘┬┴╋┣┫┏┓┗┛┳┻║╠╣╬╔╗╚╝╦╩"
BOX_SPLIT = re.compile(f"[{BOX_CHARS}]")
BOX_RULE = re.compile(r"^[─━═\-—\s]*[─━═][─━═\-—\s]*$")
# Detail lines under a task heading in one cell column: △进一步…, ▲…, ●….
BULLET = "△▲●◆■□○◇"


def _box_cells(key: str) -> list[str]:
    key = key.strip()
    if key and key[0] in BOX_CHARS:
        key = key[1:]
    if key and key[-1] in BOX_CHARS:
        key = key[:-1]
    return BOX_SPLIT.split(key)


def _boxed(lines: list[Line], i: int) -> Optional[tuple[list[Line], int]]:
    """A table drawn with box characters, from line i → one tab-separated line per row,
    and the index after it. Each column's text runs between the rules drawn across it, so a
    cell merged down several rows (a lead for a group of tasks) reaches each row it spans;
    the rows of the task column are the table's rows, and a row of details (△…) goes
    with the task heading above it."""
    j = i
    while j < len(lines) and any(c in BOX_CHARS for c in lines[j].key[:2] + lines[j].key[-2:]):
        j += 1
    if j - i < 3:
        return None
    grid = [(lines[k], _box_cells(lines[k].text), _box_cells(lines[k].key)) for k in range(i, j)]
    ncols = max(len(cells) for _, cells, _ in grid)
    if ncols < 2:
        return None
    # Each column's blocks: (first row, last row, line no, text parts, key parts).
    blocks: list[list[list]] = [[] for _ in range(ncols)]
    open_: list[Optional[list]] = [None] * ncols
    for r, (line, texts, keys) in enumerate(grid):
        if len(keys) != ncols:
            continue                      # a line the drawing does not cut into columns
        for c in range(ncols):
            k, t = keys[c].strip(), texts[c].strip()
            if BOX_RULE.match(keys[c]) and k:
                open_[c] = None
                continue
            if not k:
                if open_[c] is not None:
                    open_[c][1] = r
                continue
            if open_[c] is None:
                open_[c] = [r, r, line.no, [], []]
                blocks[c].append(open_[c])
            b = open_[c]
            b[1] = r
            if b[4] and k[0] in BULLET:
                b[3].append("；")
                b[4].append("；")
            b[3].append(t)
            b[4].append(k)
    if not blocks[0]:
        return None

    def joined(parts: list[str]) -> str:
        # Cells wrapped by the drawing's width: spaced letters (工 作 任 务) close up.
        return re.sub(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", "", "".join(parts))

    rows: list[tuple[int, int, int, list[list]]] = []     # first, last, line no, blocks per column
    for b in blocks[0]:
        spans = [[o for o in blocks[c] if o[0] <= b[1] and o[1] >= b[0]] for c in range(ncols)]
        if rows and b[4] and b[4][0][:1] in BULLET:
            first, _, no, have = rows[-1]
            for c in range(ncols):
                have[c] += [o for o in spans[c] if o not in have[c]]
            rows[-1] = (first, b[1], no, have)
            continue
        rows.append((b[0], b[1], b[2], spans))
    out = []
    for _, _, no, spans in rows:
        cells_t, cells_k = [], []
        for c in range(ncols):
            ts = [joined(o[3]) for o in spans[c]]
            ks = [joined(o[4]) for o in spans[c]]
            sep_t = "。" if c == 0 else V.CELL_BREAK
            cells_t.append(sep_t.join(ts))
            cells_k.append(sep_t.join(ks))
        out.append(Line(no, V.CELL_SEP.join(cells_t), V.CELL_SEP.join(cells_k)))
    return out, j


# --- rows → the lines the outline reads ---------------------------------------------------

def _joined(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and not out.endswith(tuple("。；;：:，,、")):
            out += "；"
        out += p
    return out


def _names(parts: list[str]) -> str:
    text = "、".join(p.strip("、，,；; 。") for p in parts)
    # 市发展改革委* (the lead among those listed) → 市发展改革委（牵头）
    return re.sub(r"\s*[*＊★☆]\s*", "（牵头）", text) if V.STARRED.search(text) else text


def _marker(number: str, ordinal: int) -> str:
    n = number.strip("、.．")
    if n.isdigit():
        return f"{int(n)}."
    if V.cn_to_int(n.strip("（()）")):
        return f"（{n.strip('（()）')}）"
    if V.ITEM.match(number):
        return number
    return f"{ordinal}."


def _synthesize(row: Row, columns, ordinal: int) -> Optional[Line]:
    def both(col_kind):
        cols = [i for i, k in enumerate(columns) if k == col_kind]
        return [c for i in cols for c in row.cells.get(i, []) if c.key]
    task = both(V.TASK) + both(V.DETAIL)
    if not task:
        return None
    number = both(V.NUMBER)
    marker = _marker(number[0].key if number else "", ordinal)
    title_t = _joined([c.text for c in task])
    title_k = _joined([c.key for c in task])
    if not number and V.ITEM.match(title_k):
        marker = ""                      # the task is numbered itself: 1.始终做到…
    if marker.endswith(".") and title_k[:1].isdigit():
        marker += " "       # 3.16010名学生… would read as the number 3.16010
    fields_t, fields_k = [], []
    for kind in (V.LEAD, V.SUPPORT, V.RESPONSIBLE, V.TIME):
        cells = both(kind)
        if cells:
            names = _names if kind != V.TIME else (lambda ps: "；".join(ps))
            fields_t.append(f"{LABELS[kind]}：{names([c.text for c in cells])}")
            fields_k.append(f"{LABELS[kind]}：{names([c.key for c in cells])}")
    note_t = f"（{'；'.join(fields_t)}）" if fields_t else ""
    note_k = f"（{'；'.join(fields_k)}）" if fields_k else ""
    end = "" if title_k.endswith(tuple("。；;")) else "。"
    return Line(row.no, f"{marker}{title_t}{end}{note_t}", f"{marker}{title_k}{end}{note_k}")


def _section_line(line: Line, n: int) -> Line:
    if V.SECTION.match(line.key):
        return line
    return Line(line.no, f"{chinese_number(n)}、{line.text}", f"{chinese_number(n)}、{line.key}")


def _is_section(row: Row, columns) -> Optional[Cell]:
    """A row of one text across the table (merged cells), or a 一、 heading with no
    agencies: a section heading, returned as its cell."""
    cells = [c for cs in row.cells.values() for c in cs]
    if not cells:
        return None
    if sum(1 for cs in row.cells.values() if cs) > 2 and len({c.key for c in cells}) == 1:
        return cells[0]
    agencies = any(row.cells.get(i) for i, k in enumerate(columns) if k in V.AGENCY_COLUMNS)
    if agencies:
        return None
    task = [c for i, k in enumerate(columns) if k in (V.TASK, V.DETAIL) for c in row.cells.get(i, [])]
    numbers = [c for i, k in enumerate(columns) if k == V.NUMBER for c in row.cells.get(i, [])]
    if len(task) == 1 and V.SECTION.match(task[0].key):
        return task[0]
    if numbers and task and V.cn_to_int(numbers[0].key.strip("、.．")) and len(task) == 1:
        n = numbers[0]
        return Cell(n.text.rstrip("、.．") + "、" + task[0].text, n.key.rstrip("、.．") + "、" + task[0].key)
    return None


def _entries(rows, columns) -> list:
    """Rows as sections and tasks; a row without a 序号 goes on from the one above (a cell
    cut over a page, or a second line of a merged row)."""
    out: list = []
    numbered = V.NUMBER in columns
    number_cols = [i for i, k in enumerate(columns) if k == V.NUMBER]
    for row in rows:
        if isinstance(row, tuple):
            out.append(row)
            continue
        if not row.cells:
            continue
        head = _is_section(row, columns)
        if head is not None:
            out.append(("section", Line(row.no, head.text, head.key)))
            continue
        has_number = any(row.cells.get(i) for i in number_cols)
        if numbered and not has_number and out and isinstance(out[-1], Row):
            prev = out[-1]
            for col, cells in row.cells.items():
                have = prev.cells.setdefault(col, [])
                text_col = columns[col] in (V.TASK, V.DETAIL, V.NOTE_COL)
                name_col = columns[col] in V.AGENCY_COLUMNS
                if have and cells and (text_col or name_col and not V.ORG_SUFFIX.search(have[-1].key)) \
                        and not have[-1].key.endswith(tuple("。；;，,、）)：:")):
                    # A cell a page break cut: its words go on.
                    have[-1] = Cell(have[-1].text + cells[0].text, have[-1].key + cells[0].key)
                    cells = cells[1:]
                have.extend(cells)
            continue
        out.append(row)
    return out


def _lines_of(rows, columns) -> list[Line]:
    out: list[Line] = []
    ordinal = section_no = 0
    section_col = [i for i, k in enumerate(columns) if k == V.SECTION_COL]
    current = None
    for entry in _entries(rows, columns):
        if isinstance(entry, tuple):
            section_no += 1
            out.append(_section_line(entry[1], section_no))
            continue
        if section_col:
            sec, sec_k = entry.get(section_col[0]), entry.get(section_col[0], key=True)
            if sec and sec_k[0] != current:
                current = sec_k[0]
                section_no += 1
                out.append(_section_line(Line(entry.no, sec[0], sec_k[0]), section_no))
        ordinal += 1
        line = _synthesize(entry, columns, ordinal)
        if line:
            out.append(line)
    return out


def run(state: State) -> None:
    reader = _Reader(state)
    lines = state.lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        key = lines[i].key
        if key[:1] in BOX_CHARS or key[-1:] in BOX_CHARS:
            boxed = _boxed(lines, i)
            if boxed:
                drawn, end = boxed
                for line in drawn:           # the rows as the reader reads them
                    reader.seen[line.no] = line
                if not reader.header(drawn, 0):
                    # A drawing that is no task table stays as it is, read once.
                    for line in drawn:
                        reader.seen.pop(line.no, None)
                    out.extend(lines[i:end])
                    i = end
                    continue
                lines = lines[:i] + drawn + lines[end:]
        found = reader.header(lines, i)
        if not found:
            out.append(lines[i])
            i += 1
            continue
        sep, columns, start = found
        if sep == "record":
            rows, end = reader.records(lines, start)
        elif sep in (V.CELL_SEP, "|"):
            rows, end = reader.delimited(lines, start, sep, columns)
        else:
            rows, end = reader.flattened(lines, start, sep, columns)
        made = _lines_of(rows, columns)
        if not any(V.ITEM.match(line.key) for line in made):
            out.append(lines[i])
            i += 1
            continue
        state.tables.append((lines[i].no, len([r for r in rows if isinstance(r, Row)])))
        state.table_rows.update(line.no for line in made)
        out.extend(made)
        i = end
    state.lines = out
