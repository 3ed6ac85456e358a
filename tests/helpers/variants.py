"""Make the variants of a document that real users send: other encodings, CRLF, .docx."""
from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")


def save_encoded(text: str, path: Path, encoding: str, crlf: bool = False, bom: bool = False) -> Path:
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def save_docx(text: str, path: Path, word_numbering: bool = False) -> Path:
    """One paragraph per line. With word_numbering, （一）-style markers are removed from the
    text and made Word list numbers (chineseCounting, “（%1）”), as Word itself stores them."""
    document = docx.Document()
    num_id = None
    if word_numbering:   # each numbered item is its own paragraph in a real Word list
        text = re.sub(r"(?<=。)[ \u3000]+(?=[（(][一二三四五六七八九十]+[）)])", "\n", text)
    for line in text.split("\n"):
        if word_numbering:   # Word keeps bookmarks as markup, never as text
            line = re.sub(r"\[bookmark:[^\]]*\]", "", line)
        para = document.add_paragraph()
        m = ITEM.match(line.strip()) if word_numbering else None
        if m:
            if num_id is None or m.group(1) == "一":   # a list that restarts is a new w:num
                num_id = _add_chinese_numbering(document, first=num_id is None)
            line = line.strip()[m.end():]
            ppr = para._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                                 f'<w:numId w:val="{num_id}"/></w:numPr>'))
        para.add_run(line)
    document.save(path)
    return path


def _add_chinese_numbering(document, first: bool) -> str:
    numbering = document.part.numbering_part.element
    new_id = str(90 + len(numbering.findall(qn("w:num"))))
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{new_id}"><w:abstractNumId w:val="90"/></w:num>')
    if not first:
        numbering.append(num)
        return new_id
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/>'
        '</w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return new_id
