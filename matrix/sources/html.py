"""A saved web page (.html/.htm) → the document's own text.

A government site wraps the document in furniture: navigation, a breadcrumb, a metadata
table (索引号, 发布日期), share and print buttons, related links, a footer. The document is
the block of the page that holds most of its Chinese prose; we keep that block's paragraphs
in order, its tables as rows (`rows.py`), and the metadata lines just above it (the site's
标题/文号 fields, which the parser's `noise` rule reads as metadata, never as text). Built on
the standard library's HTML parser: see the README for why not a general extractor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Optional

from ..errors import MatrixError
from ..i18n import _
from .encoding import decode
from .rows import row_line

SKIP = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "button", "select",
        "option", "form", "input", "textarea", "head", "object"}
FURNITURE_TAGS = {"nav", "header", "footer", "aside", "menu"}
FURNITURE_WORDS = re.compile(r"(?:^|[\s_-])(?:nav|menu|header|footer|foot|breadcrumb|crumb|share|bdshare|"
                             r"sidebar|side|related|relate|link|links|copyright|toolbar|print|"
                             r"top-?bar|search|login|banner|logo|weixin|qrcode|ewm)(?:$|[\s_-]|\d)", re.I)
BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
         "h6", "br", "tr", "table", "center", "blockquote", "pre", "dd", "dt", "dl", "hr", "body",
         "font"}
CJK = re.compile(r"[\u4e00-\u9fff]")
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)


@dataclass
class Node:
    tag: str
    furniture: bool
    parent: Optional["Node"] = None
    parts: list = field(default_factory=list)     # str lines, Table, or Node, in order


@dataclass
class Table:
    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)   # (text, rowspan, colspan)

    def lines(self) -> list[str]:
        grid: dict[tuple[int, int], str] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for text, rowspan, colspan in row:
                while (r, c) in grid:
                    c += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[(r + dr, c + dc)] = text
                c += colspan
        width = max((c for _, c in grid), default=-1) + 1
        return [row_line([grid.get((r, c), "") for c in range(width)]) for r in range(len(self.rows))]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", False)
        self.node = self.root
        self.skip = 0
        self.buf: list[str] = []
        self.tables: list[Table] = []
        self.cell: Optional[list[str]] = None
        self.cell_span = (1, 1)
        self.title = ""
        self.in_title = False

    # Text within a block gathers into one line; a block boundary ends the line.
    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\xa0]+", " ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.node.parts.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if self.skip or tag in SKIP:
            if tag in SKIP and tag not in ("input", "br", "hr"):
                self.skip += 1
            return
        a = dict(attrs)
        if tag == "table":
            self.flush()
            table = Table()
            self.tables.append(table)
            self.node.parts.append(table)
            return
        if self.tables and tag == "tr":
            self.tables[-1].rows.append([])
            return
        if self.tables and tag in ("td", "th"):
            self.cell = []
            self.cell_span = (_int(a.get("rowspan")), _int(a.get("colspan")))
            return
        if self.cell is not None:
            if tag in ("br", "p", "div", "li"):
                self.cell.append("\n")
            return
        if tag in BLOCK:
            self.flush()
        if tag in ("br", "hr"):
            return
        if tag in BLOCK or tag in FURNITURE_TAGS:
            marks = " ".join(filter(None, (a.get("class"), a.get("id"), a.get("role"))))
            furniture = tag in FURNITURE_TAGS or bool(marks and FURNITURE_WORDS.search(marks))
            child = Node(tag, furniture, self.node)
            self.node.parts.append(child)
            self.node = child

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.cell is not None and self.tables:
            text = re.sub(r"[ \t\r\xa0]+", " ", "".join(self.cell))
            if self.tables[-1].rows:
                self.tables[-1].rows[-1].append((text.strip(), *self.cell_span))
            self.cell = None
            return
        if tag == "table" and self.tables:
            self.tables.pop()
            return
        if self.cell is not None or (self.tables and tag == "tr"):
            return
        if tag in BLOCK or tag in FURNITURE_TAGS:
            self.flush()
            # Close up to the matching open block (pages leave tags unclosed).
            n = self.node
            while n is not self.root and n.tag != tag:
                n = n.parent
            if n is not self.root:
                self.node = n.parent

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.buf.append(data)


def _int(v) -> int:
    try:
        return max(1, min(int(v), 200))
    except (TypeError, ValueError):
        return 1


def _cjk(node: Node) -> int:
    n = 0
    for p in node.parts:
        if isinstance(p, str):
            n += len(CJK.findall(p))
        elif isinstance(p, Table):
            n += sum(len(CJK.findall(line)) for line in p.lines())
        elif not p.furniture:
            n += _cjk(p)
    return n


def _lines(node: Node) -> list[str]:
    out = []
    for p in node.parts:
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, Table):
            out += [line for line in p.lines() if line]
        elif not p.furniture:
            out += _lines(p)
    return out


def _main(root: Node) -> Node:
    """The smallest block that holds most of the page's Chinese text: the document; and
    the block around it when that adds only a little (the title and date set above it)."""
    total = _cjk(root)
    node = root
    while True:
        kids = [p for p in node.parts if isinstance(p, Node) and not p.furniture]
        best = max(kids, key=_cjk, default=None)
        if best is None or _cjk(best) < total * 0.6:
            break
        node = best
    while node.parent is not None and node.parent is not root and _cjk(node.parent) <= _cjk(node) * 1.25:
        node = node.parent
    return node


def html_text(data: bytes, where: str) -> tuple[str, str]:
    declared = META_CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else None
    if encoding in ("gb2312", "gbk"):
        encoding = "gb18030"       # pages that say gb2312 often hold GBK characters
    try:
        text = data.decode(encoding) if encoding else None
    except (LookupError, UnicodeDecodeError):
        text = None
    if text is None:
        text, encoding = decode(data, where)
    page = _Page()
    try:
        page.feed(text)
        page.close()
    except Exception as e:  # html.parser is lenient; anything else is a broken file
        raise MatrixError(f"网页无法解析（{e.__class__.__name__}）", where) from None
    page.flush()
    main = _main(page.root)
    lines = _lines(main)
    if sum(len(CJK.findall(line)) for line in lines) < 20:
        raise MatrixError(_("no document text found in the web page"), where)
    return "\n".join(lines), encoding or "utf-8"
