"""File → text: any common encoding of .txt, and .docx (numbered lists included).

Offices send UTF-8 with or without BOM, GB18030/GBK from older Windows tools, UTF-16 from
Word's "save as Unicode text"; we detect it rather than ask.
"""
from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import MatrixError

SUPPORTED = (".txt", ".docx")


@dataclass
class SourceText:
    text: str
    encoding: str
    sha256: str


def read(path: Path) -> SourceText:
    path = Path(path)
    if not path.exists():
        raise MatrixError("no such file", str(path))
    if path.is_dir():
        raise MatrixError("is a folder, not a document", str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise MatrixError(f"unsupported file type '{suffix or '(none)'}' (use .txt or .docx)",
                          str(path))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise MatrixError("empty file", str(path))
    if suffix == ".docx":
        return SourceText(docx_text(data, str(path)), "docx", digest)
    text, encoding = decode(data, str(path))
    return SourceText(text, encoding, digest)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: most code units of CJK/ASCII text put a NUL in one byte half."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > half * 0.2 and even_nul < half * 0.05:
        return "utf-16-le"
    if even_nul > half * 0.2 and odd_nul < half * 0.05:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Decoded text should be mostly CJK, ASCII and punctuation, with no control characters."""
    if not text:
        return False
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\r\n\t\f") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad / len(text) < 0.001


def decode(data: bytes, where: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", where, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", where, "utf-16")
    utf16 = _looks_utf16(data)
    if utf16:
        return _strict(data, utf16, where, "utf-16")
    if b"\x00" in data:
        raise MatrixError("binary file, not a text document", where)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # a detector failure must not hide the real problem below
        best = None
    if best is not None and best.encoding and _plausible(str(best)):
        return str(best), best.encoding
    raise MatrixError("cannot tell the text encoding (not UTF-8, GB18030 or UTF-16)", where,
                      _line_of(data, utf8_error.start))


def _strict(data: bytes, codec: str, where: str, name: str) -> tuple[str, str]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise MatrixError(f"undecodable bytes for {name}", where,
                          _line_of(data, e.start)) from None
    return text.lstrip("\ufeff"), name


# --- .docx ------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (the forms item numbers use)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return _CN_DIGITS[n // 100] + "百" + tail


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "chineseLegalSimplified", "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "bullet":
        return ""
    return str(n)


def docx_text(data: bytes, where: str) -> str:
    """Paragraph text of a .docx, with Word's automatic list numbers written out.

    Word stores "（一）" of a numbered list as numbering, not text; without rendering it
    the parser would see no measures at all.
    """
    import io
    try:
        import docx  # python-docx
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise MatrixError(f"not a readable .docx ({e.__class__.__name__})", where) from None
    except Exception as e:  # python-docx raises its own types for broken packages
        raise MatrixError(f"not a readable .docx ({e})", where) from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    levels = _numbering_levels(document)
    counters: dict[tuple[str, int], int] = {}
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}tbl"):
            # A table's rows, in place, one line each (cells joined by tabs).
            for row in Table(child, document).rows:
                lines.append("\t".join(c.text for c in row.cells))
            continue
        if not child.tag.endswith("}p"):
            continue
        para = Paragraph(child, document)
        text = para.text
        num = _num_of(para)
        if num and num[0] in levels:
            num_id, ilvl = num
            fmt, lvl_text, start = levels[num_id].get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
            key = (num_id, ilvl)
            counters[key] = counters.get(key, start - 1) + 1
            for deeper in [k for k in counters if k[0] == num_id and k[1] > ilvl]:
                del counters[deeper]
            label = re.sub(r"%(\d)", lambda m: _format_number(
                counters.get((num_id, int(m.group(1)) - 1), 1), fmt), lvl_text)
            text = label + text
        lines.append(text)
    return "\n".join(lines)


def _num_of(para) -> tuple[str, int] | None:
    """The list (numId, level) of a paragraph: its own, else its style's (a numbered style
    such as Word's “List Number”), following base styles."""
    from docx.oxml.ns import qn
    ppr = para._p.pPr
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    style = para.style if numpr is None else None
    while numpr is None and style is not None:
        sppr = style.element.pPr
        numpr = sppr.find(qn("w:numPr")) if sppr is not None else None
        style = style.base_style
    if numpr is None:
        return None
    num_id = numpr.find(qn("w:numId"))
    ilvl = numpr.find(qn("w:ilvl"))
    if num_id is None:
        return None
    return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0


def _numbering_levels(document) -> dict[str, dict[int, tuple[str, str, int]]]:
    """numId → {level: (numFmt, lvlText, start)} from the numbering part, if any."""
    from docx.oxml.ns import qn
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for an in numbering.findall(qn("w:abstractNum")):
        lv = {}
        for lvl in an.findall(qn("w:lvl")):
            def val(tag, default):
                el = lvl.find(qn(tag))
                return el.get(qn("w:val")) if el is not None else default
            lv[int(lvl.get(qn("w:ilvl")))] = (val("w:numFmt", "decimal"), val("w:lvlText", ""),
                                              int(val("w:start", "1")))
        abstract[an.get(qn("w:abstractNumId"))] = lv
    out = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None and ref.get(qn("w:val")) in abstract:
            out[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]
    return out
