"""PDF → text, from its text layer (pdfplumber, over pdfminer.six).

A government PDF is set for print: a page footer (— 3 —) and perhaps a header on every
page, paragraphs wrapped at the right margin, a title centred over two lines, and the
分工表 drawn as a ruled table. We keep the words and undo the layout: repeated and
page-number lines at the page edges go, a line that runs to the right margin goes on in the
next line, and ruled tables come out as rows (`rows.py`), merged cells filled in. A PDF with
no text layer (a scan) is named as such; with `--ocr` and ocrmypdf installed it is read
through OCR first.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Optional

from ..errors import MatrixError
from ..parse.vocab import is_heading_only, starts_structure
from ..text import squeeze
from .rows import CELL_BREAK, row_line

EDGE = 0.09                 # the top and bottom 9 % of a page hold its header and footer
PAGE_NUMBER = re.compile(r"^[\s\-—–－~·第]*\d{1,4}[\s\-—–－~·页]*(?:/\s*\d{1,4}\s*)?(?:共\s*\d+\s*页)?$")
OCR_TIMEOUT = 600
NAME_ENDS, NAME_STARTS = set("局委办厅院会部室所站队"), set("区市县省自州盟镇乡街各")


def pdf_text(data: bytes, where: str, ocr: bool = False, path: Optional[Path] = None) -> tuple[str, tuple[str, ...]]:
    pages = _pages(data, where)
    if not any(p.strip() for p in pages):
        if not ocr:
            raise MatrixError("PDF 没有文字层（扫描件），无法读取文字；可安装 ocrmypdf 和中文语言包 "
                              "tesseract-ocr-chi-sim 后加 --ocr 重试", where)
        text = "\n".join(_pages(_ocr(data, where), where))
        if not text.strip():
            raise MatrixError("OCR 后仍没有文字", where)
        return text, ("OCR",)
    return "\n".join(pages), ()


def _open(data: bytes, where: str):
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError:  # pragma: no cover - a dependency of the package
        raise MatrixError("需要 pdfplumber 才能读取 PDF（pip install pdfplumber）", where) from None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - reading the page tree is where damage shows
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise MatrixError("PDF 已加密，请先去除密码保护", where) from None
    except Exception as e:   # PDFSyntaxError, and the many kinds pdfminer raises for a damaged file
        if "password" in str(e).lower() or "encrypt" in str(e).lower():
            raise MatrixError("PDF 已加密，请先去除密码保护", where) from None
        raise MatrixError(f"PDF 文件已损坏，无法读取（{e.__class__.__name__}）", where) from None


def _pages(data: bytes, where: str) -> list[str]:
    pdf = _open(data, where)
    try:
        try:
            read = [_page(page) for page in pdf.pages]
        except Exception as e:  # pdfminer raises many kinds for a damaged page
            raise MatrixError(f"PDF 页面无法读取（{e.__class__.__name__}）", where) from None
    finally:
        pdf.close()
    # A header or footer is what recurs at the same edge of most pages.
    edge_counts = Counter(t for _, edges in read for t in set(edges))
    recurring = {t for t, n in edge_counts.items() if len(read) >= 3 and n >= len(read) * 0.6}
    out = []
    for body, edges in read:
        kept = [t for t in edges if t not in recurring and not PAGE_NUMBER.match(t)]
        # An edge line that is neither stays where it was, before the body (a title high up).
        out.append("\n".join(kept + body) if kept else "\n".join(body))
    return out


def _page(page) -> tuple[list[str], list[str]]:
    """One page → (body lines, text at the page's top and bottom edges)."""
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 2]
    boxes = [t.bbox for t in tables]

    def in_table(line) -> bool:
        cx, cy = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    lines = [ln for ln in page.extract_text_lines(return_chars=True, strip=True) if ln["text"].strip()]
    height = float(page.height)
    edges, body_lines = [], []
    for ln in lines:
        if in_table(ln):
            continue
        if ln["bottom"] < height * EDGE or ln["top"] > height * (1 - EDGE):
            edges.append(squeeze(ln["text"]))
        else:
            body_lines.append(ln)
    blocks: list[tuple[float, list[str]]] = [(t.bbox[1], _table_rows(t)) for t in tables]
    blocks += [(ln["top"], [ln]) for ln in body_lines]
    blocks.sort(key=lambda b: b[0])
    body: list[str] = []
    left, right, size = _margins(body_lines)
    prev = None
    for _, block in blocks:
        if isinstance(block[0], str):
            body += block
            prev = None
            continue
        ln = block[0]
        text = squeeze(ln["text"])
        if prev is not None and _wrapped(prev, ln, left, right, size):
            body[-1] = _glue(body[-1], text)
        else:
            body.append(text)
        prev = ln
    return body, edges


def _margins(lines) -> tuple[float, float, float]:
    if not lines:
        return 0.0, 0.0, 10.0
    sizes = Counter(round(c["size"]) for ln in lines for c in ln["chars"][:3])
    size = float(sizes.most_common(1)[0][0]) if sizes else 10.0
    lefts = Counter(round(ln["x0"]) for ln in lines)
    rights = sorted(ln["x1"] for ln in lines)
    left = float(min(v for v, n in lefts.items() if n >= lefts.most_common(1)[0][1] * 0.3))
    right = rights[int(len(rights) * 0.9)] if len(rights) >= 3 else rights[-1]
    return left, right, size


def _wrapped(prev, ln, left: float, right: float, size: float) -> bool:
    """`ln` goes on from `prev`: prev ran to the right margin, and ln starts at the left one
    (a new paragraph is indented two characters, a centred title is neither)."""
    # A heading or an item starts afresh; a heading that fills the line is still a heading
    # (the parser's `joins` rule, with its words).
    if prev["x1"] < right - size * 2.5 or starts_structure(ln["text"].strip()) or \
            is_heading_only(prev["text"].strip()):
        return False
    if ln["x0"] > left + size * 0.6 or ln["top"] - prev["bottom"] > size * 1.5:
        return False
    return True


def _glue(a: str, b: str) -> str:
    return a + (" " if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else "") + b


def _cell_lines(page, bbox) -> str:
    """A cell's text: a line that runs to the cell's right edge goes on in the next (the
    cell's width wrapped it); a shorter one ends an item (one agency per line)."""
    try:
        lines = page.crop(bbox).extract_text_lines(strip=True)
    except ValueError:
        return ""
    out = ""
    size = 10.0
    for i, ln in enumerate(lines):
        text = squeeze(ln["text"])
        if not text:
            continue
        if i and out:
            prev = lines[i - 1]
            size = (prev["bottom"] - prev["top"]) or size
            wrapped = prev["x1"] >= bbox[2] - size * 1.8
            # 区人力社保局 / 区税务局 fill a narrow column each: two names, not one wrapped.
            if wrapped and out[-1:] in NAME_ENDS and text[:1] in NAME_STARTS:
                wrapped = False
            out += "" if wrapped else CELL_BREAK
        out += text
    return out


def _table_rows(table) -> list[str]:
    """A ruled table's rows; a merged cell's text in every grid position it covers."""
    cells = {}
    for row in table.rows:
        for bbox in row.cells:
            if bbox is not None:
                cells[bbox] = _cell_lines(table.page, bbox)
    xs = sorted({round(b[0], 1) for b in cells} | {round(b[2], 1) for b in cells})
    out = []
    for row in table.rows:
        top, bottom = row.bbox[1], row.bbox[3]
        line = []
        for x0, x1 in zip(xs, xs[1:]):
            cx, cy = (x0 + x1) / 2, (top + bottom) / 2
            hit = next((b for b in cells if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)
            line.append(cells.get(hit, "") if hit else "")
        out.append(row_line(line).replace("\n", CELL_BREAK))
    return [r for r in out if r]


def _ocr(data: bytes, where: str) -> bytes:
    tool = shutil.which("ocrmypdf")
    if not tool:
        raise MatrixError("--ocr 需要 ocrmypdf 和中文语言包（apt install ocrmypdf tesseract-ocr-chi-sim）", where)
    with tempfile.TemporaryDirectory(prefix="matrix-ocr-") as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(data)
        try:
            done = subprocess.run([tool, "-q", "-l", "chi_sim", "--force-ocr", str(src), str(dst)],
                                  capture_output=True, timeout=OCR_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise MatrixError(f"OCR 超过 {OCR_TIMEOUT} 秒仍未完成", where) from None
        if done.returncode != 0 or not dst.exists():
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise MatrixError(f"OCR 失败：{err[-1] if err else done.returncode}", where)
        return dst.read_bytes()
